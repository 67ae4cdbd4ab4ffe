/**
 * Blocking playlist reload (RFC 8216bis 6.2.5.2): a player asks for the playlist `?_HLS_msn=M&_HLS_part=P` and
 * the answer waits until the playlist holds part P of segment M, or something later. What the query asks is read
 * here, and checked against a camera's segmenter; the waiting itself is HlsPackagers#until. Pure code, no I/O.
 */
import type { HlsSegmenter } from './hls-segmenter.js';

/** What a playlist request asks: no wait, a wait, or a question the relay answers 400 (HLS_BAD_DIRECTIVE). */
export type Directive = { kind: 'now' } | { kind: 'wait'; msn: number; part: number | null } | { kind: 'bad' };

/** RFC 8216bis: a part further than this past the newest one is refused. */
const ADVANCE_PART_LIMIT = 3;

/** A query value as a small whole number; anything else (an array, a sign, 10+ digits) is undefined. */
const whole = (v: unknown): number | undefined => (typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : undefined);

/** Reads `_HLS_msn` and `_HLS_part` from Express's parsed query. */
export function directive(query: Record<string, unknown>): Directive {
  const [rawMsn, rawPart] = [query._HLS_msn, query._HLS_part];
  if (rawMsn === undefined) return rawPart === undefined ? { kind: 'now' } : { kind: 'bad' };
  const msn = whole(rawMsn);
  const part = rawPart === undefined ? null : whole(rawPart);
  if (msn === undefined || part === undefined) return { kind: 'bad' };
  return { kind: 'wait', msn, part };
}

type View = Pick<HlsSegmenter, 'segments' | 'current'>;

/** The newest segment number and part index the playlist holds now: [-1, -1] before any. */
function edge(seg: View): { msn: number; part: number } {
  const cur = seg.current;
  if (cur && cur.parts.length > 0) return { msn: cur.n, part: cur.parts.length - 1 };
  const last = seg.segments.at(-1);
  return last ? { msn: last.n, part: last.parts.length - 1 } : { msn: -1, part: -1 };
}

/** True once the playlist holds what the directive asks for (a later segment or part counts). */
export function satisfied(seg: View, d: Extract<Directive, { kind: 'wait' }>): boolean {
  const last = seg.segments.at(-1);
  if (d.part === null) return last !== undefined && last.n >= d.msn;
  if (last && last.n > d.msn) return true;
  // Past the last part of a finished segment: the request is for part 0 of the next one (RFC 8216bis 6.2.5.2).
  if (last && last.n === d.msn && d.part < last.parts.length) return true;
  const cur = seg.current;
  if (!cur) return false;
  if (cur.n > d.msn) return cur.parts.length > 0;
  return cur.n === d.msn && d.part < cur.parts.length;
}

/** RFC 8216bis: a segment more than two past the newest, or a part further than the advance part limit, is a bad request. */
export function tooFar(seg: View, d: Extract<Directive, { kind: 'wait' }>): boolean {
  const e = edge(seg);
  // Before the first part there is nothing to count from: the first wait is bounded by time alone.
  if (e.msn < 0) return d.msn > 2;
  if (d.msn > e.msn + 2) return true;
  if (d.part === null) return false;
  // Parts ahead of the newest: those left in its segment counted as about the advance limit's worth.
  const ahead = d.msn === e.msn ? d.part - e.part : d.msn === e.msn + 1 ? d.part + 1 : d.part + 1 + ADVANCE_PART_LIMIT;
  return ahead > ADVANCE_PART_LIMIT;
}
