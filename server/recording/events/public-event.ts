/** An event as the API and webhooks show it: its record, with the URLs of its pictures (null until they are written). */
import type { EventRecord } from '../segment-files.js';

export interface PublicEvent {
  id: string;
  camera: string;
  start: number;
  end: number | null;
  /** The relay stopped while motion lasted: `end` is the last moment recorded, not when motion ended. */
  cutShort: boolean;
  peakScore: number | null;
  peakAt: number | null;
  snapshotUrl: string | null;
  thumbnailUrl: string | null;
}

/** `base` makes the URLs absolute (a webhook's receiver is elsewhere); paths by default. */
export function publicEvent(e: EventRecord, base = ''): PublicEvent {
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
  };
}
