import { describe, expect, it } from 'vitest';
import { MAX_MOTION_BOXES, motionBoxes, scaleBoxes } from '../../../../server/recording/motion/motion-boxes.js';

const W = 160;
const H = 90;

/** A `W`×`H` mask with the given rectangles [x, y, w, h] changed. */
function mask(...rects: Array<[number, number, number, number]>): Uint8Array {
  const m = new Uint8Array(W * H);
  for (const [x, y, w, h] of rects) for (let r = y; r < y + h; r++) m.fill(1, r * W + x, r * W + x + w);
  return m;
}

describe('motionBoxes', () => {
  it('gives one box around each changed area, the largest first', () => {
    expect(motionBoxes(mask([10, 20, 4, 8], [100, 50, 12, 10]), W, H)).toEqual([
      [100, 50, 12, 10],
      [10, 20, 4, 8],
    ]);
  });

  it('takes changes two grid pixels apart as one thing (a walker’s arm and body)', () => {
    expect(motionBoxes(mask([10, 20, 4, 8], [15, 22, 3, 3]), W, H)).toEqual([[10, 20, 8, 8]]);
  });

  it('drops a lone changed pixel as noise', () => {
    expect(motionBoxes(mask([10, 20, 4, 8], [80, 80, 1, 1]), W, H)).toEqual([[10, 20, 4, 8]]);
  });

  it('gives none for a picture that did not change', () => {
    expect(motionBoxes(new Uint8Array(W * H), W, H)).toEqual([]);
  });

  it(`merges the closest boxes until at most ${MAX_MOTION_BOXES} are left, every change still inside one`, () => {
    // 20 changes of 2×2 pixels spread over the picture, as leaves stirring everywhere.
    const rects = Array.from({ length: 20 }, (_, i): [number, number, number, number] => [(i % 5) * 30 + 2, Math.floor(i / 5) * 22 + 2, 2, 2]);
    const boxes = motionBoxes(mask(...rects), W, H);
    expect(boxes.length).toBe(MAX_MOTION_BOXES);
    for (const [x, y] of rects) {
      expect(boxes.some(([bx, by, bw, bh]) => x >= bx && y >= by && x + 2 <= bx + bw && y + 2 <= by + bh)).toBe(true);
    }
  });

  it('stays bounded on a picture of noise (every other pixel changed, the last column never)', () => {
    const m = new Uint8Array(W * H);
    for (let i = 0; i < m.length; i += 2) m[i] = 1;
    expect(motionBoxes(m, W, H)).toEqual([[0, 0, W - 1, H]]);
  });
});

describe('scaleBoxes', () => {
  it('scales grid boxes to the picture, rounded outward and clipped to it', () => {
    expect(
      scaleBoxes(
        [
          [10, 20, 4, 8],
          [150, 80, 10, 10],
        ],
        { width: 160, height: 90 },
        { width: 1280, height: 720 },
      ),
    ).toEqual([
      [80, 160, 32, 64],
      [1200, 640, 80, 80],
    ]);
  });
});
