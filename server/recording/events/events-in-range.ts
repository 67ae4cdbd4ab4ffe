/**
 * The events of a time range across the cameras the caller may view, as `GET /api/events` and the review page
 * (server/review) both read them: the range parsed (`day`, or `from`/`to`), the cameras the caller may view (one,
 * when the request names it, else UNKNOWN_CAMERA), and their records newest first. With no recording module there
 * are no events: an empty list, not an error.
 */
import type { Request } from 'express';
import { CamrelayError } from '../../../shared/errors.js';
import { fail, ok, type Result } from '../../../shared/result.js';
import { validateCameraId } from '../../../shared/validate.js';
import { canView, type Principal } from '../../auth/authenticator.js';
import type { RecordingManager } from '../recording-manager.js';
import { parseRange } from '../routes.js';
import type { EventRecord } from '../segment-files.js';

/** The cameras `principal` may view of those `manager` has recorded; `raw` (a request's `camera`) names one, or is undefined for all. */
export async function viewableCameras(manager: RecordingManager | undefined, principal: Principal, raw: unknown): Promise<Result<string[]>> {
  if (raw !== undefined) {
    const id = validateCameraId(raw);
    if (!id.ok) return id;
    if (!canView(principal, id.value)) return fail(new CamrelayError('UNKNOWN_CAMERA'));
    return ok([id.value]);
  }
  return ok(manager ? (await manager.cameras()).filter((c) => canView(principal, c)) : []);
}

/** The event records of the range `query` gives (`from`/`to` or `day`, and `camera`), newest first. */
export async function eventsInRange(
  manager: RecordingManager | undefined,
  principal: Principal,
  query: Request['query'],
  now: number,
): Promise<Result<{ from: number; to: number; events: EventRecord[] }>> {
  const range = parseRange(query, now);
  if (!range.ok) return range;
  const cameras = await viewableCameras(manager, principal, query.camera);
  if (!cameras.ok) return cameras;
  const { from, to } = range.value;
  const events: EventRecord[] = [];
  if (manager) for (const camera of cameras.value) events.push(...(await manager.index.range(camera, from, to)).events);
  events.sort((a, b) => b.start - a.start || a.camera.localeCompare(b.camera));
  return ok({ from, to, events });
}
