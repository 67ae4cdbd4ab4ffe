import { describe, expect, it } from 'vitest';
import { DecodedLevel, rmsOf } from '../../../dashboard/src/live-audio/decoded-level.js';

describe('rmsOf', () => {
  it('is 0 for silence and √½ for a full-scale sine', () => {
    expect(rmsOf(new Float32Array(480))).toBe(0);
    const sine = Float32Array.from({ length: 4800 }, (_, i) => Math.sin((2 * Math.PI * 1000 * i) / 48_000));
    expect(rmsOf(sine)).toBeCloseTo(Math.SQRT1_2, 3);
  });
});

describe('DecodedLevel', () => {
  it('shows each piece while its scheduled span holds now, whether or not anything plays it', () => {
    let now = 1000;
    const level = new DecodedLevel(() => now);
    level.add(0.25, 100, 21.3);
    level.add(0.1, 121.3, 21.3);
    expect(level.level()).toBe(0);
    now = 1105;
    expect(level.level()).toBe(0.5);
    now = 1130;
    expect(level.level()).toBeCloseTo(0.2);
    // Past the last piece: silence, not the last level held.
    now = 1200;
    expect(level.level()).toBe(0);
  });

  it('caps the meter at full scale, and keeps a bounded schedule', () => {
    let now = 0;
    const level = new DecodedLevel(() => now);
    for (let i = 0; i < 1000; i++) level.add(0.9, i * 20, 20);
    // Only the last 96 pieces are kept: the first seconds of a schedule 20 s long are not.
    now = 500;
    expect(level.level()).toBe(0);
    now = 19_990;
    expect(level.level()).toBe(1);
  });
});
