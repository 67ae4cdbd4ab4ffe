/**
 * The one check of the characters a name a person types may hold (#55): camera names and groups,
 * zone names, user names, camera and stream token labels, the name a capture client announces.
 * Every route that takes a name, and the dashboard where it checks first, refuses with BAD_NAME.
 */
import { CamrelayError } from './errors.js';
import type { Result } from './result.js';

/**
 * C0 controls, DEL and C1 controls (U+0085 is a line break to some log readers, U+009B starts a
 * terminal escape), the line and paragraph separators, and the bidirectional marks, embeddings,
 * overrides and isolates, which make a name show other than it is (U+202E reverses what follows).
 */
// eslint-disable-next-line no-control-regex
const REFUSED = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

const REFUSED_RUNS = new RegExp(`${REFUSED.source}+`, 'gu');

/** The refused characters as docs/security.md and the error message list them. */
export const NAME_REFUSED_TEXT =
  'control characters (U+0000-U+001F, U+007F-U+009F), line and paragraph separators (U+2028, U+2029) and bidirectional marks, embeddings, overrides and isolates (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069)';

/** The first character of `text` a name may not hold, written U+XXXX, or null. */
export function refusedCharacter(text: string): string | null {
  const found = REFUSED.exec(text);
  return found ? `U+${found[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` : null;
}

/** `text` with each run of refused characters made one space: for names saved before they were refused, where they are shown. */
export function withoutRefused(text: string): string {
  return text.replace(REFUSED_RUNS, ' ');
}

/** BAD_NAME naming `field` and the character found, or null when `text` holds none of them. */
export function nameRefusal(field: string, text: string): CamrelayError | null {
  const found = refusedCharacter(text);
  if (!found) return null;
  const error = new CamrelayError('BAD_NAME', `${field} holds ${found}: a name may not hold ${NAME_REFUSED_TEXT}.`);
  error.field = field;
  return error;
}

/** A camera or stream token's label: none ('') when absent or not text, as it always was; BAD_NAME when it holds a refused character. */
export function tokenLabel(value: unknown): Result<string> {
  const label = typeof value === 'string' ? value : '';
  const refused = nameRefusal('label', label);
  return refused ? { ok: false, error: refused } : { ok: true, value: label };
}
