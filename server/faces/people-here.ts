/**
 * Who the cameras that recognise faces see now (#58): each followed person whose face was read, by
 * the known person it was named as or as "unknown", until the tracker says they left or the camera
 * stops following anyone. What Home Assistant's sensor per known person and its "Unknown person"
 * sensor read (mqtt/people-sensors.ts). Held in memory only: a restart starts with no one here.
 */
import type { EventFace } from '../../shared/events.js';

/** The key of every face no known person was named for. */
export const UNKNOWN_PERSON = 'unknown';
/** Objects remembered per camera: a tracker follows far fewer; past this the oldest named is forgotten. */
const PER_CAMERA_MAX = 256;

export class PeopleHere {
  /** Camera → followed object id → the known person's id, or UNKNOWN_PERSON. */
  private readonly cameras = new Map<string, Map<number, string>>();
  private readonly listeners = new Set<() => void>();

  /** Object `id` of `camera` was read as `face`: its person is here (a better reading replaces the one before). */
  named(camera: string, id: number, face: EventFace): void {
    const key = face.person ?? UNKNOWN_PERSON;
    let objects = this.cameras.get(camera);
    if (objects?.get(id) === key) return;
    if (!objects) this.cameras.set(camera, (objects = new Map()));
    objects.delete(id);
    objects.set(id, key);
    if (objects.size > PER_CAMERA_MAX) objects.delete(objects.keys().next().value!);
    this.tell();
  }

  /** Object `id` of `camera` is gone (the tracker's leaving). */
  left(camera: string, id: number): void {
    if (this.cameras.get(camera)?.delete(id)) this.tell();
  }

  /** `camera` follows no person now (none in view, detection stopped, the camera gone): no one is here by it. */
  cleared(camera: string): void {
    if (this.cameras.delete(camera)) this.tell();
  }

  /** A known person was removed: no reading names them any more (their objects are forgotten, not made unknown). */
  forgetPerson(person: string): void {
    let changed = false;
    for (const objects of this.cameras.values())
      for (const [id, key] of objects)
        if (key === person) {
          objects.delete(id);
          changed = true;
        }
    if (changed) this.tell();
  }

  /** Each person seen now (a known person's id, or UNKNOWN_PERSON) with the cameras that see them, in camera order of first sight. */
  where(): Map<string, string[]> {
    const seen = new Map<string, string[]>();
    for (const [camera, objects] of this.cameras)
      for (const key of new Set(objects.values())) {
        const list = seen.get(key) ?? [];
        list.push(camera);
        seen.set(key, list);
      }
    return seen;
  }

  onChange(listener: () => void): void {
    this.listeners.add(listener);
  }

  private tell(): void {
    for (const listener of this.listeners) listener();
  }
}
