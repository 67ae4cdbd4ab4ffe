/** `?width=N` on the MJPEG stream and the snapshot: the width the caller shows the picture at, served from the rendition ladder. */
import { CamrelayError } from '../../shared/errors.js';
import { RENDITION_ASK_MAX, RENDITION_ASK_MIN } from '../../shared/subscription.js';
import type { Result } from '../../shared/result.js';

/** Absent means native; anything but a whole number in range is BAD_REQUEST. */
export function parseWidth(raw: unknown): Result<number | undefined> {
  if (raw === undefined) return { ok: true, value: undefined };
  const n = typeof raw === 'string' && /^\d{1,4}$/.test(raw) ? Number(raw) : NaN;
  if (n >= RENDITION_ASK_MIN && n <= RENDITION_ASK_MAX) return { ok: true, value: n };
  return { ok: false, error: new CamrelayError('BAD_REQUEST', `width must be a whole number from ${RENDITION_ASK_MIN} to ${RENDITION_ASK_MAX}.`) };
}
