/**
 * What an export of [from, to) will hold, known before ffmpeg starts: the first and last recorded
 * moments, how much was recorded, and the gaps the clip leaves out. ffmpeg's concat joins the
 * segments end to end, so without this a clip with a hole is silently shorter than asked.
 */
import type { ExportPlan } from '../../shared/export-plan.js';
import { gapsOf } from './gaps.js';
import type { SegmentRecord } from './segment-files.js';

export type { ExportPlan };

/** `2026-11-23T14-03-22Z`: a moment as part of a file name (no colons, which Windows refuses). */
const stamp = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace(/:/g, '-') + 'Z';

/** The file name of a clip of `camera` from `a` to `b`: the date once when both are on the same UTC day. */
export function clipName(camera: string, a: number, b: number): string {
  const [start, end] = [stamp(a), stamp(b)];
  return `${camera}-${start}-to-${start.slice(0, 10) === end.slice(0, 10) ? end.slice(11) : end}.mp4`;
}

/** The plan of an export of `segments` (sorted by start) over [from, to), or null when nothing is recorded there. */
export function planExport(camera: string, segments: readonly SegmentRecord[], from: number, to: number, now: number): ExportPlan | null {
  let recordedMs = 0;
  let cursor = from;
  let recordedFrom = Infinity;
  let recordedTo = -Infinity;
  for (const s of segments) {
    const a = Math.max(s.start, cursor);
    const b = Math.min(s.end, to);
    if (b <= a) continue;
    recordedMs += b - a;
    cursor = b;
    recordedFrom = Math.min(recordedFrom, a);
    recordedTo = Math.max(recordedTo, b);
  }
  if (recordedMs === 0) return null;
  const gaps = gapsOf(segments, from, to, now);
  const inside = gaps.filter((g) => g.start >= recordedFrom && g.end <= recordedTo);
  return {
    camera,
    from,
    to,
    recordedFrom,
    recordedTo,
    recordedMs,
    gaps,
    skipped: inside.length,
    skippedMs: inside.reduce((n, g) => n + g.end - g.start, 0),
    name: clipName(camera, recordedFrom, recordedTo),
  };
}

const seconds = (ms: number) => String(Math.round(ms / 100) / 10);

/**
 * The plan in response headers (docs/recording.md#exports), for clients that read no JSON:
 * `X-Camrelay-Export-Range: <first ms>-<last ms>`, `X-Camrelay-Export-Recorded: <s>`,
 * `X-Camrelay-Export-Gaps: <count>; missing=<s>` (the gaps joined over inside the clip).
 */
export function planHeaders(plan: ExportPlan): Record<string, string> {
  return {
    'X-Camrelay-Export-Range': `${plan.recordedFrom}-${plan.recordedTo}`,
    'X-Camrelay-Export-Recorded': seconds(plan.recordedMs),
    'X-Camrelay-Export-Gaps': `${plan.skipped}; missing=${seconds(plan.skippedMs)}`,
    'Content-Disposition': `attachment; filename="${plan.name}"`,
  };
}
