/**
 * The review routes' inputs, checked before anything looks at them: the severity of a query, the body
 * of `POST /api/review/seen` (keys bounded in number and length, each a camera id and an event id) and
 * of `POST /api/review/seen-all`. Pure; each answers a Result with the code to send.
 */
import { CamrelayError } from '../../shared/errors.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { REVIEW_SEEN_MAX_IDS, REVIEW_SEVERITIES, type ReviewSeverity } from '../../shared/review.js';
import { validateCameraId } from '../../shared/validate.js';

/** An event id: its start in ms, 13 digits (segment-files.ts SEGMENT_ID). */
const EVENT_ID = /^\d{13}$/;
/** A camera id (64) and an event id (13) and the slash: longer is no key. */
const KEY_MAX = 64 + 1 + 13;

/** A key taken apart. */
export interface ReviewKey {
  camera: string;
  eventId: string;
}

const bad = (why: string) => fail(new CamrelayError('BAD_REVIEW_REQUEST', `The review request is not valid: ${why}.`));
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `severity` of a query or body: absent, or one of alert, detection, motion. */
export function parseSeverity(raw: unknown): Result<ReviewSeverity | undefined> {
  if (raw === undefined) return ok(undefined);
  if (typeof raw === 'string' && (REVIEW_SEVERITIES as readonly string[]).includes(raw)) return ok(raw as ReviewSeverity);
  return bad(`severity must be one of ${REVIEW_SEVERITIES.join(', ')}`);
}

/** `camera/eventId`, else BAD_REVIEW_KEY (or the camera id's own refusal). */
export function parseKey(raw: unknown): Result<ReviewKey> {
  if (typeof raw !== 'string' || raw.length > KEY_MAX) return fail(new CamrelayError('BAD_REVIEW_KEY'));
  const slash = raw.indexOf('/');
  const eventId = raw.slice(slash + 1);
  if (slash < 1 || !EVENT_ID.test(eventId)) return fail(new CamrelayError('BAD_REVIEW_KEY'));
  const camera = validateCameraId(raw.slice(0, slash));
  if (!camera.ok) return fail(camera.error);
  return ok({ camera: camera.value, eventId });
}

/** `{ keys, seen? }`: at most REVIEW_SEEN_MAX_IDS keys (REVIEW_TOO_MANY), each once. */
export function parseSeenRequest(body: unknown): Result<{ keys: ReviewKey[]; seen: boolean }> {
  if (!isObject(body) || !Array.isArray(body.keys)) return bad('keys must be a list of item keys');
  if (Object.keys(body).some((k) => k !== 'keys' && k !== 'seen')) return bad('only keys and seen may be given');
  if (body.seen !== undefined && typeof body.seen !== 'boolean') return bad('seen must be true or false');
  if (body.keys.length > REVIEW_SEEN_MAX_IDS) return fail(new CamrelayError('REVIEW_TOO_MANY'));
  const keys = new Map<string, ReviewKey>();
  for (const raw of body.keys as unknown[]) {
    const key = parseKey(raw);
    if (!key.ok) return key;
    keys.set(raw as string, key.value);
  }
  return ok({ keys: [...keys.values()], seen: body.seen ?? true });
}

/** `{ from, to, camera?, severity? }`: the range as `GET /api/review` takes it, in ms since the epoch. */
export function parseSeenAllRequest(body: unknown): Result<{ query: Record<string, string>; severity?: ReviewSeverity }> {
  if (!isObject(body)) return bad('the body must be { from, to, camera?, severity? }');
  if (Object.keys(body).some((k) => !['from', 'to', 'camera', 'severity'].includes(k))) return bad('only from, to, camera and severity may be given');
  if (typeof body.from !== 'number' || typeof body.to !== 'number') return bad('from and to must be numbers, ms since the epoch');
  if (body.camera !== undefined && typeof body.camera !== 'string') return bad('camera must be a camera id');
  const severity = parseSeverity(body.severity);
  if (!severity.ok) return severity;
  // As a query string gives them: the range and the camera are then parsed by the same code as GET's.
  const query = { from: String(body.from), to: String(body.to), ...(body.camera === undefined ? {} : { camera: body.camera }) };
  return ok({ query, severity: severity.value });
}
