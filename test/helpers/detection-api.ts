/** A camera's detection through the relay's admin route, as the Admin area sets and reads it (shared/detection.ts). */
import type { DetectCameraLooks } from '../../shared/detect-capacity.js';
import type { DetectionAnswer } from '../../shared/detection.js';
import { sameOrigin } from '../security/helpers/session.js';
import type { TestServer } from './server.js';

/** PUTs a change of `camera`'s detection settings with a signed-in admin's `cookie`; the answer's status. */
export async function setDetection(s: TestServer, cookie: string, camera: string, change: Record<string, unknown>): Promise<number> {
  const res = await fetch(`${s.url}/api/cameras/${camera}/detection`, {
    method: 'PUT',
    headers: { cookie, ...sameOrigin(s), 'content-type': 'application/json' },
    body: JSON.stringify(change),
  });
  await res.body?.cancel();
  return res.status;
}

/** What the relay says of `camera`'s detection, with its looks over the last minute. */
export async function getDetection(s: TestServer, cookie: string, camera: string): Promise<DetectionAnswer & DetectCameraLooks> {
  return (await (await fetch(`${s.url}/api/cameras/${camera}/detection`, { headers: { cookie } })).json()) as DetectionAnswer & DetectCameraLooks;
}
