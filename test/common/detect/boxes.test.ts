/** Box arithmetic: IoU and whether a box's centre is inside an area. */
import { describe, expect, it } from 'vitest';
import { centreInside, iou } from '../../../common/detect/boxes.js';

describe('iou', () => {
  it('is 1 for the same box, 0 for boxes apart or only touching, and the shared share otherwise', () => {
    expect(iou([10, 10, 100, 50], [10, 10, 100, 50])).toBe(1);
    expect(iou([0, 0, 10, 10], [10, 0, 10, 10])).toBe(0);
    expect(iou([0, 0, 10, 10], [50, 50, 10, 10])).toBe(0);
    expect(iou([0, 0, 10, 10], [5, 0, 10, 10])).toBeCloseTo(50 / 150);
    expect(iou([0, 0, 10, 10], [2, 2, 5, 5])).toBeCloseTo(25 / 100);
  });
});

describe('centreInside', () => {
  it('looks at the centre only', () => {
    expect(centreInside([0, 0, 100, 100], [80, 80, 30, 30])).toBe(true); // centre (95, 95), box partly out
    expect(centreInside([0, 0, 100, 100], [90, 90, 30, 30])).toBe(false); // centre (105, 105)
  });
});
