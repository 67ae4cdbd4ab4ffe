/**
 * The page's `/capture` connection: the same Socket.IO protocol as the capture client's `socketio`
 * sender (long-polling first, then the WebSocket upgrade; `frame` events with acks; `time` for the
 * clock), refusals reported with the server's codes rather than retried blindly.
 */
import { io, type Socket } from 'socket.io-client';
import { ClockSync } from '../../../common/clock-sync.js';
import { socketioTarget } from '../../../common/relay-url.js';
import { AUTH_REFUSAL_CODES, isErrorCode, type ErrorCodeName } from '../../../shared/errors.js';
import {
  CAPTURE_NAMESPACE,
  type CaptureAuth,
  type CaptureClientEvents,
  type CaptureFrameMeta,
  type CaptureServerEvents,
  type Link,
} from '../../../shared/protocol.js';
import type { SendResult } from '../../../common/capture/send-result.js';

export interface LinkEvents {
  /** Connected (again): frames may go. */
  up(): void;
  down(): void;
  /** Polling became websocket. */
  upgraded(): void;
  reconnecting(): void;
  /** The relay said no and trying again as is will not help: a token, an account, a limit. */
  refused(code: string, message: string, retryAfterMs: number | null): void;
}

/** Refusals that need a person: the page stops and says what to do. */
const FINAL: ReadonlySet<ErrorCodeName> = new Set<ErrorCodeName>([...AUTH_REFUSAL_CODES, 'BAD_CAMERA_ID', 'TOO_MANY_CAMERAS', 'TAKEN_OVER']);
const CLOCK_SYNC_MS = 10_000;

export class SocketioLink {
  private readonly socket: Socket<CaptureServerEvents, CaptureClientEvents>;
  private readonly clock = new ClockSync();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(
    base: string,
    auth: CaptureAuth,
    private readonly ackTimeoutMs: number,
    private readonly events: LinkEvents,
  ) {
    const { url, path } = socketioTarget(base, CAPTURE_NAMESPACE);
    // Polling first, as the capture client: it gets through proxies that break the upgrade.
    this.socket = io(url, { path, auth: { ...auth }, transports: ['polling', 'websocket'], timeout: 5000, reconnectionDelayMax: 2000 });
    this.socket.on('connect', () => {
      events.up();
      this.clock.ask(this.socket);
    });
    this.socket.io.on('open', () => this.socket.io.engine.on('upgrade', () => events.upgraded()));
    this.socket.io.on('reconnect_attempt', () => events.reconnecting());
    this.socket.on('disconnect', (reason) => {
      events.down();
      // Socket.IO gives up after a server-side disconnect (a camera deleted, a restart): come back.
      if (reason === 'io server disconnect') this.later(() => this.socket.connect(), 1000);
    });
    this.socket.on('kicked', (k) => {
      this.close();
      events.refused(k.error, k.message, null);
    });
    this.socket.on('connect_error', (err: Error & { data?: { code?: unknown; message?: string; retryAfterMs?: unknown } }) => {
      const code = err.data?.code;
      if (this.socket.active) return; // a network error: Socket.IO keeps trying by itself
      if (isErrorCode(code) && FINAL.has(code)) {
        this.close();
        const wait = Number(err.data?.retryAfterMs);
        return events.refused(code, err.data?.message ?? err.message, Number.isFinite(wait) ? wait : null);
      }
      // Refused for a passing reason (too many handshakes at once): ask again shortly.
      this.later(() => this.socket.connect(), 2000);
    });
    this.later(() => this.clock.ask(this.socket), CLOCK_SYNC_MS, true);
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  link(): Link | null {
    if (!this.socket.connected) return null;
    return this.socket.io.engine?.transport?.name === 'websocket' ? 'websocket' : 'polling';
  }

  clockOffset(): number | null {
    return this.clock.offset;
  }

  send(meta: CaptureFrameMeta, jpeg: Uint8Array): Promise<SendResult> {
    return new Promise((resolve) => {
      // Never emit while disconnected: socket.io-client would buffer and replay a stale backlog.
      if (!this.socket.connected) return resolve({ ok: false, error: 'NETWORK', message: 'not connected' });
      this.socket.timeout(this.ackTimeoutMs).emit('frame', meta, jpeg, (err: Error | null, ack: SendResult) => {
        resolve(err ? { ok: false, error: 'TIMEOUT', message: 'no ack from the server' } : ack);
      });
    });
  }

  /** Drops the connection and connects again: it says connected, but acks stopped. */
  reconnect(): void {
    this.socket.disconnect();
    this.later(() => this.socket.connect(), 500);
  }

  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.socket.disconnect();
  }

  private later(fn: () => void, ms: number, repeat = false): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
      if (repeat) this.later(fn, ms, true);
    }, ms);
    this.timers.add(t);
  }
}
