import { describe, expect, it } from 'vitest';
import { isNewerFrame } from '../../shared/frame-order.js';

describe('isNewerFrame', () => {
  it('orders by seq and capture time, and lets a restarted client (seq back to 0) win', () => {
    expect(isNewerFrame({ seq: 1, capturedAt: 10 }, null)).toBe(true);
    expect(isNewerFrame({ seq: 2, capturedAt: 20 }, { seq: 1, capturedAt: 10 })).toBe(true);
    expect(isNewerFrame({ seq: 1, capturedAt: 10 }, { seq: 2, capturedAt: 20 })).toBe(false);
    expect(isNewerFrame({ seq: 2, capturedAt: 20 }, { seq: 2, capturedAt: 20 })).toBe(false);
    expect(isNewerFrame({ seq: 0, capturedAt: 30 }, { seq: 500, capturedAt: 20 })).toBe(true);
  });

  it('lets a later capture session win, and never an earlier one, whatever seq and clock say', () => {
    expect(isNewerFrame({ seq: 0, capturedAt: 1, epoch: 2 }, { seq: 900, capturedAt: 9e9, epoch: 1 })).toBe(true);
    expect(isNewerFrame({ seq: 901, capturedAt: 9e9, epoch: 1 }, { seq: 0, capturedAt: 1, epoch: 2 })).toBe(false);
    expect(isNewerFrame({ seq: 3, capturedAt: 1, epoch: 2 }, { seq: 4, capturedAt: 2, epoch: 2 })).toBe(false);
  });
});
