/**
 * `webrtc`: frames on a data channel to the server (leg 2 in docs/webrtc.md), set up over the
 * Socket.IO connection, which keeps carrying them until the server confirms that the channel
 * delivers. Each attempt is one WebrtcUpgrade; when it ends, for any reason, the next one waits a
 * backoff. A fresh `webrtc:config` is asked for on every (re)connect.
 */
import { RTCPeerConnection } from 'werift';
import type { CaptureFrameMeta } from '../../shared/protocol.js';
import type { PeerFactory, PeerLike } from '../../shared/webrtc/peer-types.js';
import { UpgradeBackoff } from '../../shared/webrtc/backoff.js';
import { ABANDON_REASONS, isWebrtcConfig, type AbandonReason, type WebrtcConfig, type WebrtcMode } from '../../shared/webrtc/protocol.js';
import { WebrtcUpgrade, type SignalingSocket, type UpgradeEnd, type UpgradeState } from '../../shared/webrtc/upgrade.js';
import { ChannelWriter, type FlowChannel } from './channel-writer.js';
import type { SendResult, Sender } from './sender.js';
import type { SocketioSender } from './socketio.js';

/** What the upgrade is doing, for the log and the status line. */
export type WebrtcEvent =
  | { type: 'webrtc'; state: 'connecting' | 'trial' | 'active' }
  | { type: 'webrtc'; state: 'ended'; reason: AbandonReason; message: string; detail: string; retryInMs: number | null }
  | { type: 'webrtc'; state: 'unavailable'; reason: string; message: string };

export interface WebrtcSenderOptions {
  /** Whether to try, given the server's mode (TransportPicker#wantsWebrtc). */
  wanted(mode: WebrtcMode): boolean;
  /** A write whose send buffer does not drain within this time fails with TIMEOUT and ends the upgrade. */
  ackTimeoutMs: number;
  createPeer?: PeerFactory;
  /** Wait after an attempt ends, doubling up to `maxBackoffMs`. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  onEvent?(e: WebrtcEvent): void;
}

/** werift falls back to Google's public STUN server when given none: the server's list always goes in, even empty. */
export const weriftPeer: PeerFactory = ({ iceServers, iceTransportPolicy }) =>
  new RTCPeerConnection({ iceServers, iceTransportPolicy } as ConstructorParameters<typeof RTCPeerConnection>[0]) as unknown as PeerLike;


/** Frames by WebRTC while the server confirms they arrive that way; idle (Socket.IO carries them) otherwise. */
export class WebrtcSender implements Sender {
  config: WebrtcConfig | null = null;
  /** The current attempt, or the last one once it ended. */
  upgrade: WebrtcUpgrade | null = null;
  private writer: ChannelWriter | null = null;
  private readonly socket: SignalingSocket;
  private readonly backoff: UpgradeBackoff;
  private retryTimer: NodeJS.Timeout | null = null;
  private configAsked = 0;
  private closed = false;

  constructor(
    private readonly signaling: SocketioSender,
    private readonly o: WebrtcSenderOptions,
  ) {
    this.socket = signaling.signalingSocket();
    this.backoff = new UpgradeBackoff(o.minBackoffMs, o.maxBackoffMs);
    this.socket.on('connect', this.fetchConfig);
    if (this.socket.connected) this.fetchConfig();
  }

  /** Where the current attempt stands; `idle` between attempts. */
  get state(): Exclude<UpgradeState, 'ended'> | 'idle' {
    const s = this.upgrade?.state;
    return s === undefined || s === 'ended' ? 'idle' : s;
  }

  link(): 'webrtc' | null {
    return this.state === 'active' && this.writer?.open ? 'webrtc' : null;
  }

  ready(): boolean {
    return this.link() !== null;
  }

  clockOffset(): number | null {
    return this.signaling.clockOffset();
  }

  async send(meta: CaptureFrameMeta, jpeg: Buffer): Promise<SendResult> {
    const { upgrade, writer } = this;
    if (!upgrade || !writer) return { ok: false, error: 'NETWORK', message: 'no data channel' };
    const result = await writer.write(meta, jpeg, this.o.ackTimeoutMs);
    // A buffer still full after the ack timeout: the path is dead or too slow for the frames (a trickle may still reach the server and keep its watchdog quiet).
    if (!result.ok && result.error === 'TIMEOUT') upgrade.abandon('not-draining', result.message);
    return result;
  }

  /** During the trial: a copy of a frame Socket.IO carries, when the channel has room. True if it went. */
  offer(meta: CaptureFrameMeta, jpeg: Buffer): boolean {
    return this.state === 'trial' && this.writer !== null && this.writer.offer(meta, jpeg);
  }

  close(): void {
    this.closed = true;
    this.cancelRetry();
    this.socket.off('connect', this.fetchConfig);
    this.upgrade?.abandon('closed');
  }

  private readonly fetchConfig = (): void => {
    const asked = ++this.configAsked;
    this.socket.emit('webrtc:config', (reply: unknown) => {
      if (asked !== this.configAsked || this.closed) return;
      if (!isWebrtcConfig(reply)) {
        this.config = null;
        const r = reply as { error?: unknown; message?: unknown } | null;
        return this.emit({ type: 'webrtc', state: 'unavailable', reason: String(r?.error ?? 'BAD_SIGNAL'), message: String(r?.message ?? 'malformed webrtc:config answer') });
      }
      this.config = reply;
      if (this.state === 'idle' && this.retryTimer === null) this.start();
    });
  };

  private start(): void {
    this.cancelRetry();
    const config = this.config;
    if (this.closed || !config || !this.o.wanted(config.mode) || !this.socket.connected) return;
    let upgrade: WebrtcUpgrade;
    try {
      upgrade = new WebrtcUpgrade({
        config,
        createPeer: this.o.createPeer ?? weriftPeer,
        socket: this.socket,
        handlers: {
          onOpen: (channel) => {
            this.writer = new ChannelWriter(channel as unknown as FlowChannel);
            this.emit({ type: 'webrtc', state: 'trial' });
          },
          onUsing: () => this.emit({ type: 'webrtc', state: 'active' }),
          onEnd: (end) => this.ended(upgrade, end),
        },
      });
    } catch (err) {
      // The stack refused the configuration: treated as an attempt that failed at once.
      return this.ended(null, { reason: 'error', message: ABANDON_REASONS.error, detail: (err as Error).message, remote: false, at: Date.now() });
    }
    this.upgrade = upgrade;
    this.emit({ type: 'webrtc', state: 'connecting' });
  }

  private ended(upgrade: WebrtcUpgrade | null, end: UpgradeEnd): void {
    this.writer?.close();
    this.writer = null;
    this.backoff.noteEnd(upgrade?.usingAt ?? null, end.at);
    let retryInMs: number | null = null;
    if (!this.closed) {
      retryInMs = this.backoff.take();
      // Fires even while Socket.IO is down: start() then waits for the connect, which asks for the config again.
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        this.start();
      }, retryInMs);
      this.retryTimer.unref();
    }
    this.emit({ type: 'webrtc', state: 'ended', reason: end.reason, message: end.message, detail: end.detail, retryInMs });
  }

  private cancelRetry(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private emit(e: WebrtcEvent): void {
    this.o.onEvent?.(e);
  }
}
