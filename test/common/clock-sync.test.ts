/** The NTP-style clock offset estimate, from hand-made round trips. */
import { describe, expect, it } from 'vitest';
import { ClockSync } from '../../common/clock-sync.js';

describe('ClockSync', () => {
  describe('#add', () => {
    it('trusts the exchange with the shortest round trip', () => {
      const clock = new ClockSync();
      expect(clock.offset).toBeNull();
      clock.add(1000, 1600, 1200); // rtt 200: offset 500 ± 100
      clock.add(2000, 2505, 2010); // rtt 10: offset 500
      expect(clock.best()).toEqual({ offset: 500, rtt: 10 });
    });

    it('forgets old samples beyond its window', () => {
      const clock = new ClockSync(2);
      clock.add(0, 100, 0);
      clock.add(0, 300, 50);
      clock.add(0, 400, 60);
      expect(clock.offset).toBe(275); // the rtt-0 sample fell out of the window
    });
  });
});
