/** Validation at the edges: every function returns a result and never throws. */
import { z } from 'zod';
import { CAMERA_ID_PATTERN, type CaptureAuth, type CaptureFrameMeta, type SubscribeRequest } from './protocol.js';
import { CamrelayError } from './errors.js';

export type Result<T> = { ok: true; value: T } | { ok: false; error: CamrelayError };

const captureAuthSchema = z.object({
  token: z.string().max(1024),
  cameraId: z.string().regex(CAMERA_ID_PATTERN),
  name: z.string().max(100).optional(),
  session: z.string().max(64).optional(),
});


const subscribeSchema = z.object({
  cameraIds: z.union([z.literal('*'), z.array(z.string().max(64)).max(1000)]),
});

export function validateCameraId(id: unknown): Result<string> {
  return typeof id === 'string' && CAMERA_ID_PATTERN.test(id)
    ? { ok: true, value: id }
    : { ok: false, error: new CamrelayError('BAD_CAMERA_ID') };
}

export function validateCaptureAuth(auth: unknown): Result<CaptureAuth> {
  const parsed = captureAuthSchema.safeParse(auth);
  if (parsed.success) return { ok: true, value: parsed.data };
  const badId = parsed.error.issues.some((i) => i.path[0] === 'cameraId');
  return { ok: false, error: new CamrelayError(badId ? 'BAD_CAMERA_ID' : 'BAD_TOKEN') };
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isSide = (v: unknown) => v === undefined || (isCount(v) && v > 0 && v <= 65535);

/**
 * Checked by hand rather than with zod: this runs once per frame, and a schema parse allocates
 * more than the relay does for the frame itself. Only the known fields are copied.
 */
export function validateFrameMeta(meta: unknown): Result<CaptureFrameMeta> {
  const m = meta as Record<string, unknown> | null;
  const ok =
    typeof m === 'object' && m !== null &&
    isCount(m.seq) && typeof m.capturedAt === 'number' && Number.isFinite(m.capturedAt) && m.capturedAt >= 0 &&
    isSide(m.width) && isSide(m.height) &&
    (m.clockOffset === undefined || (typeof m.clockOffset === 'number' && Number.isFinite(m.clockOffset))) &&
    (m.session === undefined || (typeof m.session === 'string' && m.session.length <= 64));
  if (!ok) return { ok: false, error: new CamrelayError('BAD_FRAME_META') };
  const value: CaptureFrameMeta = { seq: m.seq as number, capturedAt: m.capturedAt as number };
  if (m.width !== undefined) value.width = m.width as number;
  if (m.height !== undefined) value.height = m.height as number;
  if (m.clockOffset !== undefined) value.clockOffset = m.clockOffset as number;
  if (m.session !== undefined) value.session = m.session as string;
  return { ok: true, value };
}

export function validateSubscribe(req: unknown): Result<SubscribeRequest> {
  const parsed = subscribeSchema.safeParse(req);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: new CamrelayError('BAD_REQUEST', 'subscribe needs { cameraIds: string[] | "*" }.') };
}
