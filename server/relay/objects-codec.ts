/**
 * The objects kind's bytes between nodes (track-bus.ts): one look of a camera's detector as JSON (a few
 * hundred bytes, at most a few looks a second), its camera the channel's. Checked on the way in, every
 * array and string bounded before it is looked at: Redis is shared.
 */
import { LIVE_OBJECTS_MAX, type LiveObjects } from '../../shared/live-objects.js';

/** The most bytes one look takes on Redis: LIVE_OBJECTS_MAX boxes of a long label and four numbers each. */
export const OBJECTS_MESSAGE_MAX = 16 * 1024;
const LABEL_MAX = 64;
/** Widest or tallest picture looked at (8K), as from a capture client. */
const SIDE_MAX = 8192;

export function encodeObjects(look: LiveObjects): Buffer {
  const { at, width, height, boxes } = look;
  return Buffer.from(JSON.stringify({ at, width, height, boxes }), 'utf8');
}

const finite = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);
const side = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 1 && (n as number) <= SIDE_MAX;

function box(b: unknown): LiveObjects['boxes'][number] | null {
  if (typeof b !== 'object' || b === null) return null;
  const { label, score, box: xywh } = b as Record<string, unknown>;
  if (typeof label !== 'string' || label.length === 0 || label.length > LABEL_MAX) return null;
  if (!finite(score) || score < 0 || score > 1) return null;
  if (!Array.isArray(xywh) || xywh.length !== 4 || !xywh.every(finite)) return null;
  const [x, y, w, h] = xywh as [number, number, number, number];
  return { label, score, box: [x, y, w, h] };
}

/** The look of `cameraId`, or null for anything malformed or oversized: it is dropped, the node goes on. */
export function decodeObjects(cameraId: string, buf: Buffer): LiveObjects | null {
  if (!Buffer.isBuffer(buf) || buf.length > OBJECTS_MESSAGE_MAX) return null;
  let m: unknown;
  try {
    m = JSON.parse(buf.toString('utf8'));
  } catch {
    return null;
  }
  if (typeof m !== 'object' || m === null) return null;
  const { at, width, height, boxes } = m as Record<string, unknown>;
  if (!finite(at) || at < 0 || !side(width) || !side(height)) return null;
  if (!Array.isArray(boxes) || boxes.length > LIVE_OBJECTS_MAX) return null;
  const checked = boxes.map(box);
  if (checked.some((b) => b === null)) return null;
  return { cameraId, at, width, height, boxes: checked as LiveObjects['boxes'] };
}
