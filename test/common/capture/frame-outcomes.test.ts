/** What each full frame's result means to the capture engine: counts, the picker, refusals, a stuck connection. No sockets. */
import { describe, expect, it } from 'vitest';
import { FrameOutcomes } from '../../../common/capture/frame-outcomes.js';
import { TransportPicker } from '../../../common/capture/picker.js';
import type { Sender, SenderRole } from '../../../common/capture/sender.js';
import { SenderLineup } from '../../../common/capture/sender-lineup.js';
import { newCaptureStats } from '../../../common/capture/stats.js';
import { AUTH_RETRY_MS } from '../../../shared/errors.js';

type Name = 'socketio' | 'http' | 'webrtc';
const ROLES: Record<Name, SenderRole> = { socketio: 'connection', http: 'fallback', webrtc: 'upgrade' };

function setUp() {
  const reconnects: string[] = [];
  const make = (name: Name) =>
    ({ name, link: () => null, ready: () => true, clockOffset: () => null, close: () => {}, reconnect: () => reconnects.push(name) }) as unknown as Sender;
  const clock = { t: 0 };
  const picker = new TransportPicker<Name>(ROLES, { mode: 'auto' }, clock.t);
  const senders = new SenderLineup<Name>();
  senders.build(picker.lineup, make);
  picker.up('socketio');
  const stats = newCaptureStats();
  const events: Array<{ type: string; code: string }> = [];
  const outcomes = new FrameOutcomes<Name>({
    stats,
    picker,
    senders,
    now: () => clock.t,
    activeSender: () => senders.get(picker.pick(clock.t) ?? 'http'),
    emit: (e) => events.push({ type: e.type, code: e.code }),
  });
  return { outcomes, senders, picker, stats, events, reconnects, clock, socketio: senders.get('socketio')!, webrtc: senders.get('webrtc')! };
}

describe('FrameOutcomes', () => {
  describe('#take', () => {
    it('counts an ack with its round trip, and clears the last error once the sender in use gets through', () => {
      const { outcomes, stats, socketio } = setUp();
      outcomes.take('socketio', socketio, { ok: false, error: 'NETWORK', message: 'gone' }, 40, false);
      expect([stats.failed, stats.lastError, stats.lastErrorMessage]).toEqual([1, 'NETWORK', 'gone']);
      outcomes.take('socketio', socketio, { ok: true, seq: 1 }, 35, false);
      expect([stats.acked, stats.rttMs, stats.lastError, stats.lastErrorMessage]).toEqual([1, 35, null, null]);
    });

    it("shows no round trip for the upgrade's frames (its channel has no ack)", () => {
      const { outcomes, stats, webrtc } = setUp();
      outcomes.take('webrtc', webrtc, { ok: true, seq: 1 }, 12, false);
      expect([stats.acked, stats.rttMs]).toEqual([1, null]);
    });

    it("counts a frame sent on trial and answered STALE_FRAME as delivered: the upgrade's copy got there first", () => {
      const { outcomes, stats, events, socketio } = setUp();
      outcomes.take('socketio', socketio, { ok: false, error: 'STALE_FRAME', message: 'older' }, 20, true);
      expect([stats.acked, stats.failed, events]).toEqual([1, 0, []]);
    });

    it('says a failure as an error with its code, and a final refusal as refused, sending nothing until AUTH_RETRY_MS passed', () => {
      const { outcomes, picker, events, clock, socketio } = setUp();
      outcomes.take('socketio', socketio, { ok: false, error: 'FRAME_TOO_LARGE', message: 'big' }, 20, false);
      outcomes.take('socketio', socketio, { ok: false, error: 'BAD_TOKEN', message: 'no' }, 20, false);
      expect(events).toEqual([
        { type: 'error', code: 'FRAME_TOO_LARGE' },
        { type: 'refused', code: 'BAD_TOKEN' },
      ]);
      clock.t = AUTH_RETRY_MS - 1;
      expect(picker.pick(clock.t)).toBeNull();
      clock.t = AUTH_RETRY_MS;
      expect(picker.pick(clock.t)).toBe('socketio');
    });

    it('reconnects a connection that times out twice in a row, and counts again from nought once it is connected', () => {
      const { outcomes, reconnects, socketio } = setUp();
      const timeout = { ok: false as const, error: 'TIMEOUT' as const, message: 'no ack' };
      outcomes.take('socketio', socketio, timeout, 5000, false);
      outcomes.connected();
      outcomes.take('socketio', socketio, timeout, 5000, false);
      expect(reconnects).toEqual([]);
      outcomes.take('socketio', socketio, timeout, 5000, false);
      expect(reconnects).toEqual(['socketio']);
    });
  });
});
