/**
 * What the capture page says when it cannot send: the server's stable error codes and the
 * browser's camera errors, each as what happened and what to do about it. Pure.
 */

export interface Refusal {
  /** The code shown with the message: the server's (`BAD_TOKEN`) or the browser's (`NotAllowedError`). */
  code: string;
  title: string;
  fix: string;
  /** True when trying again as is can work (a wait, a network blip); false when something must change first. */
  retry: boolean;
}

const ASK_ADMIN = 'Ask an admin for a new capture link: Live Monitor → Admin → Camera tokens → Create token, then scan its QR code.';

/** The words for a refusal from the relay (`connect_error` data, an HTTP error body, a `kicked` event). */
export function serverRefusal(code: string, message: string, cameraId: string): Refusal {
  const known: Record<string, Omit<Refusal, 'code'>> = {
    BAD_TOKEN: { title: `The relay refused this link's token for camera "${cameraId}".`, fix: ASK_ADMIN, retry: false },
    REVOKED: { title: `The token of this link was revoked: camera "${cameraId}" may not send with it any more.`, fix: ASK_ADMIN, retry: false },
    TOO_MANY_ATTEMPTS: {
      title: 'The relay is refusing this device for now after too many wrong tokens.',
      fix: `${message} Then press Start again.`,
      retry: true,
    },
    FORBIDDEN: {
      title: 'This account may not send a camera: only admins may.',
      fix: 'Sign in as an admin, or ask an admin for a capture link (Admin → Camera tokens → QR code).',
      retry: false,
    },
    AUTH_REQUIRED: {
      title: 'Not signed in, and this page was not opened from a capture link.',
      fix: 'Scan the QR code an admin makes in Admin → Camera tokens, or sign in on the Live Monitor as an admin and come back.',
      retry: false,
    },
    BAD_CAMERA_ID: {
      title: `"${cameraId}" is not a camera id the relay takes.`,
      fix: 'Use 1-64 letters, digits, "_" or "-", starting with a letter or digit.',
      retry: false,
    },
    TOO_MANY_CAMERAS: {
      title: 'The relay already has as many cameras as it is set to take.',
      fix: 'Delete a camera in Admin, or raise CAMRELAY_MAX_CAMERAS.',
      retry: false,
    },
    TAKEN_OVER: {
      title: `Another capture client connected as camera "${cameraId}" and took it over.`,
      fix: 'Only one device can send a camera id at a time. Press Start to take it back.',
      retry: false,
    },
    BAD_ORIGIN: { title: 'The relay does not take requests from this address.', fix: message, retry: false },
  };
  return { code, ...(known[code] ?? { title: message, fix: 'Press Start to try again.', retry: true }) };
}

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
