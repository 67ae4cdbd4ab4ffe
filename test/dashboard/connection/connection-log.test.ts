import { describe, expect, it } from 'vitest';
import { ConnectionLog, formatClockTime, formatDuration } from '../../../dashboard/src/connection/connection-log.js';

function clockLog(capacity?: number) {
  let now = 1_000;
  const log = new ConnectionLog({ capacity, now: () => now });
  return { log, advance: (ms: number) => (now += ms) };
}

describe('ConnectionLog', () => {
  describe('#ctor', () => {
    it('keeps the last 50 entries by default', () => {
      expect(new ConnectionLog().capacity).toBe(50);
    });

    it('throws if the capacity is not a positive integer', () => {
      expect(() => new ConnectionLog({ capacity: 0 })).toThrow(TypeError);
      expect(() => new ConnectionLog({ capacity: 2.5 })).toThrow(/positive integer/);
    });
  });

  describe('#entries', () => {
    it('lists entries newest first, each stamped with the time it was added', () => {
      const { log, advance } = clockLog();
      log.add('connect (polling)');
      advance(250);
      log.add('upgrade → websocket');
      expect(log.entries()).toEqual([
        { at: 1_250, text: 'upgrade → websocket' },
        { at: 1_000, text: 'connect (polling)' },
      ]);
    });

    it('drops the oldest entries beyond the capacity', () => {
      const { log } = clockLog(3);
      for (let i = 1; i <= 5; i++) log.add(`reconnect attempt ${i}`);
      expect(log.entries().map((e) => e.text)).toEqual(['reconnect attempt 5', 'reconnect attempt 4', 'reconnect attempt 3']);
    });

    it('returns a copy the caller cannot use to change the log', () => {
      const { log } = clockLog();
      log.add('connect (polling)');
      log.entries().pop();
      expect(log.entries()).toHaveLength(1);
    });
  });

  describe('#version', () => {
    it('moves on every add, even once the log is full', () => {
      const { log } = clockLog(1);
      log.add('a');
      const before = log.version;
      log.add('b');
      expect(log.version).toBe(before + 1);
    });
  });
});

describe('formatClockTime', () => {
  it('prints local hours, minutes, seconds and milliseconds, zero-padded', () => {
    expect(formatClockTime(new Date(2024, 0, 2, 3, 4, 5, 67).getTime())).toBe('03:04:05.067');
    expect(formatClockTime(new Date(2024, 0, 2, 23, 59, 59, 999).getTime())).toBe('23:59:59.999');
  });
});

describe('formatDuration', () => {
  it('uses ms below a second, tenths of seconds below a minute, whole seconds above', () => {
    expect(formatDuration(450.4)).toBe('450 ms');
    expect(formatDuration(2_345)).toBe('2.3 s');
    expect(formatDuration(95_000)).toBe('95 s');
  });

  it('never prints a negative duration (the wall clock may step back)', () => {
    expect(formatDuration(-20)).toBe('0 ms');
  });
});
