/**
 * Placing a face on dlib's mean face (face-align.ts): the similarity is found from BlazeFace's points
 * whatever the face's size, turn and place, and the chip is cut from the picture's own pixels.
 */
import { describe, expect, it } from 'vitest';
import { CHIP_POINTS, chipPixels, chipTransform, CHIP_SIZE, cutChip } from '../../../common/faces/face-align.js';

/** The chip's points moved into a picture: scaled by s, turned by angle, centred at (cx, cy). */
function placed(s: number, angle: number, cx: number, cy: number): Array<[number, number]> {
  const [c, n] = [Math.cos(angle), Math.sin(angle)];
  // BlazeFace's six points: the mean face's four, then the ears (unused).
  return [...CHIP_POINTS, [0, 0] as const, [0, 0] as const].map(([x, y]) => {
    const [dx, dy] = [(x - 75) * s, (y - 75) * s];
    return [cx + dx * c - dy * n, cy + dx * n + dy * c];
  });
}

describe('chipTransform', () => {
  it.each([
    [1, 0, 75, 75],
    [0.4, 0, 300, 120],
    [2.5, 0.35, 640, 400],
    [1.2, -0.6, 90, 800],
  ])('finds scale %f and turn %f at (%i, %i) from the four points', (s, angle, cx, cy) => {
    const t = chipTransform(placed(s, angle, cx, cy));
    // Chip → picture is the inverse of the placement's own scale and turn: a + bi = s·e^{i·angle}.
    expect(Math.hypot(t.a, t.b)).toBeCloseTo(s, 1);
    expect(Math.atan2(t.b, t.a)).toBeCloseTo(angle, 1);
  });

  it('takes the eye further left in the picture as the left one, whichever order they come in', () => {
    const points = placed(1, 0, 200, 200);
    const swapped = [points[1]!, points[0]!, ...points.slice(2)];
    expect(chipTransform(swapped)).toEqual(chipTransform(points));
  });
});

describe('cutChip', () => {
  it("cuts the face's own pixels, upright, at the chip's size: the picture's left half dark, its right half light", () => {
    const [width, height] = [400, 300];
    const rgb = Buffer.alloc(width * height * 3);
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) rgb.fill(x < 200 ? 20 : 230, (y * width + x) * 3, (y * width + x) * 3 + 3);
    const chip = chipPixels(cutChip({ rgb, width, height }, chipTransform(placed(1, 0, 200, 150))));
    expect(chip.length).toBe(CHIP_SIZE * CHIP_SIZE * 3);
    const at = (u: number, v: number) => chip[(v * CHIP_SIZE + u) * 3]!;
    expect(at(20, 75)).toBe(20);
    expect(at(130, 75)).toBe(230);
  });

  it('is black where the chip reaches past the picture', () => {
    const rgb = Buffer.alloc(100 * 100 * 3, 200);
    const chip = chipPixels(cutChip({ rgb, width: 100, height: 100 }, chipTransform(placed(1, 0, 10, 10))));
    // The face's centre at the picture's (10, 10): the chip's top left corner is 65 px beyond its edge.
    expect(chip[(CHIP_SIZE * 5 + 5) * 3]).toBe(0);
    expect(chip[(CHIP_SIZE * 140 + 140) * 3]).toBe(200);
  });
});
