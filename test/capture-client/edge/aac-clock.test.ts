import { describe, expect, it } from 'vitest';
import { AacClock } from '../../../capture-client/edge/aac-clock.js';

describe('AacClock', () => {
  it('counts samples from the first frame, whatever the jitter of arrivals', () => {
    const clock = new AacClock();
    // 48 kHz: 21.33 ms a frame; arrivals in bursts of three.
    const arrivals = [1000, 1000, 1000, 1064, 1064, 1064, 1128];
    expect(arrivals.map((a) => clock.stamp(a, 48000))).toEqual([1000, 1021, 1043, 1064, 1085, 1107, 1128]);
    expect(clock.reanchors).toBe(0);
  });

  it('anchors again at the arrival after a gap longer than 200 ms', () => {
    const clock = new AacClock();
    clock.stamp(1000, 8000);
    expect(clock.stamp(1128, 8000)).toBe(1128);
    expect(clock.stamp(1600, 8000)).toBe(1600);
    expect(clock.reanchors).toBe(1);
    expect(clock.stamp(1600, 8000)).toBe(1728);
  });

  it('anchors again when a camera whose clock runs fast drifts 200 ms ahead of arrival', () => {
    const clock = new AacClock();
    // Frames of 128 ms (8 kHz) arriving every 120 ms: the count runs 8 ms a frame ahead, past 200 ms after 26.
    const stamps = Array.from({ length: 30 }, (_, i) => clock.stamp(1000 + i * 120, 8000));
    expect(clock.reanchors).toBe(1);
    expect(stamps.every((s, i) => Math.abs(s - (1000 + i * 120)) <= 200)).toBe(true);
  });
});
