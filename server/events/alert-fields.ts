/**
 * What every outlet says of an object's alert (#57: a stay past a zone's loitering time, or a leaving): MQTT's message
 * (mqtt/event-message.ts) and a webhook's JSON body (notifications/webhooks/webhook-request.ts) start from these fields.
 */
import type { EventObject } from '../../shared/events.js';
import type { ObjectAlert } from './event-record.js';

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
}

export function alertFields(camera: string, alert: ObjectAlert, summary: string, labels: string[]): AlertFields {
  return { type: alert.kind, camera, summary, objectId: alert.object.id, object: alert.object, labels, zone: alert.zone, forMs: alert.forMs, at: alert.at };
}
