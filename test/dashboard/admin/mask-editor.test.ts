import { describe, expect, it } from 'vitest';
import { rectBetween } from '../../../dashboard/src/admin/mask-editor.js';

describe('rectBetween', () => {
  it('is the same rectangle whichever way the drag went', () => {
    const want = { x: 0.1, y: 0.2, w: 0.4, h: 0.3 };
    expect(rectBetween({ x: 0.1, y: 0.2 }, { x: 0.5, y: 0.5 })).toEqual(want);
    expect(rectBetween({ x: 0.5, y: 0.5 }, { x: 0.1, y: 0.2 })).toEqual(want);
    expect(rectBetween({ x: 0.5, y: 0.2 }, { x: 0.1, y: 0.5 })).toEqual(want);
  });

  it('keeps inside the picture, in fractions rounded to 4 places', () => {
    expect(rectBetween({ x: -0.2, y: 0.123456 }, { x: 1.4, y: 0.5 })).toEqual({ x: 0, y: 0.1235, w: 1, h: 0.3765 });
  });
});
