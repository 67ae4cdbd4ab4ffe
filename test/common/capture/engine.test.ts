/** The capture engine with senders the test answers by hand, on a clock the test sets: no sockets. Its demand: engine-demand.test.ts. */
import { describe, expect, it } from 'vitest';
import { engineOnFakes, frame, settle } from '../../helpers/capture-engine-fakes.js';

describe('CaptureEngine', () => {
  describe('#send', () => {
    it('keeps one frame in flight and replaces the waiting one with a newer frame', async () => {
      const { socketio, engine } = engineOnFakes();
      for (let n = 0; n < 4; n++) engine.send(frame(n));
      expect(socketio.sent.map((s) => s.meta.seq)).toEqual([0]);
      socketio.sent[0]!.answer({ ok: true, seq: 0 });
      await settle();
      // 1 and 2 were replaced by 3 while 0 was in flight.
      expect(socketio.sent.map((s) => s.meta.seq)).toEqual([0, 3]);
      expect(engine.stats).toMatchObject({ produced: 4, sent: 2, acked: 1, dropped: 2, link: 'websocket' });
      expect(socketio.sent[0]!.meta).toEqual({ seq: 0, capturedAt: 1000, width: 1280, height: 720, clockOffset: 7 });
    });

    it('goes by HTTP POST once Socket.IO has been down for 3 s, and back when it reconnects', async () => {
      const { socketio, http, engine, clock } = engineOnFakes();
      socketio.down();
      engine.send(frame(0));
      await settle();
      expect(http.sent).toHaveLength(0);
      expect(engine.stats.dropped).toBe(1);
      clock.t = 3000;
      engine.send(frame(1));
      expect(http.sent.map((s) => s.meta.seq)).toEqual([1]);
      http.answerLast({ ok: true, seq: 1 });
      await settle();
      expect(engine.stats.link).toBe('http');
      socketio.up();
      engine.send(frame(2));
      expect(socketio.sent.map((s) => s.meta.seq)).toEqual([2]);
    });

    it('pins HTTP POST after two Socket.IO sessions that connected and got no ack', async () => {
      const { socketio, http, engine, clock } = engineOnFakes();
      for (let n = 0; n < 2; n++) {
        engine.send(frame(n));
        socketio.answerLast({ ok: false, error: 'TIMEOUT', message: 'no ack from the server' });
        await settle();
        clock.t += 1000;
        socketio.down();
        socketio.up();
      }
      engine.send(frame(2));
      expect(http.sent.map((s) => s.meta.seq)).toEqual([2]);
      expect(socketio.sent).toHaveLength(2);
    });

    it('reports a final refusal in an ack and sends nothing by any link for 30 s, rather than falling back', async () => {
      const { socketio, http, engine, events, clock } = engineOnFakes();
      engine.send(frame(0));
      socketio.answerLast({ ok: false, error: 'REVOKED', message: 'This camera token was revoked.' });
      await settle();
      expect(events).toContainEqual({ type: 'refused', code: 'REVOKED', message: 'This camera token was revoked.' });
      socketio.down();
      clock.t = 29_000;
      engine.send(frame(1));
      await settle();
      expect([socketio.sent.length, http.sent.length]).toEqual([1, 0]);
      expect(engine.stats.lastError).toBe('REVOKED');
    });

    it('reports an error that is not a refusal as an error, and keeps sending', async () => {
      const { socketio, engine, events } = engineOnFakes();
      engine.send(frame(0));
      socketio.answerLast({ ok: false, error: 'NOT_JPEG', message: 'not a JPEG' });
      await settle();
      expect(events).toContainEqual({ type: 'error', code: 'NOT_JPEG', message: 'not a JPEG' });
      engine.send(frame(1));
      expect(socketio.sent).toHaveLength(2);
    });

    it('reconnects Socket.IO after two acks in a row time out', async () => {
      const { socketio, engine } = engineOnFakes();
      for (let n = 0; n < 2; n++) {
        engine.send(frame(n));
        socketio.sent[n]!.answer({ ok: false, error: 'TIMEOUT', message: 'no ack from the server' });
        await settle();
      }
      expect(socketio.reconnects).toBe(1);
      expect(engine.stats).toMatchObject({ failed: 2, lastError: 'TIMEOUT' });
    });
  });

  describe('#offer', () => {
    it('reconnects at once to say it, and the status reads why until the connection is back', () => {
      const { engine, socketio, events } = engineOnFakes();
      const reconnect = socketio.reconnect.bind(socketio);
      const pauses: unknown[] = [];
      socketio.reconnect = (afterMs?: number) => {
        pauses.push(afterMs);
        reconnect();
        socketio.down();
      };
      engine.offer(['h264'], 'to offer H.264');
      expect(pauses).toEqual([0]);
      expect(engine.stats.relink).toBe('to offer H.264');
      expect(events).toContainEqual({ type: 'relinking', why: 'to offer H.264' });
      socketio.up();
      socketio.tell({ type: 'connected', link: 'websocket' });
      expect(engine.stats.relink).toBeNull();
    });

    it('drops the reason when the reconnect fails: then "no link" is the truth', () => {
      const { engine, socketio } = engineOnFakes();
      engine.offer(['h264'], 'to offer H.264');
      socketio.down();
      socketio.tell({ type: 'unreachable', message: 'connect ECONNREFUSED' });
      expect(engine.stats.relink).toBeNull();
    });

    it('only stores the offers while not connected: the next connect says them', () => {
      const { engine, socketio } = engineOnFakes();
      socketio.down();
      engine.offer(['h264'], 'to offer H.264');
      expect(socketio.reconnects).toBe(0);
      expect(engine.stats.relink).toBeNull();
    });
  });

  describe('#admit', () => {
    it('lets through 15 pictures a second from a 15 fps camera whose pictures come 50 and 83 ms apart', () => {
      const { engine } = engineOnFakes();
      let admitted = 0;
      for (let i = 0, t = 0; i < 150; i++, t += i % 2 ? 50 : 83.33) if (engine.admit(t)) admitted++;
      expect(admitted).toBeGreaterThanOrEqual(149);
    });

    it('lets through half the pictures of a 30 fps camera asked for 15 fps', () => {
      const { engine } = engineOnFakes();
      let admitted = 0;
      for (let i = 0; i < 300; i++) if (engine.admit(i * 33.33)) admitted++;
      expect(admitted).toBeGreaterThanOrEqual(148);
      expect(admitted).toBeLessThanOrEqual(152);
    });
  });

  describe('#close', () => {
    it('closes its senders, forgets the waiting frame, and admits and sends nothing after', async () => {
      const { socketio, http, engine } = engineOnFakes();
      engine.send(frame(0));
      engine.send(frame(1));
      engine.close();
      socketio.answerLast({ ok: true, seq: 0 });
      await settle();
      engine.send(frame(2));
      expect(engine.admit(10_000)).toBe(false);
      expect(socketio.sent).toHaveLength(1);
      expect([socketio.closed, http.closed]).toEqual([true, true]);
    });
  });
});
