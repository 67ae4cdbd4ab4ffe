/**
 * A motion event's start, end or objects as published on `<prefix>/<camera>/event`: the fields
 * webhooks post (docs/notifications.md), and `eventUrl`, the Live Monitor playing the event; and an
 * object's loitering or leaving on `<prefix>/<camera>/alert` (#57). Pure.
 */
import type { EventObject } from '../../shared/events.js';
import { eventSummary, leftSummary } from '../../common/detect/event-summary.js';
import type { EventType, ObjectAlert } from '../events/event-record.js';
import { alertFields, type AlertFields } from '../events/alert-fields.js';
import { publicEvent } from '../events/public-event.js';
import type { EventRecord } from '../events/event-record.js';

export interface EventMessage {
  type: EventType;
  eventId: string;
  camera: string;
  /** ms since 1970; `end` is null at the start. */
  start: number;
  end: number | null;
  peakScore: number | null;
  /** The Live Monitor playing the camera's recording from the event's start (it signs in first). */
  eventUrl: string;
  snapshotUrl: string | null;
  thumbnailUrl: string | null;
  /** When the detector found objects on the event (an `object` message, and the end of such an event): all of them so far, first seen first. */
  objects?: EventObject[];
  /** The names they are followed as, each once. */
  labels?: string[];
  /** Their words, as notifications say them: "Person at Front door · Driveway". */
  summary?: string;
}

/** `base`: the relay's address as users reach it (`https://cams.example.com`), so every link is absolute; `name`: the camera's display name. */
export function eventMessage(type: EventType, record: EventRecord, base: string, name = record.camera): EventMessage {
  const e = publicEvent(record, base);
  return {
    type,
    eventId: e.id,
    camera: e.camera,
    start: e.start,
    end: e.end,
    peakScore: e.peakScore,
    // The view that plays a moment (docs/recording.md): #/camera/<id>/at/<ms>.
    eventUrl: `${base}/#/camera/${encodeURIComponent(e.camera)}/at/${e.start}`,
    snapshotUrl: e.snapshotUrl,
    thumbnailUrl: e.thumbnailUrl,
    ...(e.objects ? { objects: e.objects, labels: e.labels, summary: eventSummary(name, e.objects) } : {}),
  };
}

/** A loitering or leaving alert as published on `<prefix>/<camera>/alert`: the fields a webhook posts for it, with `eventUrl`. */
export interface AlertMessage extends AlertFields {
  /** The Live Monitor playing the camera's recording from when the object came. */
  eventUrl: string;
}

/** `name`: the camera's display name, which a leaving from no zone is told by; `record`: the event the object belongs to (events' `eventOf`), if any. */
export function alertMessage(camera: string, alert: ObjectAlert, base: string, name = camera, record: EventRecord | null = null): AlertMessage {
  const summary = alert.kind === 'left' && alert.zone === null ? leftSummary(alert.object.label, name, alert.forMs) : alert.text;
  return {
    ...alertFields(camera, alert, summary, [alert.object.tracked], record, base),
    eventUrl: `${base}/#/camera/${encodeURIComponent(camera)}/at/${alert.object.at}`,
  };
}
