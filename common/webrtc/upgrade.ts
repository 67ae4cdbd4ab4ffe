/**
 * One attempt to carry frames over WebRTC, from the client's side (either leg): signaled over the
 * live Socket.IO connection, given up at the first sign frames do not get through. Socket.IO keeps
 * carrying frames until the receiver says `webrtc:using`, so giving up never leaves a gap.
 */
import {
  candidateType,
  parseCandidate,
  parseDescription,
  ABANDON_REASONS,
  parseAbandon,
  DATA_CHANNEL_LABEL,
  DATA_CHANNEL_OPTIONS,
  type AbandonReason,
  type WebrtcConfig,
} from '../../shared/webrtc/protocol.js';
import type { Socket } from 'socket.io-client';
import type { WebrtcClientEvents, WebrtcServerEvents } from '../../shared/webrtc/protocol.js';
import { selectedPair, type ChannelLike, type PeerFactory, type PeerLike } from './peer-types.js';
import { own } from '../own.js';

/** The Socket.IO socket the signaling rides on (either namespace's), reduced to the webrtc:* events. */
export type SignalingSocket = Pick<Socket<WebrtcServerEvents, WebrtcClientEvents>, 'connected' | 'emit' | 'on' | 'off'>;

export type UpgradeState = 'connecting' | 'trial' | 'active' | 'ended';

export interface UpgradeHistoryEntry {
  at: number;
  state: string;
}

export interface UpgradeEnd {
  reason: AbandonReason;
  message: string;
  detail: string;
  /** True when the other side gave up and told us so. */
  remote: boolean;
  at: number;
}

export interface UpgradeHandlers {
  /** The data channel is open (sender: start trial frames; receiver: expect them). */
  onOpen?: (channel: ChannelLike) => void;
  onMessage?: (data: unknown) => void;
  /** The receiver confirmed frames arrive over the data channel: send them only that way. */
  onUsing?: () => void;
  onEnd?: (end: UpgradeEnd) => void;
  onChange?: () => void;
}

export interface UpgradeOptions {
  config: WebrtcConfig;
  createPeer: PeerFactory;
  socket: SignalingSocket;
  handlers: UpgradeHandlers;
  /** Receiver only: whether frames should be flowing now (a camera live, the tab visible). */
  expectFrames?: () => boolean;
  now?: () => number;
}

/** Ms between stall checks: a fraction of the stall limit, so it is noticed promptly. */
const CHECK_MS = 250;

export class WebrtcUpgrade {
  state: UpgradeState = 'connecting';
  readonly iceHistory: UpgradeHistoryEntry[] = [];
  readonly localTypes = new Set<string>();
  readonly remoteTypes = new Set<string>();
  pair: string | null = null;
  end: UpgradeEnd | null = null;
  readonly startedAt: number;
  /** When the first frame came over the data channel (receiver) or `using` arrived (sender). */
  usingAt: number | null = null;
  framesIn = 0;
  private readonly peer: PeerLike;
  private readonly channel: ChannelLike;
  private readonly now: () => number;
  private lastFrameAt: number;
  private readonly timers: Array<ReturnType<typeof setTimeout>> = [];
  /** Undo the socket listeners this attempt added. */
  private readonly unlisten: Array<() => void> = [];

  constructor(private readonly o: UpgradeOptions) {
    this.now = o.now ?? Date.now;
    this.startedAt = this.now();
    this.lastFrameAt = this.startedAt;
    this.peer = o.createPeer({ iceServers: o.config.iceServers, iceTransportPolicy: o.config.iceTransportPolicy });
    this.channel = this.peer.createDataChannel(DATA_CHANNEL_LABEL, { ...DATA_CHANNEL_OPTIONS });
    this.channel.binaryType = 'arraybuffer';
    this.record(this.peer.iceConnectionState);
    this.wire();
    this.timers.push(setTimeout(() => this.connectDeadline(), o.config.connectTimeoutMs));
    if (o.expectFrames) this.timers.push(setInterval(() => this.checkStall(), CHECK_MS));
    own(this.offer(), (err) => this.abandon('error', err.message));
  }

  /** Receiver: a whole frame came over the data channel. The first one confirms the upgrade. */
  frameArrived(): void {
    this.lastFrameAt = this.now();
    this.framesIn++;
    if (this.state !== 'trial') return;
    this.state = 'active';
    this.usingAt = this.lastFrameAt;
    this.o.socket.emit('webrtc:using');
    this.changed();
  }

  /** Ends the upgrade; the other side is told unless it was the one to end it. */
  abandon(reason: AbandonReason, detail = '', remote = false): void {
    if (this.state === 'ended') return;
    this.state = 'ended';
    this.end = { reason, message: ABANDON_REASONS[reason], detail, remote, at: this.now() };
    for (const t of this.timers) clearTimeout(t);
    for (const off of this.unlisten) off();
    if (!remote && reason !== 'signaling-lost' && this.o.socket.connected) this.o.socket.emit('webrtc:abandon', { reason, detail });
    this.channel.onclose = null;
    this.peer.oniceconnectionstatechange = null;
    try {
      this.channel.close();
      void Promise.resolve(this.peer.close()).catch(() => {});
    } catch {
      // Already closed by the stack: nothing left to release.
    }
    this.o.handlers.onEnd?.(this.end);
    this.changed();
  }

  private async offer(): Promise<void> {
    try {
      const offer = await this.peer.createOffer();
      await this.peer.setLocalDescription(offer as never);
      const local = this.peer.localDescription ?? offer;
      if (this.state === 'ended') return;
      this.o.socket.emit('webrtc:offer', { type: 'offer', sdp: local.sdp }, (reply: unknown) =>
        own(this.answered(reply), (err) => this.abandon('error', err.message)),
      );
    } catch (err) {
      this.abandon('error', (err as Error)?.message ?? String(err));
    }
  }

  private async answered(reply: unknown): Promise<void> {
    if (this.state === 'ended') return;
    const r = reply as { ok?: boolean; answer?: unknown; error?: unknown; message?: unknown } | null;
    if (!r?.ok) return this.abandon('refused', `${String(r?.error ?? 'no answer')}: ${String(r?.message ?? '')}`.trim());
    const answer = parseDescription(r.answer, 'answer');
    if (!answer) return this.abandon('refused', 'malformed answer');
    try {
      await this.peer.setRemoteDescription(answer as never);
      for (const line of answer.sdp.split(/\r?\n/)) if (line.startsWith('a=candidate:')) this.noteRemote(line.slice(2));
    } catch (err) {
      this.abandon('error', (err as Error)?.message ?? String(err));
    }
  }

  private wire(): void {
    const { peer, channel } = this;
    peer.onicecandidate = (event) => {
      if (this.state === 'ended') return;
      const c = event.candidate;
      if (c?.candidate) this.localTypes.add(candidateType(c.candidate) ?? '?');
      this.o.socket.emit(
        'webrtc:candidate',
        c?.candidate ? { candidate: c.candidate, sdpMid: c.sdpMid ?? null, sdpMLineIndex: c.sdpMLineIndex ?? null } : null,
      );
      this.changed();
    };
    peer.oniceconnectionstatechange = () => {
      const state = peer.iceConnectionState;
      this.record(state);
      if (state === 'failed') this.abandon('ice-failed', this.gathered());
      else if (state === 'disconnected' || state === 'closed') this.abandon('ice-disconnected');
      else if (state === 'connected' || state === 'completed') own(this.readPair(), () => {}); // the pair is a diagnostic: without it the upgrade goes on
    };
    channel.onopen = () => {
      if (this.state !== 'connecting') return;
      this.state = 'trial';
      // Frames should follow at once: the stall clock starts with the channel.
      this.lastFrameAt = this.now();
      this.o.handlers.onOpen?.(channel);
      this.changed();
    };
    channel.onclose = () => this.abandon('channel-closed');
    channel.onmessage = (event) => this.o.handlers.onMessage?.(event.data);

    const socket = this.o.socket;
    // What arrives is checked here whatever the event maps say: the other end may be anything.
    const onCandidate = (raw: unknown): void => {
      const candidate = parseCandidate(raw);
      if (candidate === undefined || this.state === 'ended') return;
      if (candidate) this.noteRemote(candidate.candidate);
      peer.addIceCandidate((candidate ?? undefined) as never).catch(() => {});
    };
    const onUsing = (): void => {
      if (this.state !== 'trial') return;
      this.state = 'active';
      this.usingAt = this.now();
      this.o.handlers.onUsing?.();
      this.changed();
    };
    const onAbandon = (raw: unknown): void => {
      const a = parseAbandon(raw);
      this.abandon(a.reason, a.detail, true);
    };
    const onDisconnect = (): void => this.abandon('signaling-lost');
    socket.on('webrtc:candidate', onCandidate);
    socket.on('webrtc:using', onUsing);
    socket.on('webrtc:abandon', onAbandon);
    socket.on('disconnect', onDisconnect);
    this.unlisten.push(
      () => socket.off('webrtc:candidate', onCandidate),
      () => socket.off('webrtc:using', onUsing),
      () => socket.off('webrtc:abandon', onAbandon),
      () => socket.off('disconnect', onDisconnect),
    );
  }

  private checkStall(): void {
    if (this.state === 'connecting' || this.state === 'ended') return;
    const now = this.now();
    // Nothing is owed while no camera is live (or the tab is hidden): restart the clock instead.
    if (!this.o.expectFrames!()) this.lastFrameAt = now;
    else if (now - this.lastFrameAt > this.o.config.stallMs)
      this.abandon('no-frames', `none for ${((now - this.lastFrameAt) / 1000).toFixed(1)} s (${this.framesIn} before)`);
  }

  /** ICE (and the channel on top of it) must be up by the deadline; a channel that opened is judged by frames instead. */
  private connectDeadline(): void {
    if (this.state !== 'connecting') return;
    const seconds = (this.o.config.connectTimeoutMs / 1000).toFixed(1);
    this.abandon('ice-timeout', `after ${seconds} s in ${this.peer.iceConnectionState}; ${this.gathered()}`);
  }

  private noteRemote(candidate: string): void {
    this.remoteTypes.add(candidateType(candidate) ?? '?');
  }

  private gathered(): string {
    return `candidates gathered: ${[...this.localTypes].join(', ') || 'none'}`;
  }

  private record(state: string): void {
    const last = this.iceHistory[this.iceHistory.length - 1];
    if (last?.state === state) return;
    this.iceHistory.push({ at: this.now(), state });
    this.changed();
  }

  private async readPair(): Promise<void> {
    try {
      this.pair = await selectedPair(this.peer);
      this.changed();
    } catch {
      // Stats are for Diagnostics only; a stack without them leaves the line empty.
    }
  }

  private changed(): void {
    this.o.handlers.onChange?.();
  }
}
