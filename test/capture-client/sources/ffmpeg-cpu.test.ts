/** ffmpeg's CPU share from /proc/<pid>/stat lines, recorded and made up. */
import { describe, expect, it } from 'vitest';
import { CpuSampler, cpuTicks } from '../../../capture-client/sources/ffmpeg-cpu.js';

// A stat line laid out as proc(5) says: utime 412 and stime 37 are fields 14 and 15.
const STAT = '48211 (ffmpeg) S 48190 48190 48190 0 -1 4194304 5120 0 0 0 412 37 0 0 20 0 5 0 912345 210000000 9000';

describe('ffmpeg-cpu', () => {
  describe('#cpuTicks', () => {
    it('adds user and system time', () => {
      expect(cpuTicks(STAT)).toBe(449);
    });

    it('reads past a command name with spaces and parentheses', () => {
      expect(cpuTicks(STAT.replace('(ffmpeg)', '(my ffmpeg (x))'))).toBe(449);
    });
  });

  describe('CpuSampler', () => {
    it('gives the share of one core between samples, null at the first and when the process is gone', () => {
      let ticks = 449;
      const stat = () => STAT.replace(' 412 37 ', ` ${ticks - 37} 37 `);
      const sampler = new CpuSampler(48211, stat);
      expect(sampler.sample(10_000)).toBeNull();
      ticks += 50; // half a second of CPU in two seconds
      expect(sampler.sample(12_000)).toBe(25);
      const gone = new CpuSampler(1, () => {
        throw new Error('ENOENT');
      });
      expect(gone.sample(0)).toBeNull();
    });
  });
});
