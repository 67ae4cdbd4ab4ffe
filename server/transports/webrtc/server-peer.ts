/**
 * The server's end of one WebRTC upgrade: a werift peer that answers the client's offer, trickles
 * its candidates back, and ends itself (with a reason) when ICE fails, drops or never connects.
 */
import { RTCPeerConnection, type RTCDataChannel } from 'werift';
import { type AbandonReason, type IceServer, type SignalCandidate } from '../../../shared/webrtc/protocol.js';

export interface ServerPeerOptions {
  iceServers: IceServer[];
  iceTransportPolicy: 'all' | 'relay';
  icePorts?: [number, number] | undefined;
  connectTimeoutMs: number;
  /** The relay listens on loopback only (`--host 127.0.0.1`): offer and bind loopback candidates only. */
  loopbackOnly?: boolean;
  onCandidate(candidate: SignalCandidate | null): void;
  onChannel(channel: RTCDataChannel): void;
  /** Called once, for any end but `close()` by the owner. */
  onEnd(reason: AbandonReason, detail: string): void;
}

export class ServerPeer {
  readonly pc: RTCPeerConnection;
  /** ICE states in order, for the log line when the upgrade ends. */
  private readonly iceStates: string[] = [];
  private ended = false;
  private readonly deadline: NodeJS.Timeout;

  constructor(private readonly o: ServerPeerOptions) {
    this.pc = new RTCPeerConnection({
      // werift falls back to Google's public STUN server when given none: never contact a third party unasked.
      iceServers: o.iceServers,
      iceTransportPolicy: o.iceTransportPolicy,
      ...(o.icePorts ? { icePortRange: o.icePorts } : {}),
      // werift leaves loopback out and offers every other address: a relay kept on this machine must
      // not be reachable at them by WebRTC either (#37 item 16). Its sockets bind loopback only.
      ...(o.loopbackOnly ? { iceAdditionalHostAddresses: ['127.0.0.1'], iceInterfaceAddresses: { udp4: '127.0.0.1' }, iceUseIpv6: false } : {}),
    });
    this.note(this.pc.iceConnectionState);
    this.pc.onicecandidate = ({ candidate }) => {
      if (this.ended) return;
      if (o.loopbackOnly && candidate?.candidate && !isLoopbackCandidate(candidate.candidate)) return;
      o.onCandidate(
        candidate?.candidate ? { candidate: candidate.candidate, sdpMid: candidate.sdpMid ?? null, sdpMLineIndex: candidate.sdpMLineIndex ?? null } : null,
      );
    };
    this.pc.iceConnectionStateChange.subscribe((state) => {
      this.note(state);
      if (state === 'failed') this.end('ice-failed', '');
      else if (state === 'disconnected') this.end('ice-disconnected', '');
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
    this.deadline = setTimeout(
      () => this.end('ice-timeout', `no data channel after ${o.connectTimeoutMs + 1000} ms in ${this.pc.iceConnectionState}`),
      o.connectTimeoutMs + 1000,
    );
    this.deadline.unref();
  }

  /** Takes the client's offer and returns the answer SDP (candidates follow by trickle). */
  async answer(offerSdp: string): Promise<string> {
    await this.pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
    const answer = await this.pc.createAnswer();
    await this.pc.setLocalDescription(answer);
    const sdp = this.pc.localDescription?.sdp ?? answer.sdp;
    return this.o.loopbackOnly ? sdp.replace(/^a=candidate:.*\r?\n/gm, (line) => (isLoopbackCandidate(line.slice(2)) ? line : '')) : sdp;
  }

  async addCandidate(candidate: SignalCandidate | null): Promise<void> {
    if (this.ended) return;
    await this.pc.addIceCandidate(
      candidate ? { candidate: candidate.candidate, sdpMid: candidate.sdpMid ?? undefined, sdpMLineIndex: candidate.sdpMLineIndex ?? undefined } : undefined,
    );
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

  /** "new → checking → connected", for the log line when the upgrade ends. */
  describeIce(): string {
    return this.iceStates.join(' → ');
  }

  private note(state: string): void {
    this.iceStates.push(state);
    if (this.iceStates.length > 20) this.iceStates.shift();
  }
}

/** True for a candidate line (`candidate:foundation component transport priority address port …`) on a loopback address. */
export function isLoopbackCandidate(candidate: string): boolean {
  const address = candidate.trim().split(/\s+/)[4] ?? '';
  return /^127\./.test(address) || address === '::1' || address === 'localhost';
}
