import { describe, expect, it } from 'vitest';
import { Renditions, type Resize } from '../../../server/relay/renditions.js';
import type { Frame } from '../../../server/relay/frame.js';
import { LOW_QUALITY_RUNG, rungFor } from '../../../server/relay/rungs.js';

const R320 = rungFor(320)!;
const R640 = rungFor(640)!;

/** A resizer the test finishes by hand, counting what it was asked. */
function manualResize() {
  const calls: Array<{ width: number; quality: number; finish: () => void; fail: () => void }> = [];
  const resize: Resize = (_jpeg, width, quality) =>
    new Promise((resolve, reject) => {
      calls.push({
        width,
        quality,
        finish: () => resolve({ jpeg: Buffer.from(`${width}`), width, height: (width * 9) / 16 }),
        fail: () => reject(new Error('bad')),
      });
    });
  return { resize, calls };
}

const frame = (seq: number, cameraId = 'cam'): Frame =>
  ({ cameraId, seq, jpeg: Buffer.from([seq]), meta: { cameraId, seq, epoch: 1, width: 1280, height: 720 } }) as unknown as Frame;
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Renditions whose 320 rung has made a rendition of `first`. */
async function madeAt320() {
  const { resize, calls } = manualResize();
  const r = new Renditions(resize, () => {});
  const first = frame(1);
  r.push(first, [R320]);
  calls[0]!.finish();
  await flush();
  return { r, calls, first };
}

describe('Renditions', () => {
  describe('#push', () => {
    it('resizes a frame once per rung asked for, and hands each rendition on with its size', async () => {
      const { resize, calls } = manualResize();
      const ready: Array<[string, number, number]> = [];
      const r = new Renditions(resize, (rendition, source, rung) => ready.push([rung.label, source.seq, rendition.meta.width]));
      r.push(frame(1), [R320, R640]);
      expect(calls.map((c) => c.width)).toEqual([320, 640]);
      calls.forEach((c) => c.finish());
      await flush();
      expect(ready).toEqual([
        ['320', 1, 320],
        ['640', 1, 640],
      ]);
      expect(r.counts()).toEqual([
        { rung: '320', made: 1, dropped: 0, failed: 0, supplied: 0, fallbacks: 0 },
        { rung: '640', made: 1, dropped: 0, failed: 0, supplied: 0, fallbacks: 0 },
      ]);
    });

    it('makes the low-quality rung at its own quality, as a line of its own beside the same width', async () => {
      const { resize, calls } = manualResize();
      const r = new Renditions(resize, () => {});
      r.push(frame(1), [R320, LOW_QUALITY_RUNG]);
      expect(calls.map((c) => [c.width, c.quality])).toEqual([
        [320, 70],
        [320, 40],
      ]);
      calls.forEach((c) => c.finish());
      await flush();
      expect(r.counts().map((c) => c.rung)).toEqual(['320-q40', '320']);
    });

    it('does no work for a rung nobody asked for', () => {
      const { resize, calls } = manualResize();
      const r = new Renditions(resize, () => {});
      r.push(frame(1), []);
      expect(calls).toHaveLength(0);
      expect(r.counts()).toEqual([]);
    });

    it('never queues: while a resize runs, a newer frame replaces the waiting one', async () => {
      const { resize, calls } = manualResize();
      const made: number[] = [];
      const r = new Renditions(resize, (_rendition, source) => made.push(source.seq));
      for (let seq = 1; seq <= 5; seq++) r.push(frame(seq), [R640]);
      expect(calls).toHaveLength(1);
      calls[0]!.finish();
      await flush();
      expect(calls).toHaveLength(2);
      calls[1]!.finish();
      await flush();
      expect(made).toEqual([1, 5]);
      expect(r.counts()[0]).toMatchObject({ made: 2, dropped: 3 });
    });

    it('loses a frame that cannot be decoded, not the line', async () => {
      const { resize, calls } = manualResize();
      const r = new Renditions(resize, () => {});
      r.push(frame(1), [R320]);
      calls[0]!.fail();
      await flush();
      r.push(frame(2), [R320]);
      expect(calls).toHaveLength(2);
      expect(r.counts()[0]).toMatchObject({ failed: 1 });
    });
  });

  describe('#madeFrom', () => {
    it('gives the rendition made from exactly this frame, or null', async () => {
      const { r, first } = await madeAt320();
      expect(r.madeFrom(first, R320)?.meta.width).toBe(320);
      expect(r.madeFrom(frame(1), R320)).toBeNull();
      expect(r.madeFrom(first, R640)).toBeNull();
    });
  });

  describe('#of', () => {
    it('reuses the rendition made for viewers, and makes one only when there is none', async () => {
      const { r, calls, first } = await madeAt320();
      expect((await r.of(first, R320)).meta.width).toBe(320);
      expect(calls).toHaveLength(1);
      const made = r.of(first, R640);
      calls[1]!.finish();
      expect((await made).meta.width).toBe(640);
    });
  });

  describe('#supply', () => {
    /** Renditions on a clock the test moves, with the fallbacks it was told of. */
    function supplied() {
      const { resize, calls } = manualResize();
      let now = 1000;
      const ready: Array<[string, number]> = [];
      const fallbacks: string[] = [];
      const r = new Renditions(resize, (rendition, _source, rung) => ready.push([rung.label, rendition.seq]), {
        now: () => now,
        onFallback: (cameraId, rung) => fallbacks.push(`${cameraId}@${rung.label}`),
      });
      return { r, calls, ready, fallbacks, advance: (ms: number) => (now += ms) };
    }

    it("hands the camera side's rendition on untouched and resizes nothing for that rung while it keeps coming", () => {
      const { r, calls, ready } = supplied();
      const made = frame(2);
      r.supply(made, frame(1), R320);
      r.push(frame(3), [R320]);
      expect(ready).toEqual([['320', 2]]);
      expect(calls).toHaveLength(0);
      expect(r.suppliedFrame('cam', R320)).toBe(made);
      expect(r.countsOf('cam', R320)).toMatchObject({ made: 0, supplied: 1, fallbacks: 0 });
    });

    it('resizes the rung itself again once the camera side has sent none for over 2 s, and says so once', () => {
      const { r, calls, fallbacks, advance } = supplied();
      r.supply(frame(2), frame(1), R320);
      advance(2000);
      r.push(frame(3), [R320]);
      expect(calls).toHaveLength(0);
      advance(1);
      r.push(frame(4), [R320]);
      r.push(frame(5), [R320]);
      expect(calls).toHaveLength(1);
      expect(fallbacks).toEqual(['cam@320']);
      expect(r.suppliedFrame('cam', R320)).toBeNull();
      expect(r.countsOf('cam', R320)).toMatchObject({ fallbacks: 1 });
    });

    it('still resizes the rungs the camera side does not supply', () => {
      const { r, calls } = supplied();
      r.supply(frame(2), frame(1), R320);
      r.push(frame(3), [R320, R640]);
      expect(calls.map((c) => c.width)).toEqual([640]);
    });
  });

  describe('#smallestSupplied', () => {
    it('is the narrowest rendition the camera side still supplies, or null', () => {
      let now = 0;
      const r = new Renditions(manualResize().resize, () => {}, { now: () => now });
      expect(r.smallestSupplied('cam')).toBeNull();
      const at640 = frame(2);
      const at320 = frame(3);
      r.supply(at640, frame(1), R640);
      r.supply(at320, frame(1), R320);
      expect(r.smallestSupplied('cam')).toBe(at320);
      now = 2001;
      expect(r.smallestSupplied('cam')).toBeNull();
    });
  });
});
