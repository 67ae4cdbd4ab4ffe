/**
 * "At today's rate, N days fit" (#42 item 3): the bytes recorded per day, measured from the recordings that exist,
 * against the room recordings have (what they take now plus the free space above the floor retention keeps).
 */
import type { RetentionForecast } from '../../shared/system.js';

export const DAY_MS = 86_400_000;
/** Less than this much recorded says nothing of a day: a rate from 2 minutes would swing with every motion event. */
export const MIN_SPAN_MS = 15 * 60_000;

export interface RecordedSpan {
  start: number;
  end: number;
  bytes: number;
}

/**
 * Bytes recorded per day over the last 24 h before `now`: each segment counts for the part of it inside that window
 * (bytes spread evenly over its time). The window starts at the first recording in it when recording began later
 * (a relay set up an hour ago measures that hour), and is null under MIN_SPAN_MS.
 */
export function bytesPerDay(segments: readonly RecordedSpan[], now: number): number | null {
  const from = now - DAY_MS;
  let bytes = 0;
  let first = Infinity;
  for (const s of segments) {
    if (s.end < from || s.start > now) continue;
    const start = Math.max(s.start, from);
    const length = s.end - s.start;
    bytes += length > 0 ? (s.bytes * (Math.min(s.end, now) - start)) / length : s.bytes;
    first = Math.min(first, start);
  }
  if (first === Infinity) return null;
  const span = now - first;
  if (span < MIN_SPAN_MS) return null;
  return Math.round((bytes * DAY_MS) / span);
}

export interface ForecastInput {
  /** Bytes per day (bytesPerDay), or null. */
  rate: number | null;
  /** Bytes the recordings take now. */
  usedBytes: number;
  /** Free bytes of the recordings' filesystem, or null when unknown. */
  freeBytes: number | null;
  /** recording.minFreeMb in bytes. */
  floorBytes: number;
  /** Each recording camera's retention days (0: until the disk needs room). */
  retentionDays: readonly number[];
}

/** The forecast the System section states; days are whole days, rounded down (a promise of 11 days must hold 11). */
export function forecast(i: ForecastInput): RetentionForecast {
  const retentionDays = i.retentionDays.length === 0 ? null : i.retentionDays.includes(0) ? 0 : Math.max(...i.retentionDays);
  const room = i.usedBytes + Math.max(0, (i.freeBytes ?? 0) - i.floorBytes);
  const daysFit = i.rate && i.rate > 0 && i.freeBytes !== null ? Math.floor(room / i.rate) : null;
  return { bytesPerDay: i.rate, daysFit, retentionDays, floorBytes: i.floorBytes };
}
