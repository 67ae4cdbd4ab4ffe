/**
 * Fields that modules after recording add to each event the API shows (offsite: where its off-site
 * copy is; faces: the names an owner gave its persons on the review page), so the events route names no such module.
 */
import type { MotionEvent } from '../../shared/events.js';
import type { EventRecord } from './event-record.js';

/** What a module adds to event `e`, given the event as shown so far. */
export type EventField = (e: EventRecord, shown: MotionEvent) => Partial<Pick<MotionEvent, 'offsite' | 'objects'>>;

export class EventFields {
  private readonly fields = new Set<EventField>();

  /** Adds fields to every event shown from now on. */
  add(field: EventField): void {
    this.fields.add(field);
  }

  /** The event as shown, with every added field. */
  apply(e: EventRecord, shown: MotionEvent): MotionEvent {
    let out = shown;
    for (const f of this.fields) out = { ...out, ...f(e, out) };
    return out;
  }
}
