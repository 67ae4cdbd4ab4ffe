import { describe, expect, it } from 'vitest';
import { LOW_QUALITY_RUNG, lowerRung, rungFor } from '../../../server/relay/rungs.js';

describe('rungFor', () => {
  it('gives the narrowest rung at least as wide as asked, null for native', () => {
    expect(rungFor(300)?.label).toBe('320');
    expect(rungFor(641)?.label).toBe('960');
    expect(rungFor(1300)).toBeNull();
    expect(rungFor(900, 640)).toBeNull();
    expect(rungFor(undefined)).toBeNull();
  });

  it('gives the same rung object for the same width, so rungs compare by identity', () => {
    expect(rungFor(600)).toBe(rungFor(640));
  });
});

describe('lowerRung', () => {
  it('steps down the widths, then to the narrowest width at a lower JPEG quality, then no further', () => {
    const asked = rungFor(960);
    expect(lowerRung(asked, 1, 1280)).toEqual({ rung: rungFor(640), canStepDown: true });
    expect(lowerRung(asked, 2, 1280)).toEqual({ rung: rungFor(320), canStepDown: true });
    expect(lowerRung(asked, 3, 1280)).toEqual({ rung: LOW_QUALITY_RUNG, canStepDown: false });
    expect(lowerRung(asked, 9, 1280)).toEqual({ rung: LOW_QUALITY_RUNG, canStepDown: false });
    expect(LOW_QUALITY_RUNG.quality).toBeLessThan(rungFor(320)!.quality);
  });

  it('steps down from native through the rungs narrower than the camera', () => {
    expect(lowerRung(null, 1, 1280).rung).toBe(rungFor(960)); // 1280 is the camera's own width: native
    expect(lowerRung(null, 1, 640).rung).toBe(rungFor(320));
  });
});
