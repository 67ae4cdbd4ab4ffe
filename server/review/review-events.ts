/**
 * The events a review request covers: the range as `GET /api/events` parses it, the cameras the caller
 * may view (one, when the request names it, else UNKNOWN_CAMERA), and their events newest first as the
 * API shows them. With no recording module there are no events: an empty list, not an error.
 */
import type { Request } from 'express';
import { CamrelayError } from '../../shared/errors.js';
import type { MotionEvent } from '../../shared/events.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { validateCameraId } from '../../shared/validate.js';
import { canView, type Principal } from '../auth/authenticator.js';
import { publicEvent } from '../events/public-event.js';
import type { RecordingManager } from '../recording/recording-manager.js';
import { parseRange } from '../recording/routes.js';
import type { EventRecord } from '../recording/segment-files.js';

/** The cameras `principal` may view of those `manager` has recorded; `raw` names one or is undefined for all. */
export async function viewableCameras(manager: RecordingManager | undefined, principal: Principal, raw: unknown): Promise<Result<string[]>> {
  if (raw !== undefined) {
    const id = validateCameraId(raw);
    if (!id.ok) return id;
    if (!canView(principal, id.value)) return fail(new CamrelayError('UNKNOWN_CAMERA'));
    return ok([id.value]);
  }
  return ok(manager ? (await manager.cameras()).filter((c) => canView(principal, c)) : []);
}

/** The events of a range: `query` holds `from`/`to` (or `day`) and `camera` as `GET /api/events` takes them. */
export async function reviewEvents(
  manager: RecordingManager | undefined,
  principal: Principal,
  query: Request['query'],
  now: number,
): Promise<Result<{ from: number; to: number; events: MotionEvent[] }>> {
  const range = parseRange(query, now);
  if (!range.ok) return range;
  const cameras = await viewableCameras(manager, principal, query.camera);
  if (!cameras.ok) return cameras;
  const { from, to } = range.value;
  if (!manager) return ok({ from, to, events: [] });
  const records: EventRecord[] = [];
  for (const camera of cameras.value) records.push(...(await manager.index.range(camera, from, to)).events);
  records.sort((a, b) => b.start - a.start || a.camera.localeCompare(b.camera));
  return ok({ from, to, events: records.map((e) => manager.events.fields.apply(e, publicEvent(e))) });
}
