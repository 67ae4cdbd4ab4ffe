/**
 * What a browser's own HLS player is answered (hls-element-reloads.ts): which fetches are a media element's, and the
 * segment each of its reloads must bring, remembered per packager and for a bounded number of readers.
 */
import { describe, expect, it } from 'vitest';
import { ElementReloads, fromMediaElement } from '../../../server/streams/hls-element-reloads.js';
import type { HlsSegment, HlsSegmenter } from '../../../server/streams/hls-segmenter.js';

const segment = (n: number): HlsSegment => ({ n, init: 1, disc: 0, startAt: 0, durationMs: 2000, bytes: Buffer.alloc(1), parts: [] });
/** A segmenter's window by hand: finished segments numbered `from` to `to`. */
const windowOf = (from: number, to: number) => ({ segments: Array.from({ length: to - from + 1 }, (_, i) => segment(from + i)) }) as unknown as HlsSegmenter;

describe('fromMediaElement', () => {
  it("takes a <video>'s or an <audio>'s own fetch, and not a script's, nor a program's that sends no Sec-Fetch-Dest", () => {
    expect(fromMediaElement({ 'sec-fetch-dest': 'video' })).toBe(true);
    expect(fromMediaElement({ 'sec-fetch-dest': 'audio' })).toBe(true);
    expect(fromMediaElement({ 'sec-fetch-dest': 'empty' })).toBe(false);
    expect(fromMediaElement({})).toBe(false);
  });
});

describe('ElementReloads', () => {
  describe('#fresh', () => {
    it('holds at once for a reader never answered, once a segment is listed', () => {
      const reloads = new ElementReloads();
      const seg = windowOf(0, 0);
      expect(reloads.fresh(seg, 'token:a@1.2.3.4')(seg)).toBe(true);
      expect(reloads.fresh(seg, 'token:a@1.2.3.4')({ segments: [] })).toBe(false);
    });

    it('holds for an answered reader only once a newer segment is listed, and for another reader at once', () => {
      const reloads = new ElementReloads();
      const seg = windowOf(0, 1);
      reloads.answer(seg, 'token:a@1.2.3.4');
      const fresh = reloads.fresh(seg, 'token:a@1.2.3.4');
      expect(fresh(seg)).toBe(false);
      expect(fresh(windowOf(0, 2))).toBe(true);
      expect(reloads.fresh(seg, 'token:b@1.2.3.4')(seg)).toBe(true);
    });

    it("knows nothing of a reader's last answer on a packager started again (its segments count from 0)", () => {
      const reloads = new ElementReloads();
      reloads.answer(windowOf(3, 5), 'token:a@1.2.3.4');
      const again = windowOf(0, 0);
      expect(reloads.fresh(again, 'token:a@1.2.3.4')(again)).toBe(true);
    });
  });

  describe('#answer', () => {
    it('remembers maxReaders readers at most, forgetting the one answered longest ago', () => {
      const reloads = new ElementReloads(2);
      const seg = windowOf(0, 0);
      for (const r of ['a', 'b', 'a', 'c']) reloads.answer(seg, r);
      expect(['a', 'b', 'c'].map((r) => reloads.fresh(seg, r)(seg))).toEqual([false, true, false]);
    });
  });
});
