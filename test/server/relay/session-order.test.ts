import { describe, expect, it } from 'vitest';
import { SessionOrder } from '../../../server/relay/session-order.js';

const epoch = (r: { ok: true; value: number } | { ok: false; error: { code: string } }) => (r.ok ? r.value : r.error.code);

describe('SessionOrder', () => {
  describe('#epochOf', () => {
    it('keeps one epoch through a session and refuses a frame not newer than its last as STALE_FRAME', () => {
      const order = new SessionOrder(() => 1_000);
      expect(epoch(order.epochOf('cam', 'a', { seq: 5, capturedAt: 50 }))).toBe(1_000);
      expect(epoch(order.epochOf('cam', 'a', { seq: 6, capturedAt: 60 }))).toBe(1_000);
      expect(epoch(order.epochOf('cam', 'a', { seq: 4, capturedAt: 40 }))).toBe('STALE_FRAME');
    });

    it('numbers a new session above the last one even when the clock has not moved', () => {
      const order = new SessionOrder(() => 1_000);
      order.epochOf('cam', 'a', { seq: 0, capturedAt: 0 });
      expect(epoch(order.epochOf('cam', 'b', { seq: 0, capturedAt: 0 }))).toBe(1_001);
      expect(epoch(order.epochOf('cam', 'c', { seq: 0, capturedAt: 0 }))).toBe(1_002);
    });

    it('numbers the first session of a restarted process above every session of the one before it', () => {
      const clock = { t: 1_000 };
      const before = new SessionOrder(() => clock.t);
      before.epochOf('cam', 'a', { seq: 0, capturedAt: 0 });
      clock.t += 5_000;
      // The capture client reconnected as a new session: a count in memory had made this epoch 2.
      const reconnected = epoch(before.epochOf('cam', 'b', { seq: 0, capturedAt: 0 }));
      clock.t += 2_000;
      const restarted = new SessionOrder(() => clock.t);
      const after = epoch(restarted.epochOf('cam', 'b', { seq: 900, capturedAt: 0 }));
      expect(after).toBeGreaterThan(reconnected as number);
    });

    it('numbers a session above the epoch this node already shows from another node, whatever its own clock says', () => {
      const order = new SessionOrder(() => 1_000);
      expect(epoch(order.epochOf('cam', 'a', { seq: 0, capturedAt: 0 }, 5_000))).toBe(5_001);
    });

    it('starts a camera it forgot at the clock again', () => {
      const clock = { t: 1_000 };
      const order = new SessionOrder(() => clock.t);
      order.epochOf('cam', 'a', { seq: 0, capturedAt: 0 });
      order.forget('cam');
      clock.t = 3_000;
      expect(epoch(order.epochOf('cam', 'a', { seq: 0, capturedAt: 0 }))).toBe(3_000);
    });
  });
});
