/**
 * The server's end of one WebRTC upgrade: a werift peer that answers the client's offer, trickles
 * its candidates back, and ends itself (with a reason) when ICE fails, drops or never connects.
 */
import { RTCPeerConnection, type RTCDataChannel } from 'werift';
import { candidateType, type AbandonReason, type IceServer, type SignalCandidate } from '../../../shared/webrtc/protocol.js';
import { selectedPair, type PeerLike } from '../../../shared/webrtc/peer-types.js';

export interface ServerPeerOptions {
  iceServers: IceServer[];
  iceTransportPolicy: 'all' | 'relay';
  icePorts?: [number, number] | undefined;
  connectTimeoutMs: number;
  onCandidate(candidate: SignalCandidate | null): void;
  onChannel(channel: RTCDataChannel): void;
  /** Called once, for any end but `close()` by the owner. */
  onEnd(reason: AbandonReason, detail: string): void;
}

export class ServerPeer {
  readonly pc: RTCPeerConnection;
  readonly iceHistory: Array<{ at: number; state: string }> = [];
  readonly localTypes = new Set<string>();
  pair: string | null = null;
  private ended = false;
  private readonly deadline: NodeJS.Timeout;

  constructor(private readonly o: ServerPeerOptions) {
    this.pc = new RTCPeerConnection({
      // werift falls back to Google's public STUN server when given none: never contact a third party unasked.
      iceServers: o.iceServers,
      iceTransportPolicy: o.iceTransportPolicy,
      ...(o.icePorts ? { icePortRange: o.icePorts } : {}),
    });
    this.note(this.pc.iceConnectionState);
    this.pc.onicecandidate = ({ candidate }) => {
      if (this.ended) return;
      if (candidate?.candidate) this.localTypes.add(candidateType(candidate.candidate) ?? '?');
      o.onCandidate(candidate?.candidate ? { candidate: candidate.candidate, sdpMid: candidate.sdpMid ?? null, sdpMLineIndex: candidate.sdpMLineIndex ?? null } : null);
    };
    this.pc.iceConnectionStateChange.subscribe((state) => {
      this.note(state);
      if (state === 'failed') this.end('ice-failed', '');
      else if (state === 'disconnected') this.end('ice-disconnected', '');
      else if (state === 'connected' || state === 'completed') void this.readPair();
    });
    this.pc.onDataChannel.subscribe((channel) => {
      if (this.ended) return;
      clearTimeout(this.deadline);
      channel.stateChanged.subscribe((s) => {
        if (s === 'closed') this.end('channel-closed', '');
      });
      o.onChannel(channel);
    });
    // A little longer than the client's own limit, so the client (which sees more) usually says why first.
    this.deadline = setTimeout(() => this.end('ice-timeout', `no data channel after ${o.connectTimeoutMs + 1000} ms in ${this.pc.iceConnectionState}`), o.connectTimeoutMs + 1000);
    this.deadline.unref();
  }

  /** Takes the client's offer and returns the answer SDP (candidates follow by trickle). */
  async answer(offerSdp: string): Promise<string> {
    await this.pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
    const answer = await this.pc.createAnswer();
    await this.pc.setLocalDescription(answer);
    return this.pc.localDescription?.sdp ?? answer.sdp;
  }

  async addCandidate(candidate: SignalCandidate | null): Promise<void> {
    if (this.ended) return;
    await this.pc.addIceCandidate(candidate ? { candidate: candidate.candidate, sdpMid: candidate.sdpMid ?? undefined, sdpMLineIndex: candidate.sdpMLineIndex ?? undefined } : undefined);
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** Ends the peer because of `reason`: tells the owner, then releases everything. */
  end(reason: AbandonReason, detail: string): void {
    if (this.ended) return;
    this.close();
    this.o.onEnd(reason, detail);
  }

  /** Releases the peer without telling the owner (the owner is the one ending it). */
  close(): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.deadline);
    this.pc.close().catch(() => {});
  }

  private note(state: string): void {
    this.iceHistory.push({ at: Date.now(), state });
    if (this.iceHistory.length > 20) this.iceHistory.shift();
  }

  private async readPair(): Promise<void> {
    try {
      this.pair = await selectedPair(this.pc as unknown as PeerLike);
    } catch {
      // Diagnostics only.
    }
  }
}
