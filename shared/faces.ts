/**
 * Known faces (#58, docs/faces-and-plates.md): the owner's people, each a name and the faces the owner
 * chose to keep (a face is its 128 numbers and its 150×150 crop, nothing else). What the API shows
 * and what a request may hold are bounded here, for the relay and the Settings page alike.
 */
import { CamrelayError } from './errors.js';
import { nameRefusal } from './names.js';
import { fail, ok, type Result } from './result.js';

/** People an owner names at most, and faces kept per person. */
export const KNOWN_PEOPLE_MAX = 100;
export const FACES_PER_PERSON_MAX = 20;
export const FACE_NAME_MAX = 40;
/** A photo sent to enrol someone: a JPEG or PNG of at most this many bytes. */
export const FACE_PHOTO_MAX_BYTES = 8 * 1024 * 1024;

/** One kept face as shown: its crop's URL. */
export interface KnownFaceShown {
  id: string;
  /** When it was added, ms since the epoch. */
  at: number;
  url: string;
}

export interface KnownPersonShown {
  id: string;
  name: string;
  faces: KnownFaceShown[];
}

/** `GET /api/faces`, and each change's answer. */
export interface KnownFacesAnswer {
  people: KnownPersonShown[];
}

/** A person's name as sent: 1-40 characters a name may hold, trimmed. */
export function checkFaceName(raw: unknown): Result<string> {
  const refuse = (why: string) => {
    const error = new CamrelayError('BAD_KNOWN_FACE', `The known face is not valid: name ${why}.`);
    error.field = 'name';
    return fail(error);
  };
  if (typeof raw !== 'string' || raw.length > FACE_NAME_MAX * 4) return refuse(`must be text of 1-${FACE_NAME_MAX} characters`);
  const name = raw.trim();
  if (name.length < 1 || name.length > FACE_NAME_MAX) return refuse(`must be 1-${FACE_NAME_MAX} characters`);
  const refused = nameRefusal('name', name);
  if (refused) return fail(refused);
  return ok(name);
}
