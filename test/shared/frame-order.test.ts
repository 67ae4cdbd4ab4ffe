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
});
