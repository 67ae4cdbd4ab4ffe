/**
 * Which event each followed object belongs to (#57), so an alert of the object carries that event's
 * pictures during the event and after it: a person standing still in a zone is told of after motion,
 * and so the event, has ended. The event's snapshot is the picture used, not one per object: it is
 * already on disk beside the event, served by the events route (authorized per camera) and deleted
 * with the event by retention, so no second picture writer, route or retention rule is needed.
 * An entry is kept while the tracker follows the object: its leaving (said once) forgets it; per
 * camera at most as many as the tracker holds, the oldest forgotten first. Pure.
 */
import { TRACKER_DEFAULTS } from '../../common/detect/object-tracker.js';
import type { EventRecord, EventType } from './event-record.js';

/** A camera's tracker follows at most this many objects, so no more of its objects can still send alerts. */
export const MAX_FOLLOWED = TRACKER_DEFAULTS.maxObjects;

export class ObjectEvents {
  private readonly cameras = new Map<string, Map<number, EventRecord>>();

  /** An event written (its files on disk): each object of it still in view now points to this copy of it. */
  heard(type: EventType, record: EventRecord): void {
    if (type === 'start') return;
    for (const o of record.objects ?? []) {
      // An object that has left sends no more alerts; a write queued before its leaving must not bring it back.
      if (o.id === undefined || o.left !== undefined) continue;
      const objects = this.cameras.get(record.camera) ?? new Map<number, EventRecord>();
      this.cameras.set(record.camera, objects);
      objects.delete(o.id);
      objects.set(o.id, record);
      if (objects.size > MAX_FOLLOWED) objects.delete(objects.keys().next().value!);
    }
  }

  /** The last written event object `id` of `camera` was one of, while it is followed; null if none. */
  of(camera: string, id: number): EventRecord | null {
    return this.cameras.get(camera)?.get(id) ?? null;
  }

  /** Object `id` of `camera` left the view: it sends no more alerts. */
  forget(camera: string, id: number): void {
    const objects = this.cameras.get(camera);
    objects?.delete(id);
    if (objects?.size === 0) this.cameras.delete(camera);
  }
}
