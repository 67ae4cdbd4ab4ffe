import { describe, expect, it } from 'vitest';
import type { SendResult } from '../../../capture-client/senders/sender.js';
import { Publisher, type PublisherLinks } from '../../../dashboard/src/camera/publisher.js';
import type { CaptureFrameMeta } from '../../../shared/protocol.js';

/** A link whose sends wait until the test answers them. */
function fakeLink(name: 'socketio' | 'http') {
  const sent: Array<{ meta: CaptureFrameMeta; answer: (r: SendResult) => void }> = [];
  return {
    name,
    connected: name === 'socketio',
    reconnects: 0,
    sent,
    link: () => 'websocket' as const,
    clockOffset: () => 7,
    send: (meta: CaptureFrameMeta) => new Promise<SendResult>((answer) => sent.push({ meta, answer })),
    reconnect() {
      this.reconnects++;
    },
  };
}

const frame = (n: number) => ({ jpeg: new Uint8Array([0xff, 0xd8, n, 0xff, 0xd9]), width: 1280, height: 720, capturedAt: 1000 + n });
const settle = () => new Promise((r) => setTimeout(r, 0));

function setUp(now = { t: 0 }) {
  const socketio = fakeLink('socketio');
  const http = fakeLink('http');
  const refusals: string[] = [];
  const publisher = new Publisher({ socketio, http } as unknown as PublisherLinks, { fps: 15, onRefused: (code) => refusals.push(code), now: () => now.t });
  return { socketio, http, publisher, refusals, now };
}

describe('Publisher', () => {
  describe('#push', () => {
    it('keeps one frame in flight and replaces the waiting one with a newer frame', async () => {
      const { socketio, publisher } = setUp();
      for (let n = 0; n < 4; n++) publisher.push(frame(n));
      expect(socketio.sent.map((s) => s.meta.seq)).toEqual([0]);
      socketio.sent[0]!.answer({ ok: true, seq: 0 });
      await settle();
      // 1 and 2 were replaced by 3 while 0 was in flight.
      expect(socketio.sent.map((s) => s.meta.seq)).toEqual([0, 3]);
      expect(publisher.stats).toMatchObject({ produced: 4, sent: 2, acked: 1, dropped: 2 });
      expect(socketio.sent[0]!.meta).toMatchObject({ capturedAt: 1000, width: 1280, height: 720, clockOffset: 7 });
    });

    it('goes by HTTP POST once Socket.IO has been down for 3 s, and back when it reconnects', async () => {
      const { socketio, http, publisher, now } = setUp();
      socketio.connected = false;
      publisher.connectionChanged(false);
      publisher.push(frame(0));
      await settle();
      expect(http.sent).toHaveLength(0);
      expect(publisher.stats.dropped).toBe(1);
      now.t = 3000;
      publisher.push(frame(1));
      expect(http.sent.map((s) => s.meta.seq)).toEqual([1]);
      http.sent[0]!.answer({ ok: true, seq: 1 });
      await settle();
      expect(publisher.stats.link).toBe('http');
      socketio.connected = true;
      publisher.connectionChanged(true);
      publisher.push(frame(2));
      expect(socketio.sent.map((s) => s.meta.seq)).toEqual([2]);
    });

    it('stops and reports a refused token rather than falling back', async () => {
      const { socketio, publisher, refusals } = setUp();
      publisher.push(frame(0));
      socketio.sent[0]!.answer({ ok: false, error: 'REVOKED', message: 'This camera token was revoked.' });
      await settle();
      expect(refusals).toEqual(['REVOKED']);
      publisher.push(frame(1));
      expect(socketio.sent).toHaveLength(1);
    });

    it('reconnects Socket.IO after two acks in a row time out', async () => {
      const { socketio, publisher } = setUp();
      for (let n = 0; n < 2; n++) {
        publisher.push(frame(n));
        socketio.sent[n]!.answer({ ok: false, error: 'TIMEOUT', message: 'no ack from the server' });
        await settle();
      }
      expect(socketio.reconnects).toBe(1);
      expect(publisher.stats).toMatchObject({ failed: 2, lastError: 'TIMEOUT' });
    });
  });

  describe('#admit', () => {
    it('lets through 15 pictures a second from a 15 fps camera whose pictures come 50 and 83 ms apart', () => {
      const { publisher } = setUp();
      let admitted = 0;
      for (let i = 0, t = 0; i < 150; i++, t += i % 2 ? 50 : 83.33) if (publisher.admit(t)) admitted++;
      expect(admitted).toBeGreaterThanOrEqual(149);
    });

    it('lets through half the pictures of a 30 fps camera asked for 15 fps', () => {
      const { publisher } = setUp();
      let admitted = 0;
      for (let i = 0; i < 300; i++) if (publisher.admit(i * 33.33)) admitted++;
      expect(admitted).toBeGreaterThanOrEqual(148);
      expect(admitted).toBeLessThanOrEqual(152);
    });
  });
});
