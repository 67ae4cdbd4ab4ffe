/** The camera-free test pattern: real sharp renders, paced by the ticker (on fake timers where time is asserted). */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { hasJpegMarkers, readJpegSize } from '../../../common/codec/jpeg.js';
import { svgTextRenders, TestPatternSource } from '../../../capture-client/sources/test-pattern.js';
import type { SourceFrame } from '../../../capture-client/sources/source.js';
import { rawPixels } from '../../helpers/jpeg.js';
import { waitFor } from '../../helpers/wait.js';

/** Mean absolute difference per channel value between two decoded frames. */
async function meanDiff(a: Buffer, b: Buffer): Promise<number> {
  const [pa, pb] = await Promise.all([rawPixels(a), rawPixels(b)]);
  let sum = 0;
  for (let i = 0; i < pa.data.length; i++) sum += Math.abs(pa.data[i]! - pb.data[i]!);
  return sum / pa.data.length;
}

describe('TestPatternSource', () => {
  const sources: TestPatternSource[] = [];
  const make = (opts: ConstructorParameters<typeof TestPatternSource>[0]): TestPatternSource => {
    const s = new TestPatternSource(opts);
    sources.push(s);
    return s;
  };
  afterEach(async () => {
    await Promise.all(sources.splice(0).map((s) => s.stop()));
  });

  describe('#ctor', () => {
    it('defaults to 640x360 at quality 80', () => {
      const s = make({ fps: 10 });
      expect([s.width, s.height, s.quality, s.fps]).toEqual([640, 360, 80, 10]);
    });

    it('throws BAD_CONFIG for sizes, rates or qualities out of range', () => {
      for (const opts of [{ fps: 0 }, { fps: 10, width: 8 }, { fps: 10, height: 1.5 }, { fps: 10, quality: 101 }]) {
        expect(() => new TestPatternSource(opts)).toThrow(expect.objectContaining({ code: 'BAD_CONFIG' }));
      }
    });
  });

  describe('#start', () => {
    it('produces valid JPEGs of the asked size whose pixels change from frame to frame', async () => {
      const frames: SourceFrame[] = [];
      await make({ fps: 20, width: 320, height: 180, quality: 70 }).start(
        (f) => frames.push(f),
        () => {},
      );
      await waitFor(() => frames.length >= 3, '3 frames', 10_000);
      for (const f of frames.slice(0, 3)) {
        expect(hasJpegMarkers(f.jpeg)).toBe(true);
        expect(readJpegSize(f.jpeg)).toEqual({ width: 320, height: 180 });
        expect([f.width, f.height]).toEqual([320, 180]);
      }
      expect(await meanDiff(frames[0]!.jpeg, frames[1]!.jpeg)).toBeGreaterThan(0.5);
      expect(frames[1]!.capturedAt).toBeGreaterThan(frames[0]!.capturedAt);
    });

    it('keeps to the asked rate instead of running as fast as sharp can', async () => {
      // Only the clock is fake: sharp's renders finish on their own, as they do for users.
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance', 'Date'] });
      try {
        const s = make({ fps: 10, width: 160, height: 90 });
        const render = vi.spyOn(s, 'render');
        let firstFrame!: () => void;
        const delivered = new Promise<void>((resolve) => (firstFrame = resolve));
        await s.start(
          () => firstFrame(),
          (err) => {
            throw err;
          },
        );
        await delivered;
        // The probe at start, then tick 0.
        expect(render).toHaveBeenCalledTimes(2);
        await vi.advanceTimersByTimeAsync(99);
        expect(render).toHaveBeenCalledTimes(2);
        await vi.advanceTimersByTimeAsync(1);
        expect(render).toHaveBeenCalledTimes(3);
      } finally {
        await Promise.all(sources.splice(0).map((s) => s.stop()));
        vi.useRealTimers();
      }
    });
  });

  describe('#stop', () => {
    it('emits no frame once it has resolved', async () => {
      let count = 0;
      let seen = 0;
      const s = make({ fps: 30, width: 160, height: 90 });
      const witness = make({ fps: 30, width: 160, height: 90 });
      await s.start(
        () => count++,
        () => {},
      );
      await witness.start(
        () => seen++,
        () => {},
      );
      await waitFor(() => count >= 2, '2 frames', 10_000);
      await s.stop();
      const [after, seenAtStop] = [count, seen];
      // A twin still running shows that frames were due meanwhile.
      await waitFor(() => seen >= seenAtStop + 3, 'three more frames from the twin', 10_000);
      expect(count).toBe(after);
    });
  });

  describe('#svgTextRenders', () => {
    it('answers the same probe result on every call', async () => {
      expect(await svgTextRenders()).toBe(await svgTextRenders());
    });
  });

  describe('#render', () => {
    it('burns in the text so two times give different frames even at the same box position', async () => {
      const s = make({ fps: 10, width: 320, height: 180 });
      const a = await s.render(5, new Date(2024, 0, 1, 12, 0, 0, 0).getTime());
      const b = await s.render(5, new Date(2024, 0, 1, 18, 47, 33, 999).getTime());
      expect(await meanDiff(a, b)).toBeGreaterThan(0.1);
    });
  });
});
