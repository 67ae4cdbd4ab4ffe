import { describe, expect, it } from 'vitest';
import { CpuMeter } from '../../../server/system/cpu-meter.js';

describe('CpuMeter', () => {
  describe('#read', () => {
    it('gives the % of one core over the last interval', () => {
      let now = 0;
      let micros = 0;
      const meter = new CpuMeter({ now: () => now, usage: () => ({ user: micros, system: 0 }) }, false);
      now = 10_000;
      micros = 2_500_000;
      meter.tick();
      expect(meter.read()).toEqual({ percent: 25, overMs: 10_000 });
      // Two cores busy for the next interval.
      now = 20_000;
      micros += 20_000_000;
      meter.tick();
      expect(meter.read()).toEqual({ percent: 200, overMs: 10_000 });
    });

    it('before the first interval ends, reads over the time since it started', () => {
      let now = 0;
      let micros = 0;
      const meter = new CpuMeter({ now: () => now, usage: () => ({ user: micros / 2, system: micros / 2 }) }, false);
      now = 2000;
      micros = 1_000_000;
      expect(meter.read()).toEqual({ percent: 50, overMs: 2000 });
    });
  });
});
