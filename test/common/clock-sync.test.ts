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

  describe('#ask', () => {
    /** A socket whose `time` answers come when the test says, and which records the timeout asked. */
    function fakeSocket(connected: boolean) {
      const acks: Array<(err: Error | null, t: { now: number }) => void> = [];
      const timeouts: number[] = [];
      const socket = { connected, timeout: (ms: number) => (timeouts.push(ms), { emit: (_e: 'time', ack: (typeof acks)[number]) => acks.push(ack) }) };
      return { socket, acks, timeouts };
    }

    it('asks the relay its time with a 5 s timeout and adds the answer as a sample', () => {
      const clock = new ClockSync();
      const { socket, acks, timeouts } = fakeSocket(true);
      clock.ask(socket);
      expect(timeouts).toEqual([5000]);
      acks[0]!(null, { now: Date.now() + 60_000 });
      expect(clock.offset).toBeGreaterThan(59_000);
    });

    it('asks nothing while disconnected, and adds nothing for a timed-out or malformed answer', () => {
      const clock = new ClockSync();
      const off = fakeSocket(false);
      clock.ask(off.socket);
      expect(off.timeouts).toEqual([]);
      const on = fakeSocket(true);
      clock.ask(on.socket);
      clock.ask(on.socket);
      on.acks[0]!(new Error('operation has timed out'), { now: 1 });
      on.acks[1]!(null, {} as { now: number });
      expect(clock.offset).toBeNull();
    });
  });
});
