/**
 * An H.264 access unit of a rung stream (`h264-rung`, #30): one the transport already checked as any
 * unit (checkH264), checked here against the rung it says it belongs to. A stream made for a width the
 * newest demand does not list is refused as a JPEG rung is (RUNG_NOT_DEMANDED): the units in flight
 * when a demand changes are dropped, and the client carries on.
 */
import type { H264FrameMeta, H264RungMeta } from '../../shared/demand.js';
import { CamrelayError } from '../../shared/errors.js';
import { fail, ok, type Result } from '../../shared/result.js';

/** The unit's meta with its rung, or why it is refused. `demanded`: the H.264 rung widths demanded of the camera now. */
export function h264RungIn(meta: H264FrameMeta, rung: unknown, demanded: readonly number[]): Result<H264RungMeta> {
  if (typeof rung !== 'number' || !Number.isSafeInteger(rung) || !demanded.includes(rung)) return fail(new CamrelayError('RUNG_NOT_DEMANDED'));
  // Wider than its rung would cost every viewer of the rung what the rung exists to save.
  if (meta.width > rung) return fail(new CamrelayError('BAD_H264', `A rung ${rung} access unit must be at most ${rung} px wide, got ${meta.width}.`));
  // Rungs are for browsers, which decode H.265 in few places: the capture side makes them H.264.
  if (meta.codec !== undefined) return fail(new CamrelayError('BAD_H264', 'A rung stream must be H.264.'));
  return ok({ ...meta, rung });
}
