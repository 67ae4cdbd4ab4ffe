/**
 * The holes between recorded segments, each with the reason the segment before it gave for ending:
 * what a timeline shows as "relay down", "camera offline", "disk full" or "recording off".
 */
import type { Gap, GapReason } from '../../shared/segments.js';
import type { SegmentRecord } from './segment-files.js';

export type { Gap, GapReason };

/** Holes shorter than this after a segment that simply rotated are jitter between frames, not gaps. */
export const GAP_TOLERANCE_MS = 2500;
/** After a segment that ended for a reason (relay down, disk full...), any hole longer than a frame or so is a gap. */
const REASONED_GAP_MS = 250;

/**
 * Gaps in [from, to) around `segments` (sorted by start). Before the first segment nothing is known
 * (`not-recorded`); after a segment, its end reason says why; after one still open, nothing until now.
 */
export function gapsOf(segments: readonly SegmentRecord[], from: number, to: number, now: number): Gap[] {
  const gaps: Gap[] = [];
  const add = (start: number, end: number, reason: GapReason, tolerance: number) => {
    const s = Math.max(start, from);
    const e = Math.min(end, to, now);
    if (e - s > tolerance) gaps.push({ start: s, end: e, reason });
  };
  let cursor = from;
  let reason: GapReason = 'not-recorded';
  let tolerance = GAP_TOLERANCE_MS;
  for (const s of segments) {
    add(cursor, s.start, reason, tolerance);
    cursor = Math.max(cursor, s.end);
    // A segment ended by rotation followed by a hole: its frames stopped coming before the next began.
    const rotated = s.state === 'open' || s.endReason === null || s.endReason === 'rotate';
    reason = rotated ? 'camera-offline' : (s.endReason as GapReason);
    tolerance = rotated ? GAP_TOLERANCE_MS : REASONED_GAP_MS;
  }
  const last = segments.at(-1);
  // An open segment's sidecar trails its frames by a few seconds: no gap after it until it is stale.
  if (!(last?.state === 'open')) add(cursor, to, reason, tolerance);
  return gaps;
}
