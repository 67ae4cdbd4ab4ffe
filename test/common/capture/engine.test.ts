/** The capture engine with senders the test answers by hand, on a clock the test sets: no sockets. */
import { describe, expect, it } from 'vitest';
import { CaptureEngine, type CaptureEvent } from '../../../common/capture/engine.js';
import type { SendResult, SenderContext } from '../../../common/capture/sender.js';
import type { CaptureFrameMeta } from '../../../shared/protocol.js';
import type { UnitsAck, UnitToSend } from '../../../shared/units.js';

/** A sender whose sends wait until the test answers them; a connection goes up and down when told. */
class FakeSender {
  connected = false;
  reconnects = 0;
  closed = false;
  readonly sent: Array<{ meta: CaptureFrameMeta; answer: (r: SendResult) => void }> = [];
  constructor(
    private readonly ctx: SenderContext,
    private readonly kind: 'connection' | 'fallback',
  ) {}
  link() {
    return this.kind === 'fallback' ? ('http' as const) : this.connected ? ('websocket' as const) : null;
  }
  ready() {
    return this.kind === 'fallback' || this.connected;
  }
  clockOffset() {
    return 7;
  }
  send(meta: CaptureFrameMeta) {
    return new Promise<SendResult>((answer) => this.sent.push({ meta, answer }));
  }
  reconnect() {
    this.reconnects++;
  }
  signalingSocket(): never {
    throw new Error('no signaling here');
  }
  close() {
    this.closed = true;
  }
  up() {
    this.connected = true;
    this.ctx.up();
  }
  down() {
    this.connected = false;
    this.ctx.down();
  }
  /** News from the relay, as the Socket.IO sender reports it (a `demand`, say). */
  tell(e: { type: string; [k: string]: unknown }) {
    (this.ctx.onEvent as (e: unknown) => void)(e);
  }
  answerLast(r: SendResult) {
    this.sent.at(-1)!.answer(r);
  }
}

const frame = (n: number) => ({ jpeg: new Uint8Array([0xff, 0xd8, n, 0xff, 0xd9]), width: 1280, height: 720, capturedAt: 1000 + n + 0.4 });
const settle = () => new Promise((r) => setTimeout(r, 0));

function setUp(o: { fps?: number; maxInFlight?: number } = {}) {
  const made: { socketio?: FakeSender; http?: FakeSender } = {};
  const table = {
    socketio: { role: 'connection' as const, create: (ctx: SenderContext) => (made.socketio = new FakeSender(ctx, 'connection')) },
    http: { role: 'fallback' as const, create: (ctx: SenderContext) => (made.http = new FakeSender(ctx, 'fallback')) },
  };
  const clock = { t: 0 };
  const events: CaptureEvent<typeof table>[] = [];
  const engine = new CaptureEngine(table, {
    server: 'http://relay.invalid',
    cameraId: 'porch',
    token: 't',
    ackTimeoutMs: 5000,
    transport: 'auto',
    fps: o.fps ?? 15,
    maxInFlight: o.maxInFlight ?? 1,
    now: () => clock.t,
    onEvent: (e) => events.push(e),
  });
  const socketio = made.socketio!;
  socketio.up();
  return { engine, socketio, http: made.http!, clock, events };
}

describe('CaptureEngine', () => {
  describe('#send', () => {
    it('keeps one frame in flight and replaces the waiting one with a newer frame', async () => {
      const { socketio, engine } = setUp();
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
      const { socketio, http, engine, clock } = setUp();
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
      const { socketio, http, engine, clock } = setUp();
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
      const { socketio, http, engine, events, clock } = setUp();
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
      const { socketio, engine, events } = setUp();
      engine.send(frame(0));
      socketio.answerLast({ ok: false, error: 'NOT_JPEG', message: 'not a JPEG' });
      await settle();
      expect(events).toContainEqual({ type: 'error', code: 'NOT_JPEG', message: 'not a JPEG' });
      engine.send(frame(1));
      expect(socketio.sent).toHaveLength(2);
    });

    it('reconnects Socket.IO after two acks in a row time out', async () => {
      const { socketio, engine } = setUp();
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
      const { engine, socketio, events } = setUp();
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
      const { engine, socketio } = setUp();
      engine.offer(['h264'], 'to offer H.264');
      socketio.down();
      socketio.tell({ type: 'unreachable', message: 'connect ECONNREFUSED' });
      expect(engine.stats.relink).toBeNull();
    });

    it('only stores the offers while not connected: the next connect says them', () => {
      const { engine, socketio } = setUp();
      socketio.down();
      engine.offer(['h264'], 'to offer H.264');
      expect(socketio.reconnects).toBe(0);
      expect(engine.stats.relink).toBeNull();
    });
  });

  describe('#admit', () => {
    it('lets through 15 pictures a second from a 15 fps camera whose pictures come 50 and 83 ms apart', () => {
      const { engine } = setUp();
      let admitted = 0;
      for (let i = 0, t = 0; i < 150; i++, t += i % 2 ? 50 : 83.33) if (engine.admit(t)) admitted++;
      expect(admitted).toBeGreaterThanOrEqual(149);
    });

    it('lets through half the pictures of a 30 fps camera asked for 15 fps', () => {
      const { engine } = setUp();
      let admitted = 0;
      for (let i = 0; i < 300; i++) if (engine.admit(i * 33.33)) admitted++;
      expect(admitted).toBeGreaterThanOrEqual(148);
      expect(admitted).toBeLessThanOrEqual(152);
    });
  });

  describe('#close', () => {
    it('closes its senders, forgets the waiting frame, and admits and sends nothing after', async () => {
      const { socketio, http, engine } = setUp();
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

  describe('#onDemand', () => {
    it('hears each demand the connection reports, and no demand once the connection is down', () => {
      const { engine, socketio } = setUp();
      const heard: unknown[] = [];
      engine.onDemand((d) => heard.push(d));
      expect(engine.currentDemand).toEqual({ h264: false, widths: [] });
      socketio.tell({ type: 'demand', demand: { h264: false, widths: [320] } });
      expect(engine.currentDemand).toEqual({ h264: false, widths: [320] });
      socketio.tell({ type: 'disconnected', reason: 'transport close' });
      expect(heard).toEqual([
        { h264: false, widths: [320] },
        { h264: false, widths: [] },
      ]);
    });
  });

  describe('#send to a relay that takes JPEG units', () => {
    /** A fallback that carries batches, as HttpSender does (one POST each), answered when the test says. */
    class BatchingFallback extends FakeSender {
      readonly batches: Array<{ units: UnitToSend[]; answer: (r: UnitsAck) => void }> = [];
      sendUnits(units: UnitToSend[]) {
        return new Promise<UnitsAck>((answer) => this.batches.push({ units, answer }));
      }
    }

    it("sends JPEGs as `jpeg` units in the fallback's batches while its answers' demand says jpegUnits, counted as frames", async () => {
      const made: { http?: BatchingFallback } = {};
      const table = { http: { role: 'fallback' as const, create: (ctx: SenderContext) => (made.http = new BatchingFallback(ctx, 'fallback')) } };
      const engine = new CaptureEngine(table, {
        server: 'http://relay.invalid',
        cameraId: 'porch',
        token: 't',
        ackTimeoutMs: 5000,
        transport: 'http',
        fps: 15,
      });
      const http = made.http!;
      http.tell({ type: 'demand', demand: { h264: false, widths: [], units: true, jpegUnits: true }, via: 'http' });
      engine.send(frame(0));
      await settle();
      expect([http.sent.length, http.batches.length]).toEqual([0, 1]);
      expect(http.batches[0]!.units.map((u) => [u.kind, u.meta.seq])).toEqual([['jpeg', 0]]);
      http.batches[0]!.answer({ ok: true, acks: [{ ok: true, seq: 0 }] });
      await settle();
      expect(engine.stats).toMatchObject({ produced: 1, sent: 1, acked: 1, dropped: 0, link: 'http' });
      engine.close();
    });
  });

  describe('#send with a rung', () => {
    it('sends a rung frame only while its width is demanded, newest-wins with one in flight per width, beside the full frame', async () => {
      const { engine, socketio } = setUp();
      engine.send({ ...frame(0), rung: 320 });
      expect(socketio.sent).toEqual([]);
      socketio.tell({ type: 'demand', demand: { h264: false, widths: [320] } });
      engine.send(frame(1));
      for (let n = 2; n < 5; n++) engine.send({ ...frame(n), rung: 320 });
      // The full frame and the first rung frame are in flight together; 3 was replaced by 4.
      expect(socketio.sent.map((s) => [s.meta.seq, s.meta.rung])).toEqual([
        [1, undefined],
        [2, 320],
      ]);
      socketio.sent[1]!.answer({ ok: true, seq: 2 });
      await settle();
      expect(socketio.sent.map((s) => s.meta.seq)).toEqual([1, 2, 4]);
      // Rungs are extra pictures of the same frames: the status line counts the camera's frames.
      expect(engine.stats.produced).toBe(1);
    });

    it('forgets a waiting rung frame once its width is no longer demanded', async () => {
      const { engine, socketio } = setUp();
      socketio.tell({ type: 'demand', demand: { h264: false, widths: [320] } });
      engine.send({ ...frame(0), rung: 320 });
      engine.send({ ...frame(1), rung: 320 });
      socketio.tell({ type: 'demand', demand: { h264: false, widths: [] } });
      socketio.sent[0]!.answer({ ok: true, seq: 0 });
      await settle();
      expect(socketio.sent.map((s) => s.meta.seq)).toEqual([0]);
    });
  });
});
