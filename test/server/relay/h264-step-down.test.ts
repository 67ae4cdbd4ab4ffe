import { describe, expect, it } from 'vitest';
import {
  H264StepDown,
  h264RungBelow,
  SKIP_WINDOW_MS,
  SKIPS_TO_STEP,
  STEP_HOLD_MS,
  STEP_UP_QUIET_MAX_MS,
  STEP_UP_QUIET_MS,
} from '../../../server/relay/h264-step-down.js';

/** Steps `cameraId` one rung down now: SKIPS_TO_STEP skips at once. */
function stepDown(s: H264StepDown, cameraId = 'yard'): boolean {
  let stepped = false;
  for (let i = 0; i < SKIPS_TO_STEP; i++) stepped = s.skipped(cameraId);
  return stepped;
}

describe('h264RungBelow', () => {
  it('steps a full-size stream down the rungs below the camera, narrowest last', () => {
    expect(h264RungBelow(null, 0, 1280)).toEqual({ width: null, canStepDown: true });
    expect(h264RungBelow(null, 1, 1280)).toEqual({ width: 960, canStepDown: true });
    expect(h264RungBelow(null, 3, 1280)).toEqual({ width: 320, canStepDown: false });
    expect(h264RungBelow(null, 9, 1280).width).toBe(320);
    expect(h264RungBelow(null, 1, 1920).width).toBe(1280);
  });

  it('steps a rung down from where it is asked, and stops at 320: the JPEG ladder’s low-quality rung is no H.264 width', () => {
    expect(h264RungBelow(640, 1, 1280)).toEqual({ width: 320, canStepDown: false });
    expect(h264RungBelow(320, 0, 1280)).toEqual({ width: 320, canStepDown: false });
  });

  it('has nowhere to go for a camera no wider than the narrowest rung', () => {
    expect(h264RungBelow(null, 1, 320)).toEqual({ width: null, canStepDown: false });
  });
});

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

    it(`does not count skips within ${STEP_HOLD_MS / 1000} s of a change: the old stream's units in flight are the change's own`, () => {
      let now = 0;
      const s = new H264StepDown(() => now);
      expect(stepDown(s)).toBe(true);
      now += STEP_HOLD_MS - 1;
      expect(stepDown(s)).toBe(false);
      now += 1;
      expect(stepDown(s)).toBe(true);
      expect(s.steps('yard')).toBe(2);
    });

    it('does not count steps below the narrowest rung, so one step up is one rung up', () => {
      const s = new H264StepDown(() => 0);
      for (let i = 0; i < 6; i++) s.skipped('yard', false);
      expect(s.steps('yard')).toBe(0);
    });
  });

  describe('#stepUp', () => {
    it(`steps one rung up after ${STEP_UP_QUIET_MS / 1000} s without a skip, not before, and not a camera that was never stepped`, () => {
      let now = 0;
      const s = new H264StepDown(() => now);
      expect(s.stepUp('yard')).toBeNull();
      expect(stepDown(s)).toBe(true);
      now += STEP_UP_QUIET_MS - 1;
      expect(s.stepUp('yard')).toBeNull();
      now += 1;
      expect(s.stepUp('yard')).toBe(STEP_UP_QUIET_MS);
      expect(s.steps('yard')).toBe(0);
      now += STEP_UP_QUIET_MS;
      expect(s.stepUp('yard')).toBeNull();
    });

    it('waits from the last skip: a link that still skips now and then stays down', () => {
      let now = 0;
      const s = new H264StepDown(() => now);
      stepDown(s);
      now += STEP_UP_QUIET_MS - 1000;
      s.skipped('yard');
      now += 1000;
      expect(s.stepUp('yard')).toBeNull();
      now += STEP_UP_QUIET_MS - 1000;
      expect(s.stepUp('yard')).toBe(STEP_UP_QUIET_MS);
    });

    it(`doubles the wait after each step up the link could not carry, up to ${STEP_UP_QUIET_MAX_MS / 1000} s, and starts again once one holds`, () => {
      let now = 0;
      const s = new H264StepDown(() => now);
      stepDown(s);
      now += STEP_HOLD_MS;
      stepDown(s);
      expect(s.steps('yard')).toBe(2);
      const waits: number[] = [];
      for (let i = 0; i < 6; i++) {
        let waited: number | null = null;
        while (waited === null) {
          now += 1000;
          waited = s.stepUp('yard');
        }
        waits.push(waited);
        now += STEP_HOLD_MS;
        expect(stepDown(s)).toBe(true); // the probe failed as soon as it could
      }
      expect(waits).toEqual([30_000, 60_000, 120_000, 240_000, 300_000, 300_000]);
      // A probe that holds its whole quiet period: the next step up waits the first period again.
      now += STEP_UP_QUIET_MAX_MS;
      expect(s.stepUp('yard')).toBe(STEP_UP_QUIET_MAX_MS);
      now += STEP_UP_QUIET_MAX_MS;
      expect(s.stepUp('yard')).toBe(STEP_UP_QUIET_MAX_MS);
      expect(s.steps('yard')).toBe(0);
      // That one held too before this link stepped down again: no failed probe, the first wait again.
      now += STEP_UP_QUIET_MS;
      expect(stepDown(s)).toBe(true);
      now += STEP_UP_QUIET_MS;
      expect(s.stepUp('yard')).toBe(STEP_UP_QUIET_MS);
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
