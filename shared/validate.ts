/** Validation at the edges: every function returns a result and never throws. */
import { z } from 'zod';
import { CAMERA_ID_PATTERN, type CaptureAuth, type CaptureFrameMeta, type SubscribeRequest } from './protocol.js';
import { CamrelayError } from './errors.js';

export type Result<T> = { ok: true; value: T } | { ok: false; error: CamrelayError };

const finiteNonNegative = z.number().finite().nonnegative();

const captureAuthSchema = z.object({
  token: z.string().max(1024),
  cameraId: z.string().regex(CAMERA_ID_PATTERN),
  name: z.string().max(100).optional(),
  session: z.string().max(64).optional(),
});

const frameMetaSchema = z.object({
  seq: finiteNonNegative.int(),
  capturedAt: finiteNonNegative,
  width: z.number().int().positive().max(65535).optional(),
  height: z.number().int().positive().max(65535).optional(),
  clockOffset: z.number().finite().optional(),
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

export function validateFrameMeta(meta: unknown): Result<CaptureFrameMeta> {
  const parsed = frameMetaSchema.safeParse(meta);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: new CamrelayError('BAD_FRAME_META') };
}

export function validateSubscribe(req: unknown): Result<SubscribeRequest> {
  const parsed = subscribeSchema.safeParse(req);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: new CamrelayError('BAD_REQUEST', 'subscribe needs { cameraIds: string[] | "*" }.') };
}
