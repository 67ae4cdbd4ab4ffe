/**
 * What the program waits for while its source starts, said at once: ffmpeg can take 10 s to open a camera (or
 * give up), an IP camera longer, and a program that prints nothing meanwhile looks hung (#37 item 17).
 */
import type { CaptureCommand } from './cli.js';
import { maskUrl } from './sources/camera-url.js';
import type { SourceName } from './sources/source.js';

/** The camera as the user named it: `camera "Integrated Camera"`, `camera 0`, or `the first camera`. */
function cameraName(device: string | undefined): string {
  if (device === undefined) return 'the first camera';
  return /^\d+$/.test(device) ? `camera ${device}` : `camera "${device}"`;
}

/**
 * `Waiting for ffmpeg to open camera "Integrated Camera"…`, or null for a source that starts at once (a folder,
 * the test pattern). A camera URL is named with its password masked.
 */
export function openingWords(source: SourceName, command: Pick<CaptureCommand, 'device' | 'url' | 'path'>, platform = process.platform): string | null {
  switch (source) {
    case 'ffmpeg':
      return `Waiting for ffmpeg to open ${cameraName(command.device)}…`;
    case 'webcam':
      // Windows runs ffmpeg for it (webcam.ts); Linux and macOS a still-capture tool per frame.
      return platform === 'win32'
        ? `Waiting for ffmpeg to open ${cameraName(command.device)}…`
        : `Waiting for the first still of ${cameraName(command.device)}…`;
    case 'rtsp':
    case 'mjpeg':
    case 'snapshot':
      return `Waiting for the camera at ${command.url === undefined ? 'its address' : maskUrl(command.url)} to send its first picture…`;
    default:
      return null;
  }
}

/** Said before the listing that picks the source when none is given (it runs ffmpeg too, on Windows and macOS). */
export const LOOKING_WORDS = 'Looking for cameras (no --source given)…';
