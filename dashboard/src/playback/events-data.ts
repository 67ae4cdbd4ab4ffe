/**
 * The motion events of a local day: `GET /api/events?from=&to=` (every camera the user may see), or,
 * from a relay without that route, each camera's `/recordings` listing. Either way, the segment
 * that holds each event's start, so a card can show a frame of it when the event has no thumbnail,
 * and where the recording of each event begins, so a card plays what was recorded.
 */
import type { EventList, MotionEvent } from '../../../shared/events.js';
import type { Segment } from '../../../shared/segments.js';
import { loadDay, playFrom, segmentAt, type Get } from './day-data.js';
import { spans } from './time.js';

export interface EventItem {
  event: MotionEvent;
  /** The recording the event starts in, if known (for a picture without a thumbnail). */
  segment: Segment | null;
  /** Where a click plays from: `lead` ms before the event, or the first recorded moment after; null when nothing of it was recorded. */
  playFrom: number | null;
}

type Loaded = { ok: true; items: EventItem[] } | { ok: false; message: string };

/** Events of [from, to), newest first, of `camera` or of all `cameras` (ids the page knows), played from `lead` ms before. */
export async function loadEvents(get: Get, from: number, to: number, camera: string | null, cameras: readonly string[], lead: number): Promise<Loaded> {
  const events: MotionEvent[] = [];
  let fallback = false;
  for (const [a, b] of spans(from, to)) {
    const r = await get<EventList>(`/api/events?from=${a}&to=${b}${camera ? `&camera=${encodeURIComponent(camera)}` : ''}`);
    // An older relay has no /api/events (404, or the page's HTML): ask each camera instead.
    if (!r.ok && (r.status === 404 || r.body.error === 'BAD_RESPONSE') && r.body.error !== 'UNKNOWN_CAMERA') {
      fallback = true;
      break;
    }
    if (!r.ok) return { ok: false, message: r.body.message };
    events.push(...r.body.events);
  }
  const segments = new Map<string, Segment[]>();
  // The listings also give segments: fetched for the fallback, and for every camera with an event (where its cards play from).
  const wanted = fallback ? (camera ? [camera] : cameras) : [...new Set(events.map((e) => e.camera))];
  for (const id of wanted) {
    const day = await loadDay(get, id, from, to);
    if (!day.ok) {
      if (fallback) return { ok: false, message: day.message };
      continue;
    }
    segments.set(id, day.day.segments);
    if (fallback) events.push(...day.day.events.map((e) => ({ ...e, camera: e.camera ?? id })));
  }
  const unique = new Map(events.map((e) => [`${e.camera}/${e.id}`, e]));
  const items = [...unique.values()]
    .sort((x, y) => y.start - x.start)
    .map((event) => {
      const recorded = segments.get(event.camera) ?? [];
      return { event, segment: segmentAt(recorded, event.start), playFrom: playFrom(recorded, event, lead) };
    });
  return { ok: true, items };
}
