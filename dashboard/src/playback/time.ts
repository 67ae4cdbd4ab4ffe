/**
 * Times as the playback parts show them: the local day (the server keeps UTC days, the page asks
 * for the local day's hours with `?from=&to=`), clock times, durations, and gap reasons in words.
 */
import type { GapReason } from '../../../shared/segments.js';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
/** The server answers at most 24 h per request (a local day with a DST change has 23 or 25). */
export const MAX_SPAN = 24 * HOUR;

/** Local midnight at or before `ms`. */
export function localDayStart(ms: number): number {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** Local midnight `n` days after the one that starts at `dayStart` (DST-safe: by the calendar, not by 24 h). */
export function addLocalDays(dayStart: number, n: number): number {
  const d = new Date(dayStart);
  d.setDate(d.getDate() + n);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** [from, to) cut into pieces the server accepts (at most 24 h each). */
export function spans(from: number, to: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let at = from; at < to; at += MAX_SPAN) out.push([at, Math.min(to, at + MAX_SPAN)]);
  return out;
}

const two = (n: number) => String(n).padStart(2, '0');

/** `14:03:22` (24-hour, local), or `14:03` without seconds. */
export function clockTime(ms: number, seconds = true): string {
  const d = new Date(ms);
  const hm = `${two(d.getHours())}:${two(d.getMinutes())}`;
  return seconds ? `${hm}:${two(d.getSeconds())}` : hm;
}

/** `14:03:22.4`: where a frame step lands is finer than a second. */
export function clockTenths(ms: number): string {
  return `${clockTime(ms)}.${Math.floor((((ms % 1000) + 1000) % 1000) / 100)}`;
}

/** `Today · Mon 23 Nov`, `Yesterday · …`, or just the date. */
export function dayLabel(dayStart: number, now: number): string {
  const date = new Date(dayStart).toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short' });
  const today = localDayStart(now);
  if (dayStart === today) return `Today · ${date}`;
  if (dayStart === addLocalDays(today, -1)) return `Yesterday · ${date}`;
  return date;
}

/** `YYYY-MM-DD` of the local day, for an input or a file name. */
export function localDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}

/** `45 s`, `3 min`, `2 h 5 min`. */
export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
}

/** Why nothing was recorded, in words: every reason a gap can give (shared/segments.ts). */
export const GAP_WORDS: Record<GapReason, string> = {
  'relay-down': 'relay down',
  'camera-offline': 'camera offline',
  'disk-full': 'disk full',
  'recording-off': 'recording off',
  'no-motion': 'no motion',
  error: 'recording error',
  'not-recorded': 'not recorded',
  uplink: "uplink: the camera PC's link could not carry the recording",
};

export function gapWords(reason: string): string {
  // A newer relay may give a reason this page does not know yet.
  return GAP_WORDS[reason as GapReason] ?? reason.replace(/-/g, ' ');
}
