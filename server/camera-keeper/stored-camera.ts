/** One entry of the saved camera list, and the pure rules for reading and updating it (no I/O). */
import { refusedCharacter } from '../../shared/names.js';
import { CAMERA_GROUP_MAX, CAMERA_ID_PATTERN, CAMERA_NAME_MAX } from '../../shared/protocol.js';

/** A camera as `cameras.json` keeps it. */
export interface StoredCamera {
  id: string;
  /** The name an admin gave it, which wins over `clientName`; null: none. */
  name: string | null;
  /** The name its capture client last sent, or null. */
  clientName: string | null;
  group: string | null;
  /** Its place in the list every viewer sees, smallest first. */
  order: number;
  firstSeen: number;
  lastSeen: number;
  width: number | null;
  height: number | null;
  /** Its sound (#40): true only once an admin turned it on; a new camera's is off, and the relay takes none of it. */
  sound: boolean;
}

/** What the node that has a camera learns of it: only that node writes these fields. */
export interface Sighting {
  clientName: string | null;
  width: number | null;
  height: number | null;
  lastSeen: number;
}

// A name saved before names refused control and bidi characters (shared/names.ts) is read as none: the id or the client's name shows.
const text = (v: unknown, max: number) => (typeof v === 'string' && v.length > 0 && v.length <= max && refusedCharacter(v) === null ? v : null);
const time = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null);
const side = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= 65535 ? v : null);

/** One entry of a file that may have been edited by hand: anything malformed is dropped. */
export function parseStoredCamera(raw: unknown): StoredCamera | null {
  const e = raw as Record<string, unknown> | null;
  if (typeof e !== 'object' || e === null || typeof e.id !== 'string' || !CAMERA_ID_PATTERN.test(e.id)) return null;
  const firstSeen = time(e.firstSeen) ?? 0;
  const [width, height] = [side(e.width), side(e.height)];
  const sized = width !== null && height !== null;
  return {
    id: e.id,
    name: text(e.name, CAMERA_NAME_MAX),
    clientName: text(e.clientName, CAMERA_NAME_MAX),
    group: text(e.group, CAMERA_GROUP_MAX),
    order: typeof e.order === 'number' && Number.isFinite(e.order) ? e.order : Number.MAX_VALUE,
    firstSeen,
    lastSeen: time(e.lastSeen) ?? firstSeen,
    width: sized ? width : null,
    height: sized ? height : null,
    sound: e.sound === true,
  };
}

/** Applies a sighting; true when a field other than `lastSeen` changed. */
export function applySighting(entry: StoredCamera, s: Sighting): boolean {
  let changed = false;
  if (s.clientName !== null && s.clientName !== entry.clientName) {
    entry.clientName = s.clientName;
    changed = true;
  }
  if (s.width !== null && s.height !== null && (s.width !== entry.width || s.height !== entry.height)) {
    entry.width = s.width;
    entry.height = s.height;
    changed = true;
  }
  entry.lastSeen = Math.max(entry.lastSeen, s.lastSeen);
  return changed;
}
