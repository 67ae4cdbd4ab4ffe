/** CaptureEngine's tests' senders, answered by hand, and an engine on them with a clock the test sets: no sockets. */
import { CaptureEngine, type CaptureEvent } from '../../common/capture/engine.js';
import type { SendResult, SenderContext } from '../../common/capture/sender.js';
import type { CaptureFrameMeta } from '../../shared/protocol.js';

/** A sender whose sends wait until the test answers them; a connection goes up and down when told. */
export class FakeSender {
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

/** The n-th picture: a minimal JPEG of 1280×720, captured at 1000 + n ms. */
export const frame = (n: number) => ({ jpeg: new Uint8Array([0xff, 0xd8, n, 0xff, 0xd9]), width: 1280, height: 720, capturedAt: 1000 + n + 0.4 });
/** One turn of the event loop, for the engine's promise chains to run. */
export const settle = () => new Promise((r) => setTimeout(r, 0));

/** An engine on a FakeSender connection (up) and a FakeSender fallback, with a clock the test sets and the events it told. */
export function engineOnFakes(o: { fps?: number; maxInFlight?: number } = {}) {
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
