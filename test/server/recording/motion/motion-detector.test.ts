import { describe, expect, it } from 'vitest';
import { MotionDetector } from '../../../../server/recording/motion/motion-detector.js';
import { MOTION_DEFAULTS } from '../../../../server/recording/settings.js';

const W = 160;
const H = 90;
const T0 = Date.parse('2026-11-28T03:00:00Z');

/** Grey 80 with the given rectangles [x, y, w, h] at 200. */
function picture(...rects: Array<[number, number, number, number]>): Uint8Array {
  const p = new Uint8Array(W * H).fill(80);
  for (const [x, y, w, h] of rects) for (let r = y; r < y + h; r++) p.fill(200, r * W + x, r * W + x + w);
  return p;
}

describe('MotionDetector', () => {
  describe('#detect', () => {
    it('says where the picture changed: a box around each moving thing, in the compared picture’s pixels', () => {
      const d = new MotionDetector(MOTION_DEFAULTS);
      expect(d.detect(picture(), W, H, T0).boxes).toEqual([]);
      const r = d.detect(picture([20, 30, 6, 14], [120, 10, 10, 10]), W, H, T0 + 500);
      expect(r.moving).toBe(true);
      expect(r.boxes).toEqual([
        [120, 10, 10, 10],
        [20, 30, 6, 14],
      ]);
    });

    it('gives no box where nothing changed, in a masked area, or when the light changed the whole picture', () => {
      const masked = new MotionDetector({ ...MOTION_DEFAULTS, masks: [{ x: 0.5, y: 0, w: 0.5, h: 1 }] });
      masked.detect(picture(), W, H, T0);
      expect(masked.detect(picture([120, 10, 10, 10]), W, H, T0 + 500).boxes).toEqual([]);
      expect(masked.detect(picture([120, 10, 10, 10]), W, H, T0 + 1000).boxes).toEqual([]);
      const lit = new MotionDetector(MOTION_DEFAULTS);
      lit.detect(picture(), W, H, T0);
      const r = lit.detect(new Uint8Array(W * H).fill(200), W, H, T0 + 500);
      expect(r.lighting).toBe(true);
      expect(r.boxes).toEqual([]);
    });
  });
});
