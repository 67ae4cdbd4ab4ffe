/** Validation at the edges: every function returns a result and never throws. */
import { z } from 'zod';
import { CAMERA_GROUP_MAX, CAMERA_ID_PATTERN, CAMERA_NAME_MAX, type CameraSettings, type CaptureAuth, type CaptureFrameMeta } from './protocol.js';
import { RENDITION_ASK_MAX, RENDITION_ASK_MIN, type SubscribeRequest } from './subscription.js';
import { CAPTURE_OFFERS } from './demand.js';
import { CamrelayError } from './errors.js';
import { nameRefusal } from './names.js';
import type { Result } from './result.js';

const captureAuthSchema = z.object({
  token: z.string().max(1024),
  cameraId: z.string().regex(CAMERA_ID_PATTERN),
  name: z.string().max(100).optional(),
  session: z.string().max(64).optional(),
  standby: z.boolean().optional(),
  // Names this relay does not know are ignored (a newer client keeps working); the array is bounded.
  offers: z
    .array(z.string().max(16))
    .max(8)
    .transform((names) => CAPTURE_OFFERS.filter((o) => names.includes(o)))
    .optional(),
});

export function validateCameraId(id: unknown): Result<string> {
  return typeof id === 'string' && CAMERA_ID_PATTERN.test(id) ? { ok: true, value: id } : { ok: false, error: new CamrelayError('BAD_CAMERA_ID') };
}

export function validateCaptureAuth(auth: unknown): Result<CaptureAuth> {
  const parsed = captureAuthSchema.safeParse(auth);
  if (parsed.success) {
    const refused = parsed.data.name === undefined ? null : nameRefusal('name', parsed.data.name);
    return refused ? { ok: false, error: refused } : { ok: true, value: parsed.data };
  }
  const badId = parsed.error.issues.some((i) => i.path[0] === 'cameraId');
  const badOffers = parsed.error.issues.some((i) => i.path[0] === 'offers');
  return { ok: false, error: new CamrelayError(badId ? 'BAD_CAMERA_ID' : badOffers ? 'BAD_OFFERS' : 'BAD_TOKEN') };
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
    typeof m === 'object' &&
    m !== null &&
    isCount(m.seq) &&
    typeof m.capturedAt === 'number' &&
    Number.isFinite(m.capturedAt) &&
    m.capturedAt >= 0 &&
    isSide(m.width) &&
    isSide(m.height) &&
    isSide(m.rung) &&
    (m.clockOffset === undefined || (typeof m.clockOffset === 'number' && Number.isFinite(m.clockOffset))) &&
    (m.session === undefined || (typeof m.session === 'string' && m.session.length <= 64));
  if (!ok) return { ok: false, error: new CamrelayError('BAD_FRAME_META') };
  const value: CaptureFrameMeta = { seq: m.seq as number, capturedAt: m.capturedAt as number };
  if (m.width !== undefined) value.width = m.width as number;
  if (m.height !== undefined) value.height = m.height as number;
  if (m.rung !== undefined) value.rung = m.rung as number;
  if (m.clockOffset !== undefined) value.clockOffset = m.clockOffset as number;
  if (m.session !== undefined) value.session = m.session as string;
  return { ok: true, value };
}

/** The most ids one subscribe may name in any of its lists, whatever the viewer may see. */
export const SUBSCRIBE_IDS_MAX = 1000;

const isId = (v: unknown): v is string => typeof v === 'string' && v.length <= 64;
const isWidth = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= RENDITION_ASK_MIN && (v as number) <= RENDITION_ASK_MAX;

/** Own keys of `o`, or null past `max`: kept and checked no further (the parser's length cap bounds what for-in itself lists). */
function keysUpTo(o: object, max: number): string[] | null {
  const keys: string[] = [];
  for (const key in o) {
    if (!Object.hasOwn(o, key)) continue;
    if (keys.push(key) > max) return null;
  }
  return keys;
}

/**
 * A subscribe: each list's length is checked before any of its entries, against `maxIds` (the
 * cameras the viewer may see, plus slack; never over SUBSCRIBE_IDS_MAX), so a made-up list costs
 * the relay no more than a real one. `widths` comes back with no prototype: "__proto__" or
 * "toString" is a camera id like any other there.
 */
export function validateSubscribe(req: unknown, maxIds = SUBSCRIBE_IDS_MAX): Result<SubscribeRequest> {
  const max = Math.min(maxIds, SUBSCRIBE_IDS_MAX);
  const bad = (): Result<SubscribeRequest> => ({
    ok: false,
    error: new CamrelayError(
      'BAD_REQUEST',
      `subscribe needs { cameraIds: string[] | "*", widths?: { [cameraId]: ${RENDITION_ASK_MIN}-${RENDITION_ASK_MAX} }, pinned?: string[], h264?: string[], h264Rungs?: string[], objects?: string[], audio?: string[] }.`,
    ),
  });
  const tooMany = (field: string, n: string): Result<SubscribeRequest> => ({
    ok: false,
    error: new CamrelayError('TOO_MANY_IDS', `subscribe: ${field} names ${n} cameras; this account may see ${max}. Send only ids from the camera list.`),
  });
  if (typeof req !== 'object' || req === null || Array.isArray(req)) return bad();
  const { cameraIds, widths, pinned, h264, h264Rungs, objects, audio } = req as Record<string, unknown>;

  if (cameraIds !== '*' && !Array.isArray(cameraIds)) return bad();
  if (Array.isArray(cameraIds) && cameraIds.length > max) return tooMany('cameraIds', String(cameraIds.length));
  if (Array.isArray(cameraIds) && !cameraIds.every(isId)) return bad();
  const value: SubscribeRequest = { cameraIds: cameraIds === '*' ? '*' : [...(cameraIds as string[])] };

  if (widths !== undefined) {
    if (typeof widths !== 'object' || widths === null || Array.isArray(widths)) return bad();
    const keys = keysUpTo(widths, max);
    if (keys === null) return tooMany('widths', `over ${max}`);
    const copy: Record<string, number> = Object.create(null) as Record<string, number>;
    for (const key of keys) {
      const width = (widths as Record<string, unknown>)[key];
      if (key.length > 64 || !isWidth(width)) return bad();
      copy[key] = width;
    }
    value.widths = copy;
  }

  if (pinned !== undefined) {
    if (!Array.isArray(pinned)) return bad();
    if (pinned.length > max) return tooMany('pinned', String(pinned.length));
    if (!pinned.every(isId)) return bad();
    value.pinned = [...(pinned as string[])];
  }
  // Bounded as `pinned`: a made-up list is refused by its length before any entry is looked at.
  for (const [field, list] of [
    ['h264', h264],
    ['h264Rungs', h264Rungs],
    ['objects', objects],
    ['audio', audio],
  ] as const) {
    if (list === undefined) continue;
    if (!Array.isArray(list)) return bad();
    if (list.length > max) return tooMany(field, String(list.length));
    if (!list.every(isId)) return bad();
    value[field] = [...(list as string[])];
  }
  return { ok: true, value };
}

/** A display name: trimmed, 1 to `max` characters and none that names may not hold (shared/names.ts), or null (cleared). */
function settingText(value: unknown, field: string, max: number): Result<string | null> {
  if (value === null) return { ok: true, value: null };
  const text = typeof value === 'string' ? value.trim() : '';
  const refused = nameRefusal(field, text);
  if (refused) return { ok: false, error: refused };
  if (text.length < 1 || text.length > max)
    return { ok: false, error: new CamrelayError('BAD_REQUEST', `${field}: 1-${max} characters, or null to clear it.`) };
  return { ok: true, value: text };
}

/** Body of `PATCH /api/cameras/:id`: `{ name?, group?, sound? }`, at least one, nothing else. */
export function validateCameraSettings(body: unknown): Result<CameraSettings> {
  const bad = (why: string): Result<CameraSettings> => ({ ok: false, error: new CamrelayError('BAD_REQUEST', why) });
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return bad('The body must be a JSON object { name?, group?, sound? }.');
  const fields = Object.keys(body);
  const unknown = fields.find((k) => k !== 'name' && k !== 'group' && k !== 'sound');
  if (unknown !== undefined) return bad(`Unknown field "${unknown.slice(0, 64)}": only name, group and sound can be set.`);
  if (fields.length === 0) return bad('Give name, group, sound, or several.');
  const value: CameraSettings = {};
  const { name, group, sound } = body as Record<string, unknown>;
  if ('sound' in body) {
    if (typeof sound !== 'boolean') return bad("sound: true (the relay takes and passes on the camera's sound) or false (none of it).");
    value.sound = sound;
  }
  if ('name' in body) {
    const checked = settingText(name, 'name', CAMERA_NAME_MAX);
    if (!checked.ok) return checked;
    value.name = checked.value;
  }
  if ('group' in body) {
    const checked = settingText(group, 'group', CAMERA_GROUP_MAX);
    if (!checked.ok) return checked;
    value.group = checked.value;
  }
  return { ok: true, value };
}

/** Body of `PUT /api/cameras/order`: `{ ids }`, distinct camera ids, at most 1000. */
export function validateCameraOrder(body: unknown): Result<string[]> {
  const ids = (body as { ids?: unknown } | null)?.ids;
  if (!Array.isArray(ids) || ids.length > 1000)
    return { ok: false, error: new CamrelayError('BAD_REQUEST', 'The body must be { ids: [...] }, the camera ids in the order wanted (at most 1000).') };
  for (const id of ids) if (typeof id !== 'string' || !CAMERA_ID_PATTERN.test(id)) return { ok: false, error: new CamrelayError('BAD_CAMERA_ID') };
  if (new Set(ids).size !== ids.length) return { ok: false, error: new CamrelayError('BAD_REQUEST', 'ids: each camera at most once.') };
  return { ok: true, value: ids as string[] };
}
