import { describe, expect, it } from 'vitest';
import { H264StepDown, SKIP_WINDOW_MS, SKIPS_TO_STEP } from '../../../server/relay/h264-step-down.js';

describe('H264StepDown', () => {
  describe('#skipped', () => {
    it(`steps a camera one rung down after ${SKIPS_TO_STEP} skips within the window, and counts again from there`, () => {
      let now = 0;
      const s = new H264StepDown(() => now);
      expect(s.skipped('yard')).toBe(false);
      now += 1000;
      expect(s.skipped('yard')).toBe(true);
      expect(s.steps('yard')).toBe(1);
      expect(s.skipped('yard')).toBe(false);
      expect(s.steps('gate')).toBe(0);
    });

    it('forgets skips older than the window: a rare one on a good link never steps', () => {
      let now = 0;
      const s = new H264StepDown(() => now);
      for (let i = 0; i < 5; i++) {
        expect(s.skipped('yard')).toBe(false);
        now += SKIP_WINDOW_MS;
      }
      expect(s.steps('yard')).toBe(0);
    });
  });

  describe('#reset', () => {
    it('starts the camera again from the rung asked', () => {
      const s = new H264StepDown(() => 0);
      s.skipped('yard');
      s.skipped('yard');
      s.reset('yard');
      expect(s.steps('yard')).toBe(0);
    });
  });
});
