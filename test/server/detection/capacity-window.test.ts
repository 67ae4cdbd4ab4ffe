/** One camera's last minute of looks, on a fake clock: rates, skips by why, worker time and regions per look. */
import { describe, expect, it } from 'vitest';
import { CapacityWindow } from '../../../server/detection/capacity-window.js';

/** A window on a clock the test moves. */
function windowAt(start = 1_000_000) {
  const clock = { now: start };
  return { clock, w: new CapacityWindow(() => clock.now) };
}

describe('CapacityWindow', () => {
  describe('#read', () => {
    it('gives looks a second over the time since the camera began detecting while that is under a minute', () => {
      const { clock, w } = windowAt();
      for (let i = 0; i < 20; i++) {
        w.looked(30, 1);
        clock.now += 500;
      }
      expect(w.read()).toEqual({ overS: 10, looksPerS: 2, skippedPerS: { slow_look: 0, workers_busy: 0 }, msPerLook: 30, regionsPerLook: 1 });
    });

    it('forgets looks older than a minute, so a camera that slowed down reads slower', () => {
      const { clock, w } = windowAt();
      for (let i = 0; i < 120; i++) {
        w.looked(40, 2);
        clock.now += 500;
      }
      // Then one look every 2 s for a minute.
      for (let i = 0; i < 30; i++) {
        w.looked(20, 1);
        clock.now += 2000;
      }
      const r = w.read();
      expect(r.overS).toBe(60);
      expect(r.looksPerS).toBeCloseTo(0.5, 1);
      expect(r.msPerLook).toBe(20);
      expect(r.regionsPerLook).toBe(1);
    });

    it('counts skips a second by why', () => {
      const { clock, w } = windowAt();
      for (let i = 0; i < 10; i++) {
        w.looked(100, 4);
        w.skipped('workers_busy');
        if (i % 2 === 0) w.skipped('slow_look');
        clock.now += 1000;
      }
      expect(w.read()).toMatchObject({ looksPerS: 1, skippedPerS: { workers_busy: 1, slow_look: 0.5 }, msPerLook: 100, regionsPerLook: 4 });
    });

    it('counts a capture side’s verdicts as looks with no worker time', () => {
      const { clock, w } = windowAt();
      w.looked(null);
      clock.now += 1000;
      w.looked(null);
      clock.now += 1000;
      expect(w.read()).toEqual({ overS: 2, looksPerS: 1, skippedPerS: { slow_look: 0, workers_busy: 0 }, msPerLook: null, regionsPerLook: null });
    });

    it('reads a first look over at least a second, not as thousands a second', () => {
      const { clock, w } = windowAt();
      clock.now += 5;
      w.looked(30);
      expect(w.read()).toMatchObject({ overS: 1, looksPerS: 1 });
    });

    it('reads nothing once a minute has passed without a look', () => {
      const { clock, w } = windowAt();
      w.looked(30);
      w.skipped('slow_look');
      clock.now += 61_000;
      expect(w.read()).toEqual({ overS: 60, looksPerS: 0, skippedPerS: { slow_look: 0, workers_busy: 0 }, msPerLook: null, regionsPerLook: null });
    });
  });
});
