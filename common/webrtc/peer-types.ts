/**
 * The part of the W3C RTCPeerConnection API camrelay uses, typed structurally so that the same code
 * drives the browser's peer and werift's in Node (werift follows the standard's property handlers).
 */
export interface DescriptionLike {
  type: string;
  sdp: string;
}

export interface CandidateLike {
  candidate: string;
  sdpMid?: string | null;
  sdpMLineIndex?: number | null;
}

export interface ChannelLike {
  readonly readyState: string;
  readonly bufferedAmount: number;
  binaryType?: string;
  onopen?: ((...args: never[]) => unknown) | null;
  onclose?: ((...args: never[]) => unknown) | null;
  onmessage?: ((event: { data: unknown }) => unknown) | null;
  send(data: never): void;
  close(): void;
}

export interface PeerLike {
  readonly iceConnectionState: string;
  readonly localDescription: DescriptionLike | null;
  onicecandidate: ((event: { candidate: CandidateLike | null }) => unknown) | null;
  oniceconnectionstatechange: ((...args: never[]) => unknown) | null;
  createDataChannel(label: string, options: { ordered: boolean; maxRetransmits: number }): ChannelLike;
  createOffer(): Promise<DescriptionLike>;
  setLocalDescription(description: never): Promise<unknown>;
  setRemoteDescription(description: never): Promise<unknown>;
  addIceCandidate(candidate: never): Promise<unknown>;
  getStats(): Promise<{ forEach(callback: (stat: Record<string, unknown>) => void): void }>;
  close(): unknown;
}

export type PeerFactory = (config: { iceServers: unknown[]; iceTransportPolicy: 'all' | 'relay' }) => PeerLike;

/** Message data from either stack as bytes: ArrayBuffer in browsers, Buffer (a Uint8Array) in werift. */
export function messageBytes(data: unknown): Uint8Array | null {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return null;
}

/** "relay 10.0.0.5:3478 udp ⇄ host 192.168.1.20:51234 udp" from a peer's stats, or null before a pair is chosen. */
export async function selectedPair(peer: PeerLike): Promise<string | null> {
  const stats = new Map<string, Record<string, unknown>>();
  (await peer.getStats()).forEach((s) => stats.set(String(s.id), s));
  let pair: Record<string, unknown> | undefined;
  for (const s of stats.values()) {
    if (s.type === 'transport' && typeof s.selectedCandidatePairId === 'string') pair = stats.get(s.selectedCandidatePairId);
  }
  pair ??= [...stats.values()].find((s) => s.type === 'candidate-pair' && s.nominated === true && (s.state === undefined || s.state === 'succeeded'));
  if (!pair) return null;
  const describe = (id: unknown) => {
    const c = stats.get(String(id));
    if (!c) return '?';
    const address = c.address || c.ip || '?';
    return `${String(c.candidateType ?? '?')} ${String(address)}:${String(c.port ?? '?')} ${String(c.protocol ?? '')}`.trim();
  };
  return `${describe(pair.localCandidateId)} ⇄ ${describe(pair.remoteCandidateId)}`;
}
