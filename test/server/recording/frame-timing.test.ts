/** Where recorded frames lie on the server's clock: intervals from the capture stamps, the position from the first frame's arrival. */
import { describe, expect, it } from 'vitest';
import { FrameTiming } from '../../../server/recording/frame-timing.js';

describe('FrameTiming', () => {
  it('keeps the capture stamps’ intervals, placed by arrival', () => {
    const t = new FrameTiming();
    expect(t.timeOf({ capturedAt: 1000, receivedAt: 10_050 })).toBe(10_050);
    expect(t.timeOf({ capturedAt: 1100, receivedAt: 10_170 })).toBe(10_150);
    expect(t.timeOf({ capturedAt: 1250, receivedAt: 10_300 })).toBe(10_300);
  });

  it('keeps the first frame as the anchor while later ones come a little quicker or later (jitter bends no interval)', () => {
    const t = new FrameTiming();
    expect(t.timeOf({ capturedAt: 1000, receivedAt: 10_250 })).toBe(10_250);
    expect(t.timeOf({ capturedAt: 1100, receivedAt: 10_150 })).toBe(10_350);
    expect(t.timeOf({ capturedAt: 1200, receivedAt: 10_900 })).toBe(10_450);
    expect(t.placeOf(2000)).toBe(11_250);
  });

  it('never goes backwards, and starts again at a stamp that jumps', () => {
    const t = new FrameTiming();
    expect(t.timeOf({ capturedAt: 5000, receivedAt: 20_000 })).toBe(20_000);
    expect(t.timeOf({ capturedAt: 5000, receivedAt: 20_010 })).toBe(20_001);
    // A new capture session whose stamps restart: far behind its arrival, so a new anchor.
    expect(t.timeOf({ capturedAt: 10, receivedAt: 26_000 })).toBe(26_000);
    expect(t.timeOf({ capturedAt: 110, receivedAt: 26_120 })).toBe(26_100);
  });
});
