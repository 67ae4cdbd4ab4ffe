/** The one fps gate, measured against a jittery source beside the minimum-gap rule it replaced. */
import { describe, expect, it } from 'vitest';
import { FpsGate } from '../../../common/capture/fps-gate.js';

/** The capture client's old gate: a frame at least 0.8 × the frame interval after the last one sent. */
function gapRule(fps: number): (now: number) => boolean {
  let last = -Infinity;
  return (now) => {
    if (now - last < (1000 / fps) * 0.8) return false;
    last = now;
    return true;
  };
}

/** Frames sent per second out of `seconds` of a source whose frames come at `times` (ms, one cycle, repeated). */
function measure(admit: (now: number) => boolean, gaps: number[], seconds: number): number {
  let sent = 0;
  for (let t = 0, i = 0; t < seconds * 1000; t += gaps[i++ % gaps.length]!) if (admit(t)) sent++;
  return sent / seconds;
}

describe('FpsGate', () => {
  describe('#take', () => {
    it('sends all of a 15 fps source whose frames come 50 and 83 ms apart, where the gap rule sends half', () => {
      const gaps = [50, 83.33];
      const gate = new FpsGate(15);
      const byGate = measure((t) => gate.take(t), gaps, 60);
      const byGap = measure(gapRule(15), gaps, 60);
      expect(byGate).toBeCloseTo(15, 0);
      expect(byGap).toBeCloseTo(7.5, 0);
    });

    it('sends 25 fps of a 30 fps source asked for 25, where the gap rule lets all 30 through', () => {
      const gate = new FpsGate(25);
      expect(measure((t) => gate.take(t), [33.33], 60)).toBeCloseTo(25, 0);
      expect(measure(gapRule(25), [33.33], 60)).toBeCloseTo(30, 0);
    });

    it('sends half of a 30 fps source asked for 15, as the gap rule does', () => {
      const gate = new FpsGate(15);
      expect(measure((t) => gate.take(t), [33.33], 60)).toBeCloseTo(15, 0);
      expect(measure(gapRule(15), [33.33], 60)).toBeCloseTo(15, 0);
    });

    it('saves up at most `burst` frames while the source pauses', () => {
      const gate = new FpsGate(10, 2);
      expect(gate.take(0)).toBe(true);
      // Ten seconds of silence, then a burst of frames at once: two go, the rest wait for the budget.
      const burst = [10_000, 10_000, 10_000, 10_000].map((t) => gate.take(t));
      expect(burst).toEqual([true, true, false, false]);
      expect(gate.take(10_100)).toBe(true);
    });

    it('follows an fps given per call', () => {
      const gate = new FpsGate(10);
      expect(measure((t) => gate.take(t, 5), [10], 20)).toBeCloseTo(5, 0);
    });

    it('refuses a burst below one frame', () => {
      expect(() => new FpsGate(10, 0.5)).toThrow(TypeError);
    });
  });
});
