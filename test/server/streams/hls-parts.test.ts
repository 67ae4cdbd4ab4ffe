/**
 * PartCutter, and HlsSegmenter's parts with real libx264 units (no network): parts cut at frames, none past the
 * part target, the first of each segment marked independent, and a finished segment's bytes its parts' bytes; the part
 * target set from the camera's frame interval, so parts also fill at least 85% of it (RFC 8216bis 4.4.4.9).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { frameInterval, PartCutter, partTargetFor, typicalInterval } from '../../../server/streams/hls-parts.js';
import { HlsSegmenter } from '../../../server/streams/hls-segmenter.js';
import { h264AccessUnits, type AccessUnit } from '../../helpers/h264.js';

let units: AccessUnit[];
/** The same, their SPS stating 10 fps. */
let units10: AccessUnit[];
const T0 = 1_700_000_000_000;
const FRAME_MS = 1000 / 15;

beforeAll(async () => {
  // A keyframe every 30 units: one GOP in 2 s at 15 fps.
  [units, units10] = await Promise.all([h264AccessUnits(120, 320, 180, 30), h264AccessUnits(120, 320, 180, 30, 10)]);
}, 60_000);

describe('PartCutter', () => {
  describe('#push', () => {
    it('ends a part before the frame that would take it past the target, and says so', () => {
      let id = 0;
      const cut = new PartCutter(300);
      const at = [0, 67, 133, 200, 267, 333, 400, 467];
      const finished = at.slice(0, -1).map((t, i) => cut.push(Buffer.from([i]), T0 + t, T0 + at[i + 1]!, i === 0, () => id++));
      // Four frames of 15 fps are 267 ms; a fifth ends at 333.
      expect(finished).toEqual([false, false, false, false, true, false, false]);
      expect(cut.done).toEqual([{ id: 0, startAt: T0, durationMs: 267, independent: true, bytes: Buffer.from([0, 1, 2, 3]) }]);
      expect(cut.size).toBe(7);
    });

    it('gives a frame longer than the target a part of its own', () => {
      let id = 0;
      const cut = new PartCutter(300);
      [0, 1000, 2000].forEach((at) => cut.push(Buffer.from([1]), T0 + at, T0 + at + 1000, false, () => id++));
      expect(cut.done.map((p) => p.durationMs)).toEqual([1000, 1000]);
      expect(cut.done.every((p) => !p.independent)).toBe(true);
    });
  });

  describe('#finish', () => {
    it('ends the open part at the given time and makes the parts views of the one segment buffer', () => {
      let id = 5;
      const cut = new PartCutter(300);
      [0, 100, 200, 300, 400].forEach((at, i) => cut.push(Buffer.from([i, i]), T0 + at, T0 + at + 100, i === 0, () => id++));
      const { bytes, parts } = cut.finish(T0 + 500, () => id++);
      expect(bytes).toEqual(Buffer.from([0, 0, 1, 1, 2, 2, 3, 3, 4, 4]));
      expect(parts.map((p) => [p.id, p.durationMs])).toEqual([
        [5, 300],
        [6, 200],
      ]);
      expect(parts[1]!.bytes.buffer).toBe(bytes.buffer);
      expect(Buffer.concat(parts.map((p) => p.bytes))).toEqual(bytes);
    });
  });
});

describe('HlsSegmenter parts', () => {
  it('cuts every segment into parts of at most the part target, the first independent, ids counting on across segments', () => {
    const seg = new HlsSegmenter({ partTargetMs: 300, windowSegments: 10 });
    units.forEach((u, i) => seg.push({ au: u.au, keyframe: u.keyframe, width: 320, height: 180, capturedAt: Math.round(T0 + i * FRAME_MS) }));
    expect(seg.segments.length).toBe(3);
    const all = seg.segments.flatMap((s) => s.parts);
    expect(all.map((p) => p.id)).toEqual(all.map((_, i) => i));
    for (const s of seg.segments) {
      expect(s.parts[0]!.independent).toBe(true);
      expect(s.parts.slice(1).every((p) => !p.independent)).toBe(true);
      expect(Math.max(...s.parts.map((p) => p.durationMs))).toBeLessThanOrEqual(300);
      expect(s.parts.reduce((n, p) => n + p.durationMs, 0)).toBe(s.durationMs);
      expect(Buffer.concat(s.parts.map((p) => p.bytes))).toEqual(s.bytes);
    }
    // The segment being made has parts too, listed before it is whole; the next part id is the hint's.
    const cur = seg.current!;
    expect(cur.n).toBe(3);
    expect(cur.parts.length).toBeGreaterThan(0);
    expect(seg.nextPartId).toBe(cur.parts.at(-1)!.id + 1);
    expect(seg.part(cur.parts[0]!.id)).toBe(cur.parts[0]);
    expect(seg.part(0)).toBe(seg.segments[0]!.parts[0]);
    expect(seg.part(seg.nextPartId)).toBeUndefined();
  });

  it('counts the parts made, so a waiting reader looks again after each', () => {
    const seg = new HlsSegmenter({ partTargetMs: 300 });
    const counts: number[] = [];
    units.slice(0, 40).forEach((u, i) => {
      seg.push({ au: u.au, keyframe: u.keyframe, width: 320, height: 180, capturedAt: Math.round(T0 + i * FRAME_MS) });
      counts.push(seg.partsMade);
    });
    // Parts of 4 frames, each frame placed when the next comes; the first segment ends (and its last part, of 2 frames,
    // with it) at frame 30, placed when frame 31 comes, then two more.
    expect(counts.at(-1)).toBe(10);
    expect(counts[30]).toBe(7);
    expect(counts[31]).toBe(8);
  });

  // A camera at `fps` whose frames come up to ±`jitter` ms off their time (a seeded sequence, the same every run).
  const camera = (seg: HlsSegmenter, fps: number, jitter: number, list = units) => {
    let r = 7;
    list.forEach((u, i) => {
      r = (r * 48271) % 2147483647;
      const off = Math.round(((r / 2147483647) * 2 - 1) * jitter);
      seg.push({ au: u.au, keyframe: u.keyframe, width: 320, height: 180, capturedAt: T0 + Math.round((i * 1000) / fps) + off });
    });
  };
  // RFC 8216bis: every part at most the target, and at least 85% of it but a segment's last and one starting with a keyframe.
  const outOfBounds = (seg: HlsSegmenter) =>
    seg.segments
      .slice(1)
      .flatMap((s) => s.parts.map((p, i) => ({ p, last: i === s.parts.length - 1 })))
      .filter(({ p, last }) => p.durationMs > seg.partTargetMs || (!last && !p.independent && p.durationMs < 0.85 * seg.partTargetMs))
      .map(({ p }) => p.durationMs);

  it('sets the part target from a 10 fps camera: three frames a part, within the target and 85% of it despite ±4 ms of jitter', () => {
    const seg = new HlsSegmenter({ partTargetMs: 300, windowSegments: 10 });
    camera(seg, 10, 4, units10);
    // Three frames and their spread (310 ms at exactly 100 ms a frame; the jitter moves the median a little).
    expect(seg.partTargetMs).toBeGreaterThanOrEqual(305);
    expect(seg.partTargetMs).toBeLessThanOrEqual(320);
    expect(seg.segments.length).toBeGreaterThanOrEqual(3);
    expect(outOfBounds(seg)).toEqual([]);
  });

  it('gives a 2 fps camera a part target its one-frame parts fit in', () => {
    const seg = new HlsSegmenter({ partTargetMs: 300, windowSegments: 10, targetMs: 2000 });
    camera(seg, 2, 4);
    expect(seg.partTargetMs).toBeGreaterThanOrEqual(505);
    expect(seg.partTargetMs).toBeLessThanOrEqual(520);
    expect(outOfBounds(seg)).toEqual([]);
    // Each part one frame of about 500 ms: longer than the 300 ms aimed at.
    expect(Math.min(...seg.segments.flatMap((s) => s.parts.slice(0, -1).map((p) => p.durationMs)))).toBeGreaterThan(450);
  });

  it('keeps the aimed part target for a 15 fps camera (four frames fill 89% of it)', () => {
    const seg = new HlsSegmenter({ partTargetMs: 300, windowSegments: 10 });
    expect(seg.partTargetMs).toBe(300);
    camera(seg, 15, 3);
    expect(seg.partTargetMs).toBe(300);
    expect(outOfBounds(seg)).toEqual([]);
  });

  it.each([12, 10])(
    "keeps a 15 fps camera's part target when a loaded box stamped its first segment at %i fps, its parts within bounds at 15 again",
    (slow) => {
      const seg = new HlsSegmenter({ partTargetMs: 300, windowSegments: 10 });
      // The first GOP stamped late (a loaded box), the rest at 15 fps with ±3 ms: the SPS states 15 fps throughout.
      let at = T0;
      units.forEach((u, i) => {
        at += i === 0 ? 0 : i <= 30 ? 1000 / slow : FRAME_MS;
        seg.push({ au: u.au, keyframe: u.keyframe, width: 320, height: 180, capturedAt: Math.round(at) + (i > 30 ? (i % 7) - 3 : 0) });
      });
      // On the code before: 0.26 s (12 fps) or 0.31 s (10 fps), and most parts at 15 fps then out of bounds.
      expect(seg.partTargetMs).toBe(300);
      expect(outOfBounds(seg)).toEqual([]);
    },
  );

  it('refuses a part target that is not shorter than the segment target', () => {
    expect(() => new HlsSegmenter({ targetMs: 1000, partTargetMs: 1000 })).toThrow(TypeError);
  });
});

describe('partTargetFor', () => {
  it('keeps the aim where whole frames fill 85% of it with room for their jitter, else fits the frames', () => {
    const at = (fps: number) => partTargetFor(300, 1000 / fps, 2000);
    expect([30, 25, 15, 12, 10, 5, 2].map(at)).toEqual([309, 300, 300, 260, 310, 210, 510]);
    // Slower than one frame in 2 s: below the segment target (such a camera's parts may pass it).
    expect(partTargetFor(300, 3000, 2000)).toBe(1999);
    // No interval measured (a first segment of one frame): the aim.
    expect(partTargetFor(300, NaN, 2000)).toBe(300);
  });
});

describe('frameInterval', () => {
  it('takes the interval the SPS states while the measured one is within 1.6 times it, else the measured one', () => {
    expect(frameInterval(1000 / 15, 1000 / 12)).toBeCloseTo(1000 / 15, 6);
    expect(frameInterval(1000 / 15, 100)).toBeCloseTo(1000 / 15, 6);
    // A camera at 2 fps whose encoder states 15, and one at 10 whose encoder (fed a pipe) states 25: the measured.
    expect(frameInterval(1000 / 15, 500)).toBe(500);
    expect(frameInterval(40, 100)).toBe(100);
    expect(frameInterval(null, 80)).toBe(80);
    expect(frameInterval(40, NaN)).toBe(40);
  });
});

describe('typicalInterval', () => {
  it("reads a 15 fps camera's whole-millisecond intervals as 15 fps, whichever of 66 and 67 is the more common, and leaves out pauses and bursts", () => {
    // 66 more often than 67: their median is 66, which put the part target at 0.274 s (CI 30c); read as 15 fps.
    const fast = [66, 67, 66, 66, 67, 66, 67, 66, 66, 67, 66, 67, 66, 66];
    expect(typicalInterval(fast)).toBeCloseTo(1000 / 15, 6);
    expect(partTargetFor(300, typicalInterval(fast), 2000)).toBe(300);
    // A late picture left out (84 ms, past a quarter of the median) and the early one after it kept (50 ms): their
    // mean is 66.1 ms, which put the part target at 0.275 s (CI 30f). Still 15 fps.
    const jittered = [
      ...Array.from({ length: 14 }, (_, i) => (i % 3 === 0 ? 66 : 67)),
      84,
      50,
      ...Array.from({ length: 14 }, (_, i) => (i % 3 === 0 ? 66 : 67)),
    ];
    expect(partTargetFor(300, typicalInterval(jittered), 2000)).toBe(300);
    // A pause of a second and two pictures that came together do not move it.
    expect(typicalInterval([100, 100, 1000, 100, 1, 100, 100, 100])).toBe(100);
    expect(typicalInterval([])).toBeNaN();
    expect(typicalInterval([80])).toBe(80);
  });

  it('keeps a rate that is not a whole number as measured (12.5 fps), and reads 29.97 fps as 30', () => {
    expect(typicalInterval([80, 80, 80, 80])).toBe(80);
    expect(typicalInterval([33, 34, 33, 34, 33, 34])).toBeCloseTo(1000 / 30, 6);
  });
});
