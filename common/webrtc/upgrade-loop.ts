/**
 * The retry loop around WebrtcUpgrade, written once for both clients (the dashboard on leg 1, the
 * capture client on leg 2): a fresh `webrtc:config` on every (re)connect, a backoff between attempts.
 * Each side only builds its attempt (its handlers) and says whether it wants one.
 */
import { UpgradeBackoff } from './backoff.js';
import { ABANDON_REASONS, isWebrtcConfig, type WebrtcConfig } from '../../shared/webrtc/protocol.js';
import type { SignalingSocket, UpgradeEnd, WebrtcUpgrade } from './upgrade.js';

export interface UpgradeLoopOptions {
  socket: SignalingSocket;
  /** Whether to try now, with the server's config. */
  wanted(config: WebrtcConfig): boolean;
  /** Builds one attempt; its `onEnd` handler must call `onEnd`. */
  attempt(config: WebrtcConfig, onEnd: (end: UpgradeEnd) => void): WebrtcUpgrade;
  /** Every answer to `webrtc:config`, with the config when it is one. */
  onConfig?(reply: unknown, config: WebrtcConfig | null): void;
  /** An attempt started. */
  onStart?(upgrade: WebrtcUpgrade): void;
  /** An attempt ended; `retryInMs` is null when no retry is scheduled. */
  onEnd?(end: UpgradeEnd, retryInMs: number | null): void;
  /** Wait after an attempt ends, doubling up to `maxBackoffMs`. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  now?: () => number;
}

export class UpgradeLoop {
  config: WebrtcConfig | null = null;
  /** The current attempt, or the last one once it ended. */
  upgrade: WebrtcUpgrade | null = null;
  /** Why the last attempt ended, kept across attempts. */
  lastEnd: UpgradeEnd | null = null;
  /** When the next attempt starts, while one is scheduled. */
  retryAt: number | null = null;
  private readonly backoff: UpgradeBackoff;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  /** Answers to an older `webrtc:config` (a reconnect asked again meanwhile) are ignored. */
  private configAsked = 0;
  private closed = false;
  private readonly now: () => number;

  constructor(private readonly o: UpgradeLoopOptions) {
    this.now = o.now ?? Date.now;
    this.backoff = new UpgradeBackoff(o.minBackoffMs, o.maxBackoffMs);
    o.socket.on('connect', this.fetchConfig);
    if (o.socket.connected) this.fetchConfig();
  }

  get running(): boolean {
    return this.upgrade !== null && this.upgrade.state !== 'ended';
  }

  /** Tries now (when wanted and connected), from a fresh backoff: the user asked for it. */
  startNow(): void {
    this.backoff.reset();
    if (!this.running) this.start();
  }

  /** Ends the attempt and any scheduled retry: the user switched it off. */
  stop(detail: string): void {
    this.backoff.reset();
    this.cancelRetry();
    this.upgrade?.abandon('closed', detail);
  }

  close(): void {
    this.closed = true;
    this.cancelRetry();
    this.o.socket.off('connect', this.fetchConfig);
    this.upgrade?.abandon('closed');
  }

  private readonly fetchConfig = (): void => {
    const asked = ++this.configAsked;
    this.o.socket.emit('webrtc:config', (reply: unknown) => {
      if (asked !== this.configAsked || this.closed) return;
      this.config = isWebrtcConfig(reply) ? reply : null;
      this.o.onConfig?.(reply, this.config);
      if (!this.running && this.retryAt === null) this.start();
    });
  };

  private start(): void {
    this.cancelRetry();
    const config = this.config;
    if (this.closed || !config || !this.o.wanted(config) || !this.o.socket.connected) return;
    let upgrade: WebrtcUpgrade | null = null;
    try {
      upgrade = this.o.attempt(config, (end) => this.ended(upgrade, end));
    } catch (err) {
      // The stack refused (no RTCPeerConnection, a config it rejects): an attempt that failed at once.
      return this.ended(null, {
        reason: 'error',
        message: ABANDON_REASONS.error,
        detail: (err as Error)?.message ?? String(err),
        remote: false,
        at: this.now(),
      });
    }
    this.upgrade = upgrade;
    this.o.onStart?.(upgrade);
  }

  private ended(upgrade: WebrtcUpgrade | null, end: UpgradeEnd): void {
    this.lastEnd = end;
    this.backoff.noteEnd(upgrade?.usingAt ?? null, end.at);
    // Also after lost signaling: a retry due while Socket.IO is down waits for the connect, and a
    // connect before it is due waits for it, so a flapping link cannot make attempts back to back.
    const retry = !this.closed && end.reason !== 'closed' && this.config !== null && this.o.wanted(this.config);
    let retryInMs: number | null = null;
    if (retry) {
      retryInMs = this.backoff.take();
      this.retryAt = this.now() + retryInMs;
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        this.retryAt = null;
        this.start();
      }, retryInMs);
      // A capture client must be able to exit while a retry waits.
      (this.retryTimer as { unref?: () => void }).unref?.();
    }
    this.o.onEnd?.(end, retryInMs);
  }

  private cancelRetry(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.retryAt = null;
  }
}
