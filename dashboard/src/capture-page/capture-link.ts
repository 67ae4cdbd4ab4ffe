/**
 * The capture link a phone opens: `<relay>/capture#camera=<id>&token=<secret>`. The token rides in
 * the fragment, which a browser never sends to a server, so it stays out of access logs, proxies'
 * logs and Referer headers; a query string would leak it to all three.
 */
import { relayUrl } from '../../../common/relay-url.js';
import { CAMERA_ID_PATTERN } from '../../../shared/protocol.js';

/** What the capture page was opened with: a camera id and a token, each possibly missing. */
export interface CaptureFragment {
  cameraId: string | null;
  token: string | null;
  /** Set when the link names the camera id but it is not one the relay would take. */
  badCameraId: string | null;
}

/** Reads `#camera=…&token=…` (`location.hash`, with or without its `#`). */
export function parseCaptureFragment(hash: string): CaptureFragment {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const camera = params.get('camera')?.trim() || null;
  const token = params.get('token')?.trim() || null;
  const valid = camera !== null && CAMERA_ID_PATTERN.test(camera);
  return { cameraId: valid ? camera : null, token, badCameraId: camera !== null && !valid ? camera : null };
}

/** The capture page's address for this relay (`server` may carry a reverse proxy's sub-path). */
export function capturePageUrl(server: string): string {
  return relayUrl(server, 'capture');
}

/** The link that turns a phone into camera `cameraId`, its token in the fragment. */
export function captureLink(server: string, cameraId: string, token: string): string {
  return `${capturePageUrl(server)}#${new URLSearchParams({ camera: cameraId, token })}`;
}

/** True when a token came in the query string: the page says so, since it has already been logged on the way. */
export function tokenInQuery(search: string): boolean {
  return new URLSearchParams(search).has('token');
}
