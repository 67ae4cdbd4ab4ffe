/**
 * Object detection's capacity as the Admin reads it (#57 item 6): the relay's words for what its detector can
 * carry (`GET /api/detection/capacity`) and for each camera's last minute of looks (its detection answer's `looks`).
 * The relay writes the sentences (server/detection/capacity.ts), so the page only checks that they are there.
 */
import type { DetectCapacity, LookRates } from '../../../shared/detect-capacity.js';
import type { Unchecked } from '../api.js';

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});

/** The capacity sentence and warning of the answer; null when it has none (an older relay). */
export function parseCapacity(body: unknown): Pick<DetectCapacity, 'text' | 'warning'> | null {
  const c = obj(obj(body).capacity) as Unchecked<DetectCapacity>;
  if (typeof c.text !== 'string' || c.text === '') return null;
  return { text: c.text, warning: typeof c.warning === 'string' && c.warning !== '' ? c.warning : null };
}

/** A camera's looks in words, from its detection answer; null when it does not detect (or the relay does not say). */
export function looksText(body: unknown): string | null {
  const looks = obj(obj(body).looks) as Unchecked<LookRates>;
  return typeof looks.text === 'string' && looks.text !== '' ? `${looks.text}.` : null;
}
