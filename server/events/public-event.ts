/** An event as the API and webhooks show it (shared/events.ts): its record, with the URLs of its pictures (null until they are written). */
import type { EventObject, MotionEvent } from '../../shared/events.js';
import type { EventRecord } from './event-record.js';
import { seesIdentities, type Principal } from '../auth/authenticator.js';

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

/**
 * The event as `p` may see it (#58): without the plates read, faces seen and the names of known plates and people
 * unless `p` may see them (an admin, or a user with `identities`); such a user sees "car" and "person". The owner's webhooks and MQTT carry them.
 */
export function shownTo(p: Pick<Principal, 'role' | 'identities'>, e: MotionEvent): MotionEvent {
  return seesIdentities(p) ? e : withoutIdentities(e);
}

/** An event (shown or as recorded) without its objects' plates and faces. */
export function withoutIdentities<E extends { objects?: EventObject[] }>(e: E): E {
  if (!e.objects?.some((o) => o.plate || o.face)) return e;
  return { ...e, objects: e.objects.map(({ plate: _plate, face: _face, ...o }) => o) };
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
