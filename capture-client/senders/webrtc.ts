/**
 * `webrtc`: frames on a data channel to the server (leg 2 in docs/webrtc.md), upgraded over the
 * Socket.IO connection, which keeps carrying them until the server confirms the channel delivers.
 * Attempts and their backoff are the loop shared with the dashboard (common/webrtc/upgrade-loop.ts).
 */
import { RTCPeerConnection } from 'werift';
import type { CaptureFrameMeta } from '../../shared/protocol.js';
import type { PeerFactory, PeerLike } from '../../common/webrtc/peer-types.js';
import type { AbandonReason, WebrtcConfig, WebrtcMode } from '../../shared/webrtc/protocol.js';
import { UpgradeLoop } from '../../common/webrtc/upgrade-loop.js';
import { WebrtcUpgrade, type UpgradeState } from '../../common/webrtc/upgrade.js';
import { ChannelWriter, type FlowChannel } from './channel-writer.js';
import type { ConnectionSender, SendResult, SenderContext, UpgradeSender } from '../../common/capture/sender.js';

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
export class WebrtcSender implements UpgradeSender {
  static readonly role = 'upgrade';

  static create(ctx: SenderContext<WebrtcEvent>): WebrtcSender {
    if (!ctx.carrier) throw new TypeError('The webrtc sender rides on a connection sender, and was given none.');
    return new WebrtcSender(ctx.carrier, {
      wanted: (mode) => ctx.wanted(mode),
      ackTimeoutMs: ctx.target.ackTimeoutMs,
      onEvent: (e) => {
        // Unless WebRTC was asked for by name, a server without it is the normal case, not news.
        if (e.state === 'unavailable' && !ctx.forced) return;
        if (e.state === 'active') ctx.up();
        if (e.state === 'ended' || e.state === 'unavailable') ctx.down({ reason: e.reason, message: e.message });
        ctx.onEvent(e);
      },
    });
  }

  private writer: ChannelWriter | null = null;
  private readonly loop: UpgradeLoop;

  constructor(
    private readonly signaling: ConnectionSender,
    private readonly o: WebrtcSenderOptions,
  ) {
    const socket = signaling.signalingSocket();
    this.loop = new UpgradeLoop({
      socket,
      minBackoffMs: o.minBackoffMs,
      maxBackoffMs: o.maxBackoffMs,
      wanted: (config) => o.wanted(config.mode),
      attempt: (config, onEnd) =>
        new WebrtcUpgrade({
          config,
          createPeer: o.createPeer ?? weriftPeer,
          socket,
          handlers: {
            onOpen: (channel) => {
              this.writer = new ChannelWriter(channel as unknown as FlowChannel);
              this.emit({ type: 'webrtc', state: 'trial' });
            },
            onUsing: () => this.emit({ type: 'webrtc', state: 'active' }),
            onEnd,
          },
        }),
      onConfig: (reply, config) => {
        if (config) return;
        const r = reply as { error?: unknown; message?: unknown } | null;
        this.emit({
          type: 'webrtc',
          state: 'unavailable',
          reason: String(r?.error ?? 'BAD_SIGNAL'),
          message: String(r?.message ?? 'malformed webrtc:config answer'),
        });
      },
      onStart: () => this.emit({ type: 'webrtc', state: 'connecting' }),
      onEnd: (end, retryInMs) => {
        this.writer?.close();
        this.writer = null;
        this.emit({ type: 'webrtc', state: 'ended', reason: end.reason, message: end.message, detail: end.detail, retryInMs });
      },
    });
  }

  get config(): WebrtcConfig | null {
    return this.loop.config;
  }

  /** The current attempt, or the last one once it ended. */
  get upgrade(): WebrtcUpgrade | null {
    return this.loop.upgrade;
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

  async send(meta: CaptureFrameMeta, jpeg: Uint8Array): Promise<SendResult> {
    const { upgrade, writer } = this;
    if (!upgrade || !writer) return { ok: false, error: 'NETWORK', message: 'no data channel' };
    const result = await writer.write(meta, jpeg, this.o.ackTimeoutMs);
    // A buffer still full after the ack timeout: the path is dead or too slow for the frames (a trickle may still reach the server and keep its watchdog quiet).
    if (!result.ok && result.error === 'TIMEOUT') upgrade.abandon('not-draining', result.message);
    return result;
  }

  /** During the trial: a copy of a frame Socket.IO carries, when the channel has room. True if it went. */
  offer(meta: CaptureFrameMeta, jpeg: Uint8Array): boolean {
    return this.state === 'trial' && this.writer !== null && this.writer.offer(meta, jpeg);
  }

  close(): void {
    this.loop.close();
  }

  private emit(e: WebrtcEvent): void {
    this.o.onEvent?.(e);
  }
}
