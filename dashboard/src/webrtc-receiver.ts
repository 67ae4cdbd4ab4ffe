/**
 * Leg 1 on the page: tries the WebRTC upgrade when the user (or the server's `on` mode) asks for it,
 * hands frames that arrive over the data channel to the grid, and, whenever an attempt ends, waits
 * (backing off) before the next. No DOM here: Node tests drive it with werift as the peer.
 */
import { FrameAssembler } from '../../shared/webrtc/chunks.js';
import { UpgradeBackoff } from '../../shared/webrtc/backoff.js';
import { messageBytes, type PeerFactory } from '../../shared/webrtc/peer-types.js';
import { ABANDON_REASONS, isWebrtcConfig, type WebrtcConfig, type WebrtcMode } from '../../shared/webrtc/protocol.js';
import { WebrtcUpgrade, type SignalingSocket, type UpgradeEnd } from '../../shared/webrtc/upgrade.js';
import type { MonitorFrameMeta } from '../../shared/protocol.js';

export interface ReceiverOptions {
  socket: SignalingSocket;
  createPeer: PeerFactory;
  onFrame(meta: MonitorFrameMeta, jpeg: ArrayBuffer): void;
  /** Whether frames should be flowing (a camera live and the tab visible): the stall watchdog's gate. */
  expectFrames(): boolean;
  onChange?(): void;
  /** Wait after a failed attempt, doubling up to `maxBackoffMs`. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  now?: () => number;
}

const MAX_FRAME_BYTES = 16 * 1024 * 1024;

export class WebrtcReceiver {
  config: WebrtcConfig | null = null;
  /** The server's mode once it answered `webrtc:config` (`off` when it refused as switched off), null before. */
  serverMode: WebrtcMode | null = null;
  /** The current attempt, or the last one once it ended (for Diagnostics). */
  upgrade: WebrtcUpgrade | null = null;
  /** Why the last attempt ended, kept across attempts. */
  lastEnd: UpgradeEnd | null = null;
  retryAt: number | null = null;
  /** null: follow the server's mode; true/false: the user's toggle. */
  private wanted: boolean | null = null;
  private readonly backoff: UpgradeBackoff;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private lastFrameAt = 0;
  private readonly now: () => number;

  constructor(private readonly o: ReceiverOptions) {
    this.now = o.now ?? Date.now;
    this.backoff = new UpgradeBackoff(o.minBackoffMs, o.maxBackoffMs);
    o.socket.on('connect', () => this.fetchConfig());
    if (o.socket.connected) this.fetchConfig();
  }

  /** Whether this page tries WebRTC: the user's choice, else the server's default. */
  get enabled(): boolean {
    if (!this.config || this.config.mode === 'off') return false;
    return this.wanted ?? this.config.mode === 'on';
  }

  /** True only while frames really arrive over the data channel (what the indicator shows). */
  get delivering(): boolean {
    const stallMs = this.config?.stallMs ?? 2000;
    return this.upgrade?.state === 'active' && this.now() - this.lastFrameAt < stallMs;
  }

  /** The dashboard toggle. */
  setWanted(wanted: boolean): void {
    this.wanted = wanted;
    this.backoff.reset();
    if (!this.enabled) {
      this.cancelRetry();
      this.upgrade?.abandon('closed', 'switched off by the user');
    } else if (!this.running) {
      this.start();
    }
    this.changed();
  }

  close(): void {
    this.cancelRetry();
    this.upgrade?.abandon('closed');
  }

  private get running(): boolean {
    return this.upgrade !== null && this.upgrade.state !== 'ended';
  }

  private fetchConfig(): void {
    this.o.socket.emit('webrtc:config', (reply: unknown) => {
      this.config = isWebrtcConfig(reply) ? reply : null;
      // The toggle tells "switched off there" (greyed out) from "not known yet" (usable).
      this.serverMode = this.config?.mode ?? ((reply as { error?: unknown } | null)?.error === 'WEBRTC_DISABLED' ? 'off' : null);
      if (this.enabled && !this.running && this.retryAt === null) this.start();
      this.changed();
    });
  }

  private start(): void {
    this.cancelRetry();
    if (!this.config || !this.enabled || !this.o.socket.connected) return;
    let upgrade: WebrtcUpgrade;
    try {
      upgrade = this.attempt(this.config);
    } catch (err) {
      // No RTCPeerConnection in this browser (or a config it rejects): shown like any failed attempt.
      this.lastEnd = { reason: 'error', message: ABANDON_REASONS.error, detail: (err as Error)?.message ?? String(err), remote: false, at: this.now() };
      this.retryLater();
      this.changed();
      return;
    }
    this.upgrade = upgrade;
    this.changed();
  }

  private attempt(config: WebrtcConfig): WebrtcUpgrade {
    const assembler = new FrameAssembler({ maxFrameBytes: MAX_FRAME_BYTES });
    const upgrade: WebrtcUpgrade = new WebrtcUpgrade({
      config,
      createPeer: this.o.createPeer,
      socket: this.o.socket,
      expectFrames: () => this.o.expectFrames(),
      now: this.now,
      handlers: {
        onMessage: (data) => {
          const bytes = messageBytes(data);
          const result = bytes && assembler.push(bytes);
          if (result?.kind !== 'frame') return;
          const meta = result.frame.meta as MonitorFrameMeta | null;
          if (typeof meta?.cameraId !== 'string') return;
          this.lastFrameAt = this.now();
          upgrade.frameArrived();
          // The assembler's JPEG owns its whole buffer, so the ArrayBuffer goes to the decoder as is.
          this.o.onFrame(meta, result.frame.jpeg.buffer as ArrayBuffer);
        },
        onEnd: (end) => this.ended(upgrade, end),
        onChange: () => this.changed(),
      },
    });
    return upgrade;
  }

  private ended(upgrade: WebrtcUpgrade, end: UpgradeEnd): void {
    this.lastEnd = end;
    this.backoff.noteEnd(upgrade.usingAt, end.at);
    // Without signaling nothing can be tried; the next connect fetches the config and starts again.
    if (end.reason === 'signaling-lost' || end.reason === 'closed' || !this.enabled) return;
    this.retryLater();
  }

  private retryLater(): void {
    const wait = this.backoff.take();
    this.retryAt = this.now() + wait;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.retryAt = null;
      this.start();
    }, wait);
  }

  private cancelRetry(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.retryAt = null;
  }

  private changed(): void {
    this.o.onChange?.();
  }
}
