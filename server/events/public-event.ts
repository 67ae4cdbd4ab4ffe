/** An event as the API and webhooks show it (shared/events.ts): its record, with the URLs of its pictures (null until they are written). */
import type { EventObject, MotionEvent } from '../../shared/events.js';
import type { EventRecord } from './event-record.js';

/** `base` makes the URLs absolute (a webhook's receiver is elsewhere); paths by default. */
export function publicEvent(e: EventRecord, base = ''): MotionEvent {
  const at = `${base}/api/cameras/${encodeURIComponent(e.camera)}/events/${e.id}`;
  return {
    id: e.id,
    camera: e.camera,
    start: e.start,
    end: e.end,
    cutShort: e.cutShort === true,
    peakScore: e.peakScore,
    peakAt: e.peakAt ?? null,
    snapshotUrl: e.pictures ? `${at}/snapshot.jpg` : null,
    thumbnailUrl: e.pictures ? `${at}/thumbnail.jpg` : null,
    ...(e.objects?.length ? { objects: e.objects.map((o) => withPictureUrl(o, at)), labels: [...new Set(e.objects.map((o) => o.tracked))] } : {}),
    ...(e.boxes ? { boxes: e.boxes } : {}),
  };
}

/** An object as shown: the URL of its own picture once it is written, in place of the record's flag. */
function withPictureUrl(o: EventObject, at: string): EventObject {
  const { picture, ...shown } = o;
  return picture && o.id !== undefined ? { ...shown, pictureUrl: `${at}/objects/${o.id}.jpg` } : shown;
}

/** `recording.publicUrl`: the relay's address as users reach it, the base of event links; kept in recording's section (docs/notifications.md), null when unset or recording is off. */
export function publicUrlOf(config: object): string | null {
  return (config as { recording?: { publicUrl?: string | null } }).recording?.publicUrl ?? null;
}
