/**
 * In-memory stand-ins for an RTCPeerConnection and the Socket.IO signaling socket: in the upgrade's
 * tests the state machine is the point, so the tests drive ICE, the channel and the server by hand.
 */
import type { SignalingSocket } from '../../../common/webrtc/upgrade.js';
import type { CandidateLike, ChannelLike, DescriptionLike, PeerLike } from '../../../common/webrtc/peer-types.js';
import type { WebrtcConfig } from '../../../shared/webrtc/protocol.js';

export const OFFER_SDP = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=fingerprint:sha-256 AA:BB\r\n';
/** An answer the upgrade accepts: a data channel, a fingerprint, one host candidate. */
export const ANSWER_SDP = `${OFFER_SDP}a=candidate:1 1 udp 2130706431 10.0.0.2 50000 typ host\r\n`;

export const config = (over: Partial<WebrtcConfig> = {}): WebrtcConfig => ({
  mode: 'on',
  iceServers: [],
  iceTransportPolicy: 'all',
  connectTimeoutMs: 5000,
  stallMs: 2000,
  ...over,
});

export class FakeChannel implements ChannelLike {
  readyState = 'connecting';
  bufferedAmount = 0;
  binaryType?: string;
  onopen: (() => unknown) | null = null;
  onclose: (() => unknown) | null = null;
  onmessage: ((event: { data: unknown }) => unknown) | null = null;
  closed = false;

  send(): void {}

  close(): void {
    this.closed = true;
    this.readyState = 'closed';
  }

  /** The stack opened the channel. */
  open(): void {
    this.readyState = 'open';
    this.onopen?.();
  }
}

export class FakePeer implements PeerLike {
  iceConnectionState = 'new';
  localDescription: DescriptionLike | null = null;
  remoteDescription: DescriptionLike | null = null;
  onicecandidate: ((event: { candidate: CandidateLike | null }) => unknown) | null = null;
  oniceconnectionstatechange: (() => unknown) | null = null;
  readonly channel = new FakeChannel();
  readonly channels: Array<{ label: string; options: unknown }> = [];
  readonly added: unknown[] = [];
  closed = false;
  /** What getStats() lists, as browsers and werift report a chosen pair. */
  stats: Array<Record<string, unknown>> = [];
  offerError: Error | null = null;

  constructor(readonly config: unknown = null) {}

  createDataChannel(label: string, options: unknown): ChannelLike {
    this.channels.push({ label, options });
    return this.channel;
  }

  async createOffer(): Promise<DescriptionLike> {
    if (this.offerError) throw this.offerError;
    return { type: 'offer', sdp: OFFER_SDP };
  }

  async setLocalDescription(description: never): Promise<void> {
    this.localDescription = description;
  }

  async setRemoteDescription(description: never): Promise<void> {
    this.remoteDescription = description;
  }

  async addIceCandidate(candidate: never): Promise<void> {
    this.added.push(candidate);
  }

  async getStats(): Promise<{ forEach(callback: (stat: Record<string, unknown>) => void): void }> {
    return this.stats;
  }

  close(): void {
    this.closed = true;
  }

  /** ICE moved to `state`. */
  ice(state: string): void {
    this.iceConnectionState = state;
    this.oniceconnectionstatechange?.();
  }
}

type Listener = (...args: unknown[]) => void;

/** The signaling socket: records what the upgrade emits; the test plays the server (and the connection). */
export class FakeSocket {
  connected = true;
  readonly sent: Array<{ event: string; args: unknown[] }> = [];
  /** Acks of emits not answered yet, by event, oldest first. */
  readonly acks = new Map<string, Array<(reply: unknown) => void>>();
  /** Events answered at once with the given reply; the others wait in `acks`. */
  readonly replies = new Map<string, unknown>();
  private readonly listeners = new Map<string, Set<Listener>>();

  emit(event: string, ...args: unknown[]): this {
    this.sent.push({ event, args });
    const ack = args.at(-1);
    if (typeof ack !== 'function') return this;
    if (this.replies.has(event)) (ack as Listener)(this.replies.get(event));
    else this.acks.set(event, [...(this.acks.get(event) ?? []), ack as Listener]);
    return this;
  }

  on(event: string, listener: Listener): this {
    this.listeners.set(event, (this.listeners.get(event) ?? new Set()).add(listener));
    return this;
  }

  off(event: string, listener: Listener): this {
    this.listeners.get(event)?.delete(listener);
    return this;
  }

  /** Answers the oldest pending emit of `event`. */
  answer(event: string, reply: unknown): void {
    const pending = this.acks.get(event) ?? [];
    const ack = pending.shift();
    if (!ack) throw new Error(`nothing waits for an answer to ${event}`);
    ack(reply);
  }

  /** The server (or the connection) emits `event` to the client. */
  serverEmits(event: string, ...args: unknown[]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) listener(...args);
  }

  listenerCount(event: string): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  /** Events the client emitted, by name. */
  emitted(event: string): unknown[][] {
    return this.sent.filter((s) => s.event === event).map((s) => s.args);
  }

  connect(): void {
    this.connected = true;
    this.serverEmits('connect');
  }

  disconnect(): void {
    this.connected = false;
    this.serverEmits('disconnect', 'transport close');
  }

  get signaling(): SignalingSocket {
    return this as unknown as SignalingSocket;
  }
}
