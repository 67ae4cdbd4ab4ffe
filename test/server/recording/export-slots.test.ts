import { describe, expect, it } from 'vitest';
import { ExportSlots, type ExportOutcome, type ExportTimers } from '../../../server/recording/export-slots.js';

/** Timers on a clock the test moves: `advance(ms)` runs whatever falls due. */
function fakeTimers(): ExportTimers & { advance(ms: number): void; pending(): number } {
  let now = 0;
  let next = 0;
  const due = new Map<number, { at: number; fn: () => void }>();
  return {
    setTimeout(fn, ms) {
      due.set(++next, { at: now + ms, fn });
      return next;
    },
    clearTimeout: (h) => void due.delete(h as number),
    advance(ms) {
      now += ms;
      for (const [h, t] of [...due].sort((a, b) => a[1].at - b[1].at)) if (t.at <= now && due.delete(h)) t.fn();
    },
    pending: () => due.size,
  };
}

function setUp(options = {}) {
  const timers = fakeTimers();
  const ended: Array<[string, ExportOutcome]> = [];
  const slots = new ExportSlots({ timers, drainTimeoutMs: 20_000, maxRunMs: 3_600_000, onEnd: (u, o) => ended.push([u, o]), ...options });
  const aborted: Array<[string, ExportOutcome]> = [];
  const take = (user: string) => {
    const r = slots.take(user, (reason) => aborted.push([user, reason]));
    if (!r.ok) throw r.error;
    return r.value;
  };
  return { timers, slots, ended, aborted, take };
}

describe('ExportSlots', () => {
  describe('#ctor', () => {
    it('throws if a limit is not a whole number of at least 1', () => {
      expect(() => new ExportSlots({ drainTimeoutMs: 0 })).toThrow('The export option drainTimeoutMs must be a whole number of at least 1; it is 0.');
      expect(() => new ExportSlots({ maxExports: 1.5 })).toThrow(TypeError);
    });
  });

  describe('#take', () => {
    it('gives a user one export at a time: a second is EXPORT_RUNNING, and free again once the first is released', () => {
      const { slots, take } = setUp();
      const first = take('alice');
      const second = slots.take('alice', () => {});
      expect(second.ok || second.error.code).toBe('EXPORT_RUNNING');
      expect(second.ok || second.error.status).toBe(409);
      first.release('done');
      expect(slots.take('alice', () => {}).ok).toBe(true);
    });

    it('refuses a third user with EXPORT_BUSY while two export', () => {
      const { slots, take } = setUp();
      take('alice');
      take('bob');
      const third = slots.take('carol', () => {});
      expect(third.ok || third.error.code).toBe('EXPORT_BUSY');
      expect(slots.running).toBe(2);
    });
  });

  describe('ExportSlot', () => {
    it('ends an export whose reader does not drain within the deadline, and counts it stalled once released', () => {
      const { timers, slots, ended, aborted, take } = setUp();
      const slot = take('alice');
      slot.stalled();
      timers.advance(19_999);
      expect(aborted).toEqual([]);
      timers.advance(1);
      expect(aborted).toEqual([['alice', 'stalled']]);
      // The slot is held until ffmpeg is gone: its exit releases it, and the first reason stands.
      expect(slots.running).toBe(1);
      slot.release('failed');
      expect(slots.running).toBe(0);
      expect(ended).toEqual([['alice', 'stalled']]);
      expect(slots.ended).toMatchObject({ stalled: 1, failed: 0 });
    });

    it('lets a reader that drains in time go on: each stall has its own deadline', () => {
      const { timers, aborted, take } = setUp();
      const slot = take('alice');
      for (let i = 0; i < 5; i++) {
        slot.stalled();
        timers.advance(15_000);
        slot.drained();
      }
      timers.advance(60_000);
      expect(aborted).toEqual([]);
    });

    it('ends an export that runs past maxRunMs however it is read', () => {
      const { timers, aborted, take } = setUp({ maxRunMs: 60_000 });
      take('alice');
      timers.advance(60_000);
      expect(aborted).toEqual([['alice', 'too-long']]);
    });

    it('leaves no timer behind once released', () => {
      const { timers, take, ended } = setUp();
      const slot = take('alice');
      slot.stalled();
      slot.release('done');
      slot.release('failed');
      expect(timers.pending()).toBe(0);
      expect(ended).toEqual([['alice', 'done']]);
    });
  });
});
