/** A tracked object's centre, size and speed carried to uneven look times: the prediction the matcher reads. */
import { describe, expect, it } from 'vitest';
import { MAX_PREDICT_MS, TrackMotion } from '../../../common/detect/track-motion.js';

describe('TrackMotion', () => {
  describe('#predict', () => {
    it('keeps a box seen once where it was', () => {
      expect(new TrackMotion([100, 100, 50, 120], 0).predict(700)).toEqual([100, 100, 50, 120]);
    });

    it('carries a walker on by its speed, to a look that comes at any time', () => {
      const m = new TrackMotion([100, 100, 50, 120], 0);
      m.correct([120, 100, 50, 120], 500); // 40 px a second
      const [x] = m.predict(1_250);
      expect(x).toBeCloseTo(150);
    });

    it(`predicts no further than ${MAX_PREDICT_MS} ms ahead: a look a minute late finds it near where it was going`, () => {
      const m = new TrackMotion([100, 100, 50, 120], 0);
      m.correct([120, 100, 50, 120], 500);
      expect(m.predict(60_000)[0]).toBeCloseTo(m.predict(500 + MAX_PREDICT_MS)[0]);
    });
  });

  describe('#correct', () => {
    it("settles a swayer's speed near zero rather than following each swing", () => {
      const m = new TrackMotion([100, 100, 60, 160], 0);
      for (let i = 1; i <= 40; i++) m.correct([100 + (i % 2 ? 25 : -25), 100, 60, 160], i * 600);
      expect(m.sizesPerSecond).toBeLessThan(0.5);
    });

    it('bounds the speed at 3 sizes a second, whatever two far-apart boxes suggest', () => {
      const m = new TrackMotion([0, 0, 100, 100], 0);
      m.correct([1000, 0, 100, 100], 100);
      expect(m.sizesPerSecond).toBeCloseTo(3);
    });

    it('moves its size towards each sighting', () => {
      const m = new TrackMotion([0, 0, 100, 100], 0);
      m.correct([0, 0, 200, 100], 500);
      expect(m.size).toBeGreaterThan(100);
      expect(m.size).toBeLessThan(150);
    });
  });
});
