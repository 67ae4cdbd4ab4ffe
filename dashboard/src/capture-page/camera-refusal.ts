/** What the capture page says when the browser will not give it the camera. Pure. */
import type { Refusal } from '../../../common/capture/refusals.js';

/** The words for a failed `getUserMedia` (its DOMException name), or a page that cannot ask at all. */
export function cameraRefusal(name: string, message: string): Refusal {
  const known: Record<string, Omit<Refusal, 'code'>> = {
    INSECURE_CONTEXT: {
      title: 'This browser allows the camera only on HTTPS pages (or on localhost), and this page came over plain HTTP.',
      fix: 'Serve the relay over HTTPS (--tls-cert and --tls-key, or a reverse proxy with a certificate) and open the https:// link. See docs/browser-camera.md.',
      retry: false,
    },
    NO_MEDIA_DEVICES: {
      title: 'This browser cannot give a page the camera.',
      fix: 'Open the link in a current Chrome, Safari, Firefox or Edge.',
      retry: false,
    },
    NotAllowedError: {
      title: 'The camera permission was refused.',
      fix: "Allow the camera for this site (the camera icon or padlock in the address bar, or the browser's site settings), then press Start.",
      retry: true,
    },
    NotFoundError: { title: 'This device has no camera the browser can use.', fix: 'Plug a camera in, or open the link on a phone.', retry: true },
    NotReadableError: { title: 'The camera is busy or blocked.', fix: 'Close the other app or tab using it (a video call), then press Start.', retry: true },
    OverconstrainedError: {
      title: 'The picked camera cannot be opened with these settings.',
      fix: 'Pick another camera or a smaller size, then press Start.',
      retry: true,
    },
    CAMERA_ENDED: {
      title: 'The camera stopped: the phone locked, the tab was hidden, or another app took the camera.',
      fix: 'Keep this page in front with the screen on; press Start to send again.',
      retry: true,
    },
    ENCODE_FAILED: { title: 'This browser could not encode the camera picture as JPEG.', fix: 'Try a smaller size, or another browser.', retry: true },
  };
  return { code: name, ...(known[name] ?? { title: `The camera could not start: ${message}`, fix: 'Press Start to try again.', retry: true }) };
}
