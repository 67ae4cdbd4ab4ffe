/** Where recorded frames lie on the server's clock: intervals from the capture stamps, the position from the quickest arrival. */
import { describe, expect, it } from 'vitest';
import { FrameTiming } from '../../../server/recording/frame-timing.js';

describe('FrameTiming', () => {
  it('keeps the capture stamps’ intervals, placed by arrival', () => {
    const t = new FrameTiming();
    expect(t.timeOf({ capturedAt: 1000, receivedAt: 10_050 })).toBe(10_050);
    expect(t.timeOf({ capturedAt: 1100, receivedAt: 10_170 })).toBe(10_150);
    expect(t.timeOf({ capturedAt: 1250, receivedAt: 10_300 })).toBe(10_300);
  });

  it('moves to a frame that came well before its anchored time: one late first frame does not shift the whole recording', () => {
    const t = new FrameTiming();
    // The first frame waited 250 ms on a loaded relay, the next ones 50 ms.
    expect(t.timeOf({ capturedAt: 1000, receivedAt: 10_250 })).toBe(10_250);
    expect(t.timeOf({ capturedAt: 1100, receivedAt: 10_150 })).toBe(10_251);
    expect(t.timeOf({ capturedAt: 1500, receivedAt: 10_550 })).toBe(10_550);
    expect(t.placeOf(2000)).toBe(11_050);
    // Later frames held up again keep the quicker anchor; one a little quicker (jitter) does not bend the intervals.
    expect(t.timeOf({ capturedAt: 1600, receivedAt: 10_900 })).toBe(10_650);
    expect(t.timeOf({ capturedAt: 1700, receivedAt: 10_700 })).toBe(10_750);
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
