import { describe, expect, it } from 'vitest';
import { ByteBudget, MB } from '../../../server/recording/byte-budget.js';
import { PreRoll } from '../../../server/recording/pre-roll.js';
import type { Queued } from '../../../server/recording/recorder-types.js';

const frame = (at: number, bytes = 1000): Queued => ({ at, jpeg: Buffer.alloc(bytes), width: 640, height: 360 });

/** A pre-roll capped at `cameraMb`, drawing from `all`. */
const preRoll = (cameraMb: number, all = new ByteBudget(256 * MB)) =>
  new PreRoll(new ByteBudget(cameraMb * MB, all), { camera: cameraMb, all: all.limit / MB });

describe('PreRoll', () => {
  describe('#push', () => {
    it('keeps the frames of the last keepMs and lets older ones go, not cut short', () => {
      const p = preRoll(32);
      for (let at = 0; at <= 10_000; at += 100) p.push(frame(at), 5000);
      expect(p.frames).toBe(51);
      expect(p.bytes).toBe(51 * 1000);
      expect(p.short).toBeNull();
      expect(p.trimmed).toBe(0);
    });

    it('holds at most its cap in bytes, the oldest going first, and says how short it was cut', () => {
      const p = preRoll(2);
      // 15 fps of 0.5 MB frames: 5 s would be 37.5 MB; 2 MB holds 4 frames, 0.2 s.
      for (let i = 0; i < 90; i++) p.push(frame(Math.round((i * 1000) / 15), MB / 2), 5000);
      expect(p.bytes).toBeLessThanOrEqual(2 * MB);
      expect(p.frames).toBe(4);
      expect(p.short).toEqual({ seconds: 0.2, cap: 'camera', capMb: 2 });
      expect(p.trimmed).toBe(86);
    });

    it('shares the cap over all cameras: a camera finding it taken keeps less, and says which cap', () => {
      const all = new ByteBudget(3 * MB);
      const [a, b] = [preRoll(2, all), preRoll(2, all)];
      for (let i = 0; i < 30; i++) {
        a.push(frame(i * 100, MB / 2), 5000);
        b.push(frame(i * 100, MB / 2), 5000);
      }
      expect(all.used).toBeLessThanOrEqual(3 * MB);
      expect(a.bytes + b.bytes).toBe(all.used);
      expect(b.short).toMatchObject({ cap: 'all', capMb: 3 });
    });

    it('keeps nothing when not one frame fits, rather than going over', () => {
      const p = preRoll(1);
      p.push(frame(0, 2 * MB), 5000);
      expect(p.frames).toBe(0);
      expect(p.bytes).toBe(0);
      expect(p.short).toEqual({ seconds: 0, cap: 'camera', capMb: 1 });
    });
  });

  describe('#take', () => {
    it('hands over the frames from a moment on and gives every byte back', () => {
      const all = new ByteBudget(256 * MB);
      const p = preRoll(32, all);
      for (let at = 0; at < 3000; at += 100) p.push(frame(at), 5000);
      expect(p.take(2000).map((f) => f.at)).toEqual([2000, 2100, 2200, 2300, 2400, 2500, 2600, 2700, 2800, 2900]);
      expect(p.frames).toBe(0);
      expect(all.used).toBe(0);
    });
  });

  describe('#clear', () => {
    it('lets go of every frame, here and in the budget over all cameras', () => {
      const all = new ByteBudget(256 * MB);
      const p = preRoll(2, all);
      for (let i = 0; i < 10; i++) p.push(frame(i * 100, MB / 2), 5000);
      p.clear();
      expect([p.frames, p.bytes, all.used, p.short]).toEqual([0, 0, 0, null]);
    });
  });
});
