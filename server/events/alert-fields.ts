/**
 * What every outlet says of an object's alert (#57: a stay past a zone's loitering time, or a leaving): MQTT's message
 * (mqtt/event-message.ts) and a webhook's JSON body (notifications/webhooks/webhook-request.ts) start from these fields.
 */
import type { EventObject } from '../../shared/events.js';
import type { EventRecord, ObjectAlert } from './event-record.js';
import { publicEvent } from './public-event.js';

export interface AlertFields {
  type: ObjectAlert['kind'];
  camera: string;
  /** "Person in Driveway for 30 s", "Person left Driveway after 2 min". */
  summary: string;
  objectId: number;
  object: EventObject;
  labels: string[];
  /** The zone it stayed in, or the last one it was in when it left (null: none). */
  zone: string | null;
  forMs: number;
  at: number;
  /** The event it is an object of (events' `eventOf`: under way or ended), and that event's pictures; null without one, or before they are written. */
  eventId: string | null;
  snapshotUrl: string | null;
  thumbnailUrl: string | null;
}

/** `record`: the event the object belongs to (null: none); `base` makes its picture URLs absolute ('' for paths). */
export function alertFields(camera: string, alert: ObjectAlert, summary: string, labels: string[], record: EventRecord | null, base: string): AlertFields {
  // The event's pictures are this object's only when it is one of the event's objects.
  const ours = record?.objects?.some((o) => o.id === alert.object.id) ? publicEvent(record, base) : null;
  return {
    type: alert.kind,
    camera,
    summary,
    objectId: alert.object.id,
    object: alert.object,
    labels,
    zone: alert.zone,
    forMs: alert.forMs,
    at: alert.at,
    eventId: ours?.id ?? null,
    snapshotUrl: ours?.snapshotUrl ?? null,
    thumbnailUrl: ours?.thumbnailUrl ?? null,
  };
}
