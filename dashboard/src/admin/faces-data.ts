/** Settings → Faces' data: the relay's answer read from untrusted JSON, and the words for what a person holds; pure, so unit-tested. */
import { FACES_PER_PERSON_MAX, KNOWN_PEOPLE_MAX, type KnownFaceShown, type KnownPersonShown } from '../../../shared/faces.js';
import type { Unchecked } from '../api.js';

function parseFace(value: unknown): KnownFaceShown | null {
  const { id, at, url } = (typeof value === 'object' && value !== null ? value : {}) as Unchecked<KnownFaceShown>;
  return typeof id === 'string' && typeof url === 'string' && typeof at === 'number' ? { id, at, url } : null;
}

function parsePerson(value: unknown): KnownPersonShown | null {
  const { id, name, faces } = (typeof value === 'object' && value !== null ? value : {}) as Unchecked<KnownPersonShown>;
  if (typeof id !== 'string' || typeof name !== 'string') return null;
  const kept = Array.isArray(faces) ? faces.slice(0, FACES_PER_PERSON_MAX).map(parseFace) : [];
  return { id, name, faces: kept.filter((f): f is KnownFaceShown => f !== null) };
}

/** The people of a `KnownFacesAnswer`: entries that are not {id, name} are left out, faces that are not {id, at, url} too. */
export function parsePeople(value: unknown): KnownPersonShown[] {
  const list = typeof value === 'object' && value !== null ? (value as Unchecked<{ people: unknown }>).people : undefined;
  if (!Array.isArray(list)) return [];
  return list
    .slice(0, KNOWN_PEOPLE_MAX)
    .map(parsePerson)
    .filter((p): p is KnownPersonShown => p !== null);
}

/** What is kept of a person, as their card says it: "No face yet: add a photo." until one is. */
export function facesKept(count: number): string {
  if (count === 0) return 'No face yet: add a photo.';
  return `${count} face${count === 1 ? '' : 's'} kept`;
}
