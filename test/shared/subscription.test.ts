/** The rendition ladder a subscription's widths name (shared/subscription.ts). */
import { describe, expect, it } from 'vitest';
import { RENDITION_WIDTHS, renditionFor } from '../../shared/subscription.js';

describe('renditionFor', () => {
  it('is null (native) for a viewer that asks for nothing', () => {
    expect(renditionFor(undefined, 1280)).toBeNull();
  });

  it('rounds up to the smallest rung at least as wide as asked', () => {
    expect(renditionFor(100, 1920)).toBe(320);
    expect(renditionFor(320, 1920)).toBe(320);
    expect(renditionFor(321, 1920)).toBe(640);
    expect(renditionFor(1100, 1920)).toBe(1280);
  });

  it('is null (native) above the last rung, and when the camera is no wider than the rung', () => {
    expect(renditionFor(1500, 1920)).toBeNull();
    expect(renditionFor(600, 640)).toBeNull();
    expect(renditionFor(600, 480)).toBeNull();
  });

  it('has rungs in increasing order', () => {
    expect([...RENDITION_WIDTHS]).toEqual([...RENDITION_WIDTHS].sort((a, b) => a - b));
  });
});
