/** The page's one `/monitor` Socket.IO connection: how it opens, how it keeps retrying, and what the header says of it. */
import { io, type Socket } from 'socket.io-client';
import { MONITOR_NAMESPACE, type MonitorClientEvents, type MonitorServerEvents } from '../../../shared/protocol.js';
import type { SubscribeRequest } from '../../../shared/subscription.js';
import { socketioTarget } from '../../../common/relay-url.js';
import { formatDuration, type EventSink } from './connection-log.js';

export type MonitorSocket = Socket<MonitorServerEvents, MonitorClientEvents>;

export type ConnectionStatus = 'connected' | 'reconnecting' | 'disconnected';

export interface ConnectionState {
  status: ConnectionStatus;
  /** The engine's current transport (`polling` or `websocket`), or null before there is an engine. */
  transport: string | null;
}

/** What the server's handshake check says when it refuses this page (`err.data` of `connect_error`). */
export interface Refusal {
  code: string;
  message: string;
}

/** Refusals that signing in fixes; others (`BAD_ORIGIN`, `TOO_MANY_ATTEMPTS`) only go in the log. */
export const AUTH_REFUSALS: ReadonlySet<string> = new Set(['AUTH_REQUIRED', 'BAD_CREDENTIALS']);

/** The server's refusal inside a `connect_error`, or null for a network failure. */
export function refusalOf(err: unknown): Refusal | null {
  const data = (err as { data?: unknown } | null)?.data;
  if (typeof data !== 'object' || data === null) return null;
  const { code, message } = data as Record<string, unknown>;
  return typeof code === 'string' ? { code, message: typeof message === 'string' ? message : code } : null;
}

export interface ConnectionOptions {
  /** Hears one line per event of this connection (connects, drops, retries, upgrades), with reasons. */
  log?: EventSink;
  /** Wall clock, to tell how long an outage lasted. */
  now?: () => number;
  /** The server refused the handshake for want of a valid session (see `AUTH_REFUSALS`). */
  onAuthRefused?: (refusal: Refusal) => void;
  /** The width each camera is shown at, sent with every subscribe (tiles/tile-widths.ts); none: native frames. */
  widths?: () => Record<string, number>;
  /** Cameras whose size a person pinned (tiles/rung-pins.ts): the relay keeps their rung whatever the link. */
  pinned?: () => string[];
  /** The cameras to ask for (the tiles someone can see, tiles/grid.ts); none: every camera (`'*'`). */
  cameraIds?: () => string[];
  /** The cameras to ask for as H.264 (#30), given the widths asked (live-video/live-codecs.ts); none: all JPEG. */
  h264?: (widths: Record<string, number>) => string[];
  /** The cameras to take as H.264 at their rung, given the widths sent (`subscribe.h264Rungs`). */
  h264Rungs?: (widths: Record<string, number>) => string[];
  /** The cameras whose detector boxes this page draws (tiles/live-boxes.ts, `subscribe.objects`). */
  objects?: () => string[];
  /** The cameras this page listens to (tiles/live-sound.ts, `subscribe.audio`, #40). */
  audio?: () => string[];
}

/** The folder the page was served from: every URL of the relay is relative to it (a sub-path or `/`). */
export function pageBase(): string {
  return new URL('.', location.href).href;
}

/** Socket.IO retries at least this often (its default allows 5 s): back within about 2 s of the relay. */
export const RETRY_MAX_MS = 2000;

/** Makes the single `/monitor` connection that carries every camera (`Connection#connect` opens it). */
export function connectMonitor(): MonitorSocket {
  // Polling first, then upgrade (the default order): it gets through proxies that break WebSocket.
  // Retry at least every 2 s (Socket.IO's default allows 5 s): back within about 2 s of the server.
  // `fetchFrames`: while on polling, frames come as references fetched by plain GET (binary),
  // instead of base64 inside the poll responses.
  // Not before sign-in: a handshake without a session is refused, which would read as a failure.
  // Under a proxy's sub-path (https://home.example/cams/), Socket.IO lives under it too.
  const { url, path } = socketioTarget(pageBase(), MONITOR_NAMESPACE);
  // `page`: this page's own id, the same on every reconnect: the relay starts it where its link left it (a stepped-down
  // H.264 rung, kept a minute), so a phone back from a tunnel does not begin with skipped pictures.
  const auth = { fetchFrames: true, page: newPageId() };
  return io(url, { path, transports: ['polling', 'websocket'], reconnectionDelayMax: RETRY_MAX_MS, auth, autoConnect: false });
}

/** 128 random bits as 22 base64url characters; getRandomValues, unlike randomUUID, is there on a plain-http LAN page. */
export function newPageId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/**
 * Follows one `/monitor` socket: subscribes to every camera (at the widths shown) on each (re)connect and reports the
 * header's connection status and transport: once at construction, then on every change.
 */
export class Connection {
  readonly socket: MonitorSocket;
  private readonly onChange: (state: ConnectionState) => void;
  private current: ConnectionState = { status: 'disconnected', transport: null };
  private watchedEngine: unknown = null;
  private readonly log: EventSink;
  private readonly now: () => number;
  private readonly onAuthRefused: (refusal: Refusal) => void;
  private readonly widths: (() => Record<string, number>) | null;
  private readonly pinned: () => string[];
  private readonly cameraIds: (() => string[]) | null;
  private readonly h264: (widths: Record<string, number>) => string[];
  private readonly h264Rungs: (widths: Record<string, number>) => string[];
  private readonly objects: () => string[];
  private readonly audio: () => string[];
  /** The last subscribe sent on this connection, as JSON: the same one again is not sent. */
  private lastAsked: string | null = null;
  /** Our own reconnect after a server-side disconnect, until it runs. */
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  /** When the last connection dropped, until the next one is up. */
  private downSince: number | null = null;

  constructor(socket: MonitorSocket, onChange: (state: ConnectionState) => void, options: ConnectionOptions = {}) {
    this.socket = socket;
    this.onChange = onChange;
    this.log = options.log ?? { add: () => {} };
    this.now = options.now ?? Date.now;
    this.onAuthRefused = options.onAuthRefused ?? (() => {});
    this.widths = options.widths ?? null;
    this.pinned = options.pinned ?? (() => []);
    this.cameraIds = options.cameraIds ?? null;
    this.h264 = options.h264 ?? (() => []);
    this.h264Rungs = options.h264Rungs ?? (() => []);
    this.objects = options.objects ?? (() => []);
    this.audio = options.audio ?? (() => []);
    const manager = socket.io;

    socket.on('connect', () => {
      // A new connection has no subscription yet, whatever the last one had.
      this.lastAsked = null;
      this.subscribe();
      const transport = this.engineTransport();
      this.log.add(`connect (${transport ?? 'unknown transport'})`);
      if (this.downSince !== null) this.log.add(`reconnected after ${formatDuration(this.now() - this.downSince)}`);
      this.downSince = null;
      this.update({ status: 'connected', transport });
    });
    // `active` is false only when nothing will reconnect: a server-side kick or our own disconnect().
    socket.on('disconnect', (reason) => {
      this.log.add(`disconnect: ${reason}`);
      this.downSince ??= this.now();
      // Socket.IO gives up after a server-side disconnect; a monitor never should (the server restarts).
      const retry = reason === 'io server disconnect';
      this.update({ status: socket.active || retry ? 'reconnecting' : 'disconnected' });
      if (retry) {
        this.cancelRetry();
        this.retryTimer = setTimeout(() => {
          this.retryTimer = null;
          this.log.add('server disconnect (retrying)');
          socket.connect();
        }, 1000);
      }
    });
    socket.on('connect_error', (err) => {
      const refusal = refusalOf(err);
      // A session that ended is expected, not a failure: the page asks for a sign-in.
      if (refusal && AUTH_REFUSALS.has(refusal.code)) this.log.add(`sign-in needed (${refusal.code}): ${refusal.message}`);
      else this.log.add(`connect_error: ${err?.message || 'unknown error'}${refusal ? ` (${refusal.code})` : ''}`);
      // A refusal by the server's middleware ends the socket: nothing retries until `connect()`.
      const retryable = refusal !== null && !AUTH_REFUSALS.has(refusal.code);
      this.update({ status: (socket.active && !refusal) || retryable ? 'reconnecting' : 'disconnected' });
      if (refusal && AUTH_REFUSALS.has(refusal.code)) this.onAuthRefused(refusal);
      // Busy or throttled (after a restart, many dashboards at once): try again when the server says.
      if (retryable) {
        const wait = Number((err as { data?: { retryAfterMs?: unknown } }).data?.retryAfterMs) || 2000;
        // Kept in retryTimer, so that disconnect() on sign-out cancels it.
        this.cancelRetry();
        this.retryTimer = setTimeout(() => {
          this.retryTimer = null;
          if (!socket.connected && !socket.active) socket.connect();
        }, wait);
      }
    });
    manager.on('reconnect_attempt', (attempt) => {
      this.log.add(`reconnect attempt ${attempt}`);
      this.update({ status: 'reconnecting' });
    });
    manager.on('reconnect_failed', () => {
      this.log.add('reconnect failed: gave up');
      this.update({ status: 'disconnected' });
    });
    // Every reconnect opens a new engine: follow its polling → websocket upgrade too.
    manager.on('open', () => this.watchEngine());
    this.watchEngine();
  }

  get state(): ConnectionState {
    return this.current;
  }

  /** Connects again after `disconnect()` or a refusal (e.g. once signed in); does nothing while one is under way. */
  connect(): void {
    this.cancelRetry();
    if (!this.socket.active) this.socket.connect();
  }

  /** Closes the connection and keeps it closed (e.g. signed out), cancelling any retry of our own. */
  disconnect(): void {
    this.cancelRetry();
    this.socket.disconnect();
    // A socket that was still connecting closes without a `disconnect` event.
    this.update({ status: 'disconnected' });
  }

  /**
   * Tells the relay again what this page shows (the cameras seen, at the widths it shows them);
   * nothing while disconnected, nor when that is what it last said: scrolling and resizing call this often.
   * `again`: even then, because the relay's answer changed with the camera list (it puts a camera on an H.264 rung
   * only once it knows the camera's width, and a page that named it before the first frame asks the same).
   */
  resubscribe(again = false): void {
    if (again) this.lastAsked = null;
    if (this.socket.connected) this.subscribe();
  }

  private subscribe(): void {
    const cameraIds = this.cameraIds?.() ?? '*';
    const pinned = this.pinned();
    const widths = this.widths?.();
    const h264 = this.h264(widths ?? {});
    const req: SubscribeRequest = widths ? { cameraIds, widths, ...(pinned.length ? { pinned } : {}) } : { cameraIds };
    if (h264.length) req.h264 = h264;
    const h264Rungs = this.h264Rungs(widths ?? {});
    if (h264Rungs.length) req.h264Rungs = h264Rungs;
    const objects = this.objects();
    if (objects.length) req.objects = objects;
    const audio = this.audio();
    if (audio.length) req.audio = audio;
    const asked = JSON.stringify(req);
    if (asked === this.lastAsked) return;
    this.lastAsked = asked;
    this.socket.emit('subscribe', req);
  }

  private cancelRetry(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private watchEngine(): void {
    const engine = this.socket.io.engine;
    if (!engine || engine === this.watchedEngine) return;
    this.watchedEngine = engine;
    engine.on('upgrade', (transport) => {
      this.log.add(`upgrade → ${transport.name}`);
      this.update({ transport: transport.name });
    });
    // The usual sign of a proxy that passes HTTP but breaks WebSocket: the page stays on polling.
    engine.on('upgradeError', (err) => {
      const message = err?.message || 'unknown error';
      // The connection closed while the probe ran (a sign-out, a reconnect): nothing failed.
      if (message.includes('socket closed')) this.log.add('upgrade probe cancelled: the connection closed first');
      else this.log.add(`upgrade failed: ${message}`);
    });
    this.update({ transport: this.engineTransport() });
  }

  private engineTransport(): string | null {
    return this.socket.io.engine?.transport?.name ?? this.current.transport;
  }

  private update(change: Partial<ConnectionState>): void {
    const next = { ...this.current, ...change };
    if (next.status === this.current.status && next.transport === this.current.transport) return;
    this.current = next;
    this.onChange(next);
  }
}
