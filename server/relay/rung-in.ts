/**
 * A JPEG the camera side made at one of the demanded widths (`meta.rung`): checked, and turned into
 * the rendition its rung's viewers get as it came. It is not the camera's frame: snapshots, the
 * recorder and full-size viewers keep the full picture, whose session and epoch it borrows.
 */
import { CamrelayError } from '../../shared/errors.js';
import type { CaptureFrameMeta, Link } from '../../shared/protocol.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { checkJpeg, type FrameLimits } from './frame-check.js';
import type { Frame } from './frame.js';
import { frameOf } from './frame-of.js';
import { rungFor, type Rung } from './rungs.js';

export interface RungIn {
  cameraId: string;
  meta: CaptureFrameMeta & { rung: number };
  jpeg: Buffer;
  link: Link;
  /** The camera's newest full frame: a rung is only demanded once the relay knows the full width. */
  latest: Frame | undefined;
  /** The widths demanded of this camera's connection now. */
  demanded: readonly number[];
  limits: FrameLimits;
  receivedAt: number;
}

/**
 * The rendition and its rung, or RUNG_NOT_DEMANDED for a width not demanded now (a demand that just
 * changed leaves a frame or two in flight: refused, counted, and the client carries on).
 */
export function rungIn(r: RungIn): Result<{ rendition: Frame; rung: Rung; source: Frame }> {
  const rung = rungFor(r.meta.rung);
  if (!r.latest || rung === null || rung.width !== r.meta.rung || !r.demanded.includes(rung.width)) {
    return fail(new CamrelayError('RUNG_NOT_DEMANDED'));
  }
  const checked = checkJpeg(r.jpeg, r.limits);
  if (!checked.ok) return fail(checked.error);
  const { width } = checked.size;
  // Larger than its rung would cost every viewer of the rung what the rung exists to save.
  if (width > rung.width) return fail(new CamrelayError('BAD_FRAME_META', `A rung ${rung.width} JPEG must be at most ${rung.width} px wide, got ${width}.`));
  const { cameraId, meta, jpeg, link, receivedAt } = r;
  const rendition = frameOf({ cameraId, meta, jpeg, link, epoch: r.latest.meta.epoch, receivedAt, size: checked.size });
  return ok({ rendition, rung, source: r.latest });
}
