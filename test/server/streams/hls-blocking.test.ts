/**
 * The blocking reload's query and its checks (hls-blocking.ts) against a window made by hand: what `_HLS_msn` and
 * `_HLS_part` ask, when the playlist holds it, and what RFC 8216bis says to refuse at once.
 */
import { describe, expect, it } from 'vitest';
import { directive, satisfied, tooFar } from '../../../server/streams/hls-blocking.js';
import type { HlsPart, HlsSegment } from '../../../server/streams/hls-segmenter.js';

const part = (id: number): HlsPart => ({ id, startAt: 0, durationMs: 300, independent: false, bytes: Buffer.alloc(1) });
const segment = (n: number, parts = 4): HlsSegment => ({
  n,
  init: 1,
  disc: 0,
  startAt: 0,
  durationMs: 1200,
  bytes: Buffer.alloc(1),
  parts: Array.from({ length: parts }, (_, i) => part(n * 4 + i)),
});
/** Segments 5 and 6 finished (4 parts each), 7 being made with `parts` parts. */
const view = (parts: number) => ({
  segments: [segment(5), segment(6)],
  current: { n: 7, init: 1, disc: 0, startAt: 0, parts: Array.from({ length: parts }, (_, i) => part(28 + i)) },
});
const wait = (msn: number, part: number | null = null) => ({ kind: 'wait' as const, msn, part });

describe('directive', () => {
  it('reads no directive as an answer now, and _HLS_msn with or without _HLS_part as a wait', () => {
    expect(directive({ token: 'x' })).toEqual({ kind: 'now' });
    expect(directive({ _HLS_msn: '7' })).toEqual(wait(7));
    expect(directive({ _HLS_msn: '7', _HLS_part: '2' })).toEqual(wait(7, 2));
  });

  it('refuses a part without a segment, signs, fractions, 10 digits and repeated parameters', () => {
    for (const q of [
      { _HLS_part: '1' },
      { _HLS_msn: '-1' },
      { _HLS_msn: '1.5' },
      { _HLS_msn: '1234567890' },
      { _HLS_msn: ['1', '2'] },
      { _HLS_msn: '1', _HLS_part: { a: '1' } },
      { _HLS_msn: '' },
    ]) {
      expect(directive(q), JSON.stringify(q)).toEqual({ kind: 'bad' });
    }
  });
});

describe('satisfied', () => {
  it('holds for a part the segment being made has, and not for its next part', () => {
    expect(satisfied(view(2), wait(7, 1))).toBe(true);
    expect(satisfied(view(2), wait(7, 2))).toBe(false);
  });

  it('holds for any part of a finished segment, a part past its last meaning part 0 of the next', () => {
    expect(satisfied(view(0), wait(6, 3))).toBe(true);
    expect(satisfied(view(0), wait(6, 4))).toBe(false);
    expect(satisfied(view(1), wait(6, 4))).toBe(true);
  });

  it('holds for a segment alone once it is finished', () => {
    expect(satisfied(view(3), wait(6))).toBe(true);
    expect(satisfied(view(3), wait(7))).toBe(false);
  });
});

describe('tooFar', () => {
  it('refuses a segment more than two past the newest at once', () => {
    expect(tooFar(view(1), wait(9))).toBe(false);
    expect(tooFar(view(1), wait(10))).toBe(true);
  });

  it('refuses a part more than three past the newest part', () => {
    expect(tooFar(view(1), wait(7, 3))).toBe(false);
    expect(tooFar(view(1), wait(7, 4))).toBe(true);
    expect(tooFar(view(3), wait(8, 0))).toBe(false);
    expect(tooFar(view(3), wait(8, 3))).toBe(true);
  });
});
