/**
 * `socketio`: frames as `frame` events with acks on `/capture`. Long-polling first, then the
 * WebSocket upgrade (never websocket-only: a proxy that breaks the upgrade must not break us).
 */
import { io, type Socket } from 'socket.io-client';
import { ClockSync } from '../../clock-sync.js';
import { socketioTarget } from '../../relay-url.js';
import { AUTH_RETRY_MS, isErrorCode } from '../../../shared/errors.js';
import {
  CAPTURE_NAMESPACE,
  type CaptureClientEvents,
  type CaptureFrameMeta,
  type CaptureServerEvents,
  type FrameAck,
  type Link,
  type SourceStatus,
} from '../../../shared/protocol.js';
import type { SignalingSocket } from '../../webrtc/upgrade.js';
import type { AacFrameMeta, CaptureDemand, H264FrameMeta, H264RungMeta } from '../../../shared/demand.js';
import { packUnits, type UnitsAck, type UnitToSend } from '../../../shared/units.js';
import type { JpegUnitEvents } from '../../../shared/jpeg-event.js';
import { readDemand } from '../demand-check.js';
import { isFinalRefusal } from '../refusals.js';
import type { ConnectionSender, SendResult, SenderContext, SenderTarget } from '../sender.js';

export type SocketioEvent =
  | { type: 'connected'; link: Link }
  | { type: 'link'; link: Link }
  | { type: 'disconnected'; reason: string }
  | { type: 'reconnecting'; attempt: number }
  | { type: 'refused'; code: string; message: string }
  | { type: 'unreachable'; message: string }
  | { type: 'kicked'; code: string; message: string }
  | { type: 'demand'; demand: CaptureDemand };

const CLOCK_SYNC_MS = 10_000;

/** The capture events, and the `jpeg` unit's (#56). */
type ClientEvents = CaptureClientEvents & JpegUnitEvents;

type TimedSocket = ReturnType<Socket<CaptureServerEvents, ClientEvents>['timeout']>;

export class SocketioSender implements ConnectionSender {
  static readonly role = 'connection';

  static create(ctx: SenderContext<SocketioEvent>): SocketioSender {
    return new SocketioSender(ctx.target, (e) => {
      if (e.type === 'connected') ctx.up();
      if (e.type === 'disconnected') ctx.down();
      ctx.onEvent(e);
    });
  }

  private readonly socket: Socket<CaptureServerEvents, ClientEvents>;
  private readonly clock = new ClockSync();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private refusedRetryMs = 2000;
  private source: SourceStatus = { state: 'ok' };
  private closed = false;
  private kicked = false;

  constructor(
    private readonly target: SenderTarget,
    private readonly onEvent: (e: SocketioEvent) => void = () => {},
  ) {
    const { url, path } = socketioTarget(target.server, CAPTURE_NAMESPACE);
    this.socket = io(url, {
      path,
      // Read at each connect: the offers can grow once the capture client has picked its H.264 encoder.
      auth: (cb) =>
        cb({
          token: target.token,
          cameraId: target.cameraId,
          ...(target.name ? { name: target.name } : {}),
          ...(target.session ? { session: target.session } : {}),
          ...(target.offers?.length ? { offers: [...target.offers] } : {}),
          ...(target.standby ? { standby: true } : {}),
        }),
      transports: ['polling', 'websocket'],
      timeout: 5000,
      // Back within about 2 s of the server being up again (Socket.IO's default allows 5 s).
      reconnectionDelayMax: 2000,
    });
    this.socket.on('connect', () => {
      this.refusedRetryMs = 2000;
      this.onEvent({ type: 'connected', link: this.currentLink() });
      this.clock.ask(this.socket);
      if (this.source.state !== 'ok') this.socket.emit('source-status', this.source);
    });
    this.socket.io.on('reconnect_attempt', (attempt) => this.onEvent({ type: 'reconnecting', attempt }));
    this.socket.io.on('open', () => this.socket.io.engine.on('upgrade', () => this.onEvent({ type: 'link', link: this.currentLink() })));
    this.socket.on('disconnect', (reason) => {
      this.onEvent({ type: 'disconnected', reason });
      // Socket.IO gives up after a server-side disconnect; only a takeover (kicked) should stop us.
      if (reason === 'io server disconnect' && !this.kicked) this.retry(1000);
    });
    // Malformed demand is ignored: the client goes on making what it made (at least the full frame).
    this.socket.on('demand', (d) => {
      const demand = readDemand(d);
      if (demand) this.onEvent({ type: 'demand', demand });
    });
    this.socket.on('kicked', (k) => {
      this.kicked = true;
      this.onEvent({ type: 'kicked', code: k.error, message: k.message });
    });
    this.socket.on('connect_error', (err: Error & { data?: { code?: unknown; message?: string; retryAfterMs?: unknown } }) => {
      const code = err.data?.code;
      if (isErrorCode(code)) this.onEvent({ type: 'refused', code, message: err.data?.message ?? err.message });
      else this.onEvent({ type: 'unreachable', message: err.message });
      // A refusal by the server's middleware stops the client's own reconnection: retry slowly ourselves,
      // and a final refusal only every AUTH_RETRY_MS (a wrong token stays wrong; retrying fast helps nobody).
      if (this.socket.active) return;
      const final = isFinalRefusal(code);
      this.retry(final ? Math.max(AUTH_RETRY_MS, Number(err.data?.retryAfterMs) || 0) : (this.refusedRetryMs = Math.min(this.refusedRetryMs * 2, 30_000)));
    });
    this.later(() => this.clock.ask(this.socket), CLOCK_SYNC_MS, true);
  }

  link(): Link | null {
    return this.socket.connected ? this.currentLink() : null;
  }

  ready(): boolean {
    return this.socket.connected;
  }

  clockOffset(): number | null {
    return this.clock.offset;
  }

  send(meta: CaptureFrameMeta, jpeg: Uint8Array): Promise<SendResult> {
    return this.emitWithAck('frame', meta, jpeg);
  }

  /** A JPEG as a `jpeg` unit (#56), to a relay whose demand says `jpegUnits`; acked as a frame is. */
  sendJpeg(meta: CaptureFrameMeta, jpeg: Uint8Array): Promise<SendResult> {
    return this.emitWithAck('jpeg', meta, jpeg);
  }

  /** An H.264 access unit, acked as a frame is; never buffered while disconnected (the host's uplink buffer holds it). */
  sendH264(meta: H264FrameMeta, au: Uint8Array): Promise<SendResult> {
    return this.emitWithAck('h264', meta, au);
  }

  /** A rung stream's access unit (#30), acked and never buffered while disconnected, as a unit is. */
  sendH264Rung(meta: H264RungMeta, au: Uint8Array): Promise<SendResult> {
    return this.emitWithAck('h264-rung', meta, au);
  }

  /** A raw AAC frame, acked and never buffered while disconnected, as a unit is. */
  sendAac(meta: AacFrameMeta, frame: Uint8Array): Promise<SendResult> {
    return this.emitWithAck('aac', meta, frame);
  }

  /** Several units in one `units` message (shared/units.ts): one payload, one ack answering each item. */
  sendUnits(units: UnitToSend[]): Promise<UnitsAck | SendResult> {
    const { head, payload } = packUnits(units);
    return this.ackOf<UnitsAck>((socket, done) => socket.emit('units', head, payload, done));
  }

  /** Sent now when connected, and again on each connect (the relay forgets it when a connection ends). */
  sourceStatus(status: SourceStatus): void {
    this.source = status;
    if (this.socket.connected) this.socket.emit('source-status', status);
  }

  /** The socket itself, for the WebRTC upgrade's signaling, which rides on this connection. */
  signalingSocket(): SignalingSocket {
    return this.socket;
  }

  /** Drops the connection and connects again, e.g. when it says connected but acks stopped. */
  reconnect(afterMs = 500): void {
    this.socket.disconnect();
    this.later(() => this.socket.connect(), afterMs);
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.socket.disconnect();
  }

  private emitWithAck(
    event: 'frame' | 'jpeg' | 'h264' | 'h264-rung' | 'aac',
    meta: CaptureFrameMeta | H264FrameMeta | AacFrameMeta,
    bytes: Uint8Array,
  ): Promise<SendResult> {
    return this.ackOf<FrameAck>((socket, done) => {
      if (event === 'h264') socket.emit('h264', meta as H264FrameMeta, bytes, done);
      else if (event === 'h264-rung') socket.emit('h264-rung', meta as H264RungMeta, bytes, done);
      else if (event === 'aac') socket.emit('aac', meta as AacFrameMeta, bytes, done);
      else if (event === 'jpeg') socket.emit('jpeg', meta as CaptureFrameMeta, bytes, done);
      else socket.emit('frame', meta as CaptureFrameMeta, bytes, done);
    });
  }

  /** Emits (by `emit`) with an ack within the target's ack timeout; a lost ack is a SendResult, never a rejection. */
  private ackOf<A>(emit: (socket: TimedSocket, done: (err: Error | null, ack: A) => void) => void): Promise<A | SendResult> {
    return new Promise((resolve) => {
      // Never emit while disconnected: socket.io-client would buffer and replay a stale backlog.
      if (!this.socket.connected) return resolve({ ok: false, error: 'NETWORK', message: 'not connected' });
      // socket.io-client ends the acks a disconnect leaves waiting at once, with this error: not a timeout.
      const lost = (err: Error): SendResult =>
        err.message === 'socket has been disconnected'
          ? { ok: false, error: 'NETWORK', message: 'disconnected before the ack came' }
          : { ok: false, error: 'TIMEOUT', message: 'no ack from the server' };
      emit(this.socket.timeout(this.target.ackTimeoutMs), (err, ack) => resolve(err ? lost(err) : ack));
    });
  }

  /** Connects again after `ms`, where Socket.IO's own reconnection has given up. */
  private retry(ms: number): void {
    this.later(() => {
      this.onEvent({ type: 'reconnecting', attempt: 0 });
      this.socket.connect();
    }, ms);
  }

  private currentLink(): Link {
    return this.socket.io.engine?.transport?.name === 'websocket' ? 'websocket' : 'polling';
  }

  private later(fn: () => void, ms: number, repeat = false): void {
    if (this.closed) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
      if (repeat) this.later(fn, ms, true);
    }, ms);
    // In Node, a timer must not keep the process up; a browser's timers have no unref.
    (t as { unref?: () => void }).unref?.();
    this.timers.add(t);
  }
}
