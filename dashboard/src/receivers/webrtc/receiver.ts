/**
 * Leg 1 on the page: tries the WebRTC upgrade when the user (or the server's `on` mode) asks for it,
 * hands frames and H.264 units that arrive over the data channel to the grid, and, whenever an attempt ends, waits
 * (backing off) before the next. No DOM here: Node tests drive it with werift as the peer.
 */
import { FrameAssembler } from '../../../../shared/webrtc/chunks.js';
import { messageBytes, type PeerFactory } from '../../../../common/webrtc/peer-types.js';
import type { WebrtcConfig, WebrtcMode } from '../../../../shared/webrtc/protocol.js';
import { UpgradeLoop } from '../../../../common/webrtc/upgrade-loop.js';
import { WebrtcUpgrade, type SignalingSocket, type UpgradeEnd } from '../../../../common/webrtc/upgrade.js';
import type { MonitorFrameMeta, MonitorH264Meta } from '../../../../shared/protocol.js';

export interface ReceiverOptions {
  socket: SignalingSocket;
  createPeer: PeerFactory;
  onFrame(meta: MonitorFrameMeta, jpeg: ArrayBuffer): void;
  /** An H.264 unit of a camera the page takes as H.264, once the relay sends its stream this way. */
  onH264?(meta: MonitorH264Meta, au: Uint8Array): void;
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
  /** The server's mode once it answered `webrtc:config` (`off` when it refused as switched off), null before. */
  serverMode: WebrtcMode | null = null;
  /** null: follow the server's mode; true/false: the user's toggle. */
  private wanted: boolean | null = null;
  private lastFrameAt = 0;
  private readonly now: () => number;
  private readonly loop: UpgradeLoop;

  constructor(private readonly o: ReceiverOptions) {
    this.now = o.now ?? Date.now;
    this.loop = new UpgradeLoop({
      socket: o.socket,
      minBackoffMs: o.minBackoffMs,
      maxBackoffMs: o.maxBackoffMs,
      now: this.now,
      wanted: (config) => this.wants(config),
      attempt: (config, onEnd) => this.attempt(config, onEnd),
      onConfig: (reply, config) => {
        // The toggle tells "switched off there" (greyed out) from "not known yet" (usable).
        this.serverMode = config?.mode ?? ((reply as { error?: unknown } | null)?.error === 'WEBRTC_DISABLED' ? 'off' : null);
        this.changed();
      },
      onStart: () => this.changed(),
      onEnd: () => this.changed(),
    });
  }

  get config(): WebrtcConfig | null {
    return this.loop.config;
  }

  /** The current attempt, or the last one once it ended (for Diagnostics). */
  get upgrade(): WebrtcUpgrade | null {
    return this.loop.upgrade;
  }

  /** Why the last attempt ended, kept across attempts. */
  get lastEnd(): UpgradeEnd | null {
    return this.loop.lastEnd;
  }

  get retryAt(): number | null {
    return this.loop.retryAt;
  }

  /** Whether this page tries WebRTC: the user's choice, else the server's default. */
  get enabled(): boolean {
    return this.config !== null && this.wants(this.config);
  }

  /** True only while frames really arrive over the data channel (what the indicator shows). */
  get delivering(): boolean {
    const stallMs = this.config?.stallMs ?? 2000;
    return this.upgrade?.state === 'active' && this.now() - this.lastFrameAt < stallMs;
  }

  /** The dashboard toggle. */
  setWanted(wanted: boolean): void {
    this.wanted = wanted;
    if (this.enabled) this.loop.startNow();
    else this.loop.stop('switched off by the user');
    this.changed();
  }

  close(): void {
    this.loop.close();
  }

  private wants(config: WebrtcConfig): boolean {
    return config.mode !== 'off' && (this.wanted ?? config.mode === 'on');
  }

  private attempt(config: WebrtcConfig, onEnd: (end: UpgradeEnd) => void): WebrtcUpgrade {
    const assembler = new FrameAssembler({ maxFrameBytes: MAX_FRAME_BYTES });
    /** Per camera, the newest unit handed on: the channel is unordered, and a unit older than it can only break the decode. */
    const newest = new Map<string, { epoch: number; seq: number }>();
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
          const { media, jpeg: payload } = result.frame;
          const meta = result.frame.meta as MonitorFrameMeta | MonitorH264Meta | null;
          if (typeof meta?.cameraId !== 'string') return;
          this.lastFrameAt = this.now();
          upgrade.frameArrived();
          // A trial copy proves the channel; the page decodes that unit from Socket.IO, where its stream still goes.
          if (media === 'h264-probe') return;
          // The assembler's payload owns its whole buffer, so the ArrayBuffer goes to the decoder as is.
          if (media === 'jpeg') return this.o.onFrame(meta as MonitorFrameMeta, payload.buffer as ArrayBuffer);
          const unit = meta as MonitorH264Meta;
          const last = newest.get(unit.cameraId);
          if (!unit.keyframe && last && last.epoch === unit.epoch && unit.seq <= last.seq) return;
          newest.set(unit.cameraId, { epoch: unit.epoch, seq: unit.seq });
          this.o.onH264?.(unit, payload);
        },
        onEnd,
        onChange: () => this.changed(),
      },
    });
    return upgrade;
  }

  private changed(): void {
    this.o.onChange?.();
  }
}
