/**
 * A motion event's start or end as published on `<prefix>/<camera>/event`: the fields webhooks post
 * (docs/notifications.md), and `eventUrl`, the Live Monitor playing the event. Pure.
 */
import type { EventType } from '../recording/events/event-log.js';
import { publicEvent } from '../recording/events/public-event.js';
import type { EventRecord } from '../recording/segment-files.js';

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
}

/** `base`: the relay's address as users reach it (`https://cams.example.com`), so every link is absolute. */
export function eventMessage(type: EventType, record: EventRecord, base: string): EventMessage {
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
  };
}
