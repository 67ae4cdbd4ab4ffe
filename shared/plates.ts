/**
 * Known plates (#58, docs/faces-and-plates.md): `GET`/`PUT /api/plates`, the owner's list of plates
 * and their names ("Mum's car"), saved whole with the revision it was read at. Checked here, by the
 * relay and the Settings page alike; sizes are bounded before anything is read.
 */
import { CamrelayError } from './errors.js';
import { nameRefusal } from './names.js';
import { fail, ok, type Result } from './result.js';

/** Plates an owner names at most. */
export const KNOWN_PLATES_MAX = 500;
/** A name's length ("Mum's car"), and a plate as typed (`AB-123-C`: up to 12 plate characters and what separates them). */
export const PLATE_NAME_MAX = 40;
export const PLATE_TYPED_MAX = 24;

export interface KnownPlate {
  /** As the owner typed it (`AB-123-C`); matched by its plate characters (`AB123C`). */
  plate: string;
  name: string;
}

/** `GET /api/plates`, and a save's answer: the list, and the revision to send back with a change. */
export interface KnownPlatesAnswer {
  plates: KnownPlate[];
  revision: string;
  savedBy: string | null;
  savedAt: number | null;
}

const refuse = (field: string, why: string): Result<KnownPlate[]> => {
  const error = new CamrelayError('BAD_KNOWN_PLATES', `The known plates are not valid: ${field} ${why}.`);
  error.field = field;
  return fail(error);
};

/** At most this many characters are kept of a plate: no plate is longer. */
export const PLATE_TEXT_MAX = 12;

/**
 * A plate as text to compare: the characters plates use (A-Z, 0-9; letters upper-cased; spaces, dashes and dots
 * dropped, as plates of one car are written with and without them): `AB-123 c` → `AB123C`; '' when nothing is left.
 * The one rule for a typed known plate and a reading (common/plates/plate-text.ts).
 */
export function plateText(read: string): string {
  return read
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
    .slice(0, PLATE_TEXT_MAX);
}

/** Checks a list of known plates: each {plate, name}, the plate 2-12 plate characters, the name 1-40 characters, no plate twice. */
export function checkKnownPlates(raw: unknown): Result<KnownPlate[]> {
  if (!Array.isArray(raw)) return refuse('plates', 'must be a list of {plate, name}');
  if (raw.length > KNOWN_PLATES_MAX) return refuse('plates', `must list at most ${KNOWN_PLATES_MAX} plates`);
  const seen = new Map<string, number>();
  const list: KnownPlate[] = [];
  for (const [i, entry] of raw.entries()) {
    const at = `plates[${i}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return refuse(at, 'must be {plate, name}');
    const keys = Object.keys(entry);
    if (keys.length !== 2 || !keys.includes('plate') || !keys.includes('name')) return refuse(at, 'must be {plate, name}, nothing else');
    const { plate, name } = entry as Record<string, unknown>;
    if (typeof plate !== 'string' || plate.length > PLATE_TYPED_MAX) return refuse(`${at}.plate`, `must be text of at most ${PLATE_TYPED_MAX} characters`);
    const key = plateText(plate);
    if (key.length < 2 || /[^A-Za-z0-9 .·-]/.test(plate))
      return refuse(`${at}.plate`, 'must be 2-12 letters and digits (A-Z, 0-9), written with or without spaces, dashes or dots');
    if (typeof name !== 'string' || name.trim().length === 0 || name.length > PLATE_NAME_MAX)
      return refuse(`${at}.name`, `must be 1-${PLATE_NAME_MAX} characters`);
    const refused = nameRefusal(`${at}.name`, name);
    if (refused) return fail(refused);
    const before = seen.get(key);
    if (before !== undefined) return refuse(`${at}.plate`, `is plates[${before}] again (${key}); each plate once`);
    seen.set(key, i);
    list.push({ plate: plate.trim(), name: name.trim() });
  }
  return ok(list);
}
