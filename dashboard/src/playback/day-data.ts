/**
 * What the server has recorded of one camera over a span (a local day): its segments, the gaps
 * between them with their reasons, and its motion events, from `GET /api/cameras/<id>/recordings`
 * asked in pieces of at most 24 h and joined again.
 */
import type { MotionEvent } from '../../../shared/events.js';
import type { RecordingStatus } from '../../../shared/recording-status.js';
import type { Gap, RecordingListing, Segment } from '../../../shared/segments.js';
import type { ApiResult } from '../api.js';
import { spans } from './time.js';

export interface DayData {
  from: number;
  to: number;
  segments: Segment[];
  gaps: Gap[];
  events: MotionEvent[];
  recording: RecordingStatus | null;
}

/** A piece of the day as the recordings route lists it; an older relay may leave out its `recording`. */
type Listing = Pick<RecordingListing, 'segments' | 'gaps' | 'events'> & Partial<Pick<RecordingListing, 'recording'>>;

export type Get = <T>(path: string) => Promise<ApiResult<T>>;

/** Pieces joined: a segment listed in two pieces once, touching gaps of one reason as one. */
export function joinListings(from: number, to: number, parts: readonly Listing[]): DayData {
  const segments = new Map<string, Segment>();
  const events = new Map<string, MotionEvent>();
  const gaps: Gap[] = [];
  for (const p of parts) {
    for (const s of p.segments) segments.set(s.id, s);
    for (const e of p.events) events.set(e.id, e);
    for (const g of p.gaps) {
      const last = gaps.at(-1);
      if (last && last.reason === g.reason && g.start - last.end <= 1) last.end = Math.max(last.end, g.end);
      else gaps.push({ ...g });
    }
  }
  return {
    from,
    to,
    segments: [...segments.values()].sort((a, b) => a.start - b.start),
    gaps,
    events: [...events.values()].sort((a, b) => a.start - b.start),
    recording: parts.at(-1)?.recording ?? null,
  };
}

/** The camera's recordings over [from, to); an error's words when the server refused. */
export async function loadDay(get: Get, camera: string, from: number, to: number): Promise<{ ok: true; day: DayData } | { ok: false; message: string }> {
  const parts: Listing[] = [];
  for (const [a, b] of spans(from, to)) {
    const r = await get<Listing>(`/api/cameras/${encodeURIComponent(camera)}/recordings?from=${a}&to=${b}`);
    if (!r.ok) return { ok: false, message: r.body.message };
    parts.push(r.body);
  }
  return { ok: true, day: joinListings(from, to, parts) };
}

/**
 * Where a segment's last frame lies in its file (s): the recorder ends a segment one interval of
 * its fps cap after the last frame (server/recording/camera-recorder.ts), `capFps` the camera's cap.
 */
export function lastFrameAt(s: Segment, capFps: number): number {
  return Math.max(0, (s.end - s.start) / 1000 - 1 / capFps);
}

/** Frames per second of a segment: the intervals between its first and last frame. */
export function fpsOf(s: Segment, capFps: number): number {
  const last = lastFrameAt(s, capFps);
  return s.frames > 1 && last > 0 ? (s.frames - 1) / last : capFps;
}

/** The segment that holds moment `t`, or null. */
export function segmentAt(segments: readonly Segment[], t: number): Segment | null {
  return segments.find((s) => s.start <= t && t < s.end) ?? null;
}

/** The first segment that starts after `t`. */
export function segmentAfter(segments: readonly Segment[], t: number): Segment | null {
  return segments.find((s) => s.start > t) ?? null;
}

/**
 * Where an event plays from: `lead` ms before it when that was recorded; else the first recorded
 * moment after, if the recording starts before the event ends (motion mode's pre-roll starts a
 * little after the lead, a recording switched on during the event later still); else null.
 */
export function playFrom(segments: readonly Segment[], event: Pick<MotionEvent, 'start' | 'end'>, lead: number): number | null {
  const at = event.start - lead;
  const playable = segments.filter((s) => s.end > s.start);
  if (segmentAt(playable, at)) return at;
  const next = segmentAfter(playable, at);
  return next && next.start < (event.end ?? Infinity) ? next.start : null;
}

/** The recorded moment nearest `t` (itself when recorded), or null when nothing is. */
export function nearestRecorded(segments: readonly Segment[], t: number): number | null {
  let best: number | null = null;
  for (const s of segments) {
    // A segment just opened has no frame yet (end = start): nothing in it to play.
    if (s.end <= s.start) continue;
    const at = Math.min(Math.max(t, s.start), s.end - 1);
    if (best === null || Math.abs(at - t) < Math.abs(best - t)) best = at;
  }
  return best;
}

/** Segments that follow on each other (less than `tolerance` apart) as one range to draw. */
export function recordedRanges(segments: readonly Segment[], tolerance = 2500): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  for (const s of segments) {
    const last = out.at(-1);
    if (last && s.start - last.end <= tolerance) last.end = Math.max(last.end, s.end);
    else out.push({ start: s.start, end: s.end });
  }
  return out;
}
