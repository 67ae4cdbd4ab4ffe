/**
 * WebRTC upgrade signaling, carried by the live Socket.IO connection (`/monitor` for leg 1,
 * server → browser; `/capture` for leg 2, capture client → server). The client always offers and
 * opens the `frames` data channel; the server answers. Documented in docs/webrtc.md.
 */
import type { ErrorCodeName } from '../errors.js';

/** How the server offers WebRTC: never, when a user asks for it (dashboard toggle, `--transport webrtc`), or by default. */
export const WEBRTC_MODES = ['off', 'optional', 'on'] as const;
export type WebrtcMode = (typeof WEBRTC_MODES)[number];

/** The browser's RTCIceServer shape, handed to both ends. */
export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

/** The answer to `webrtc:config`: what this client needs to try an upgrade. TURN credentials only reach signed-in clients. */
export interface WebrtcConfig {
  mode: WebrtcMode;
  iceServers: IceServer[];
  iceTransportPolicy: 'all' | 'relay';
  /** ICE must connect within this long, or the upgrade is abandoned. */
  connectTimeoutMs: number;
  /** With the camera live, no frame over the data channel for this long abandons the upgrade. */
  stallMs: number;
}

/** Checks a `webrtc:config` answer: a config, or (false) a refusal such as WEBRTC_DISABLED or junk. */
export function isWebrtcConfig(reply: unknown): reply is WebrtcConfig {
  const r = reply as Partial<WebrtcConfig> | null;
  if (typeof r !== 'object' || r === null || !(WEBRTC_MODES as readonly unknown[]).includes(r.mode)) return false;
  return (
    Array.isArray(r.iceServers) &&
    (r.iceTransportPolicy === 'all' || r.iceTransportPolicy === 'relay') &&
    typeof r.connectTimeoutMs === 'number' &&
    typeof r.stallMs === 'number'
  );
}

export const DATA_CHANNEL_LABEL = 'frames';
/** A late frame is a useless frame: no ordering, no retransmits. */
export const DATA_CHANNEL_OPTIONS = { ordered: false, maxRetransmits: 0 } as const;
/**
 * A sender puts the next frame on the channel once its send buffer is down to this: about one 720p
 * frame, enough to keep the link busy, little enough that a stalled peer costs one frame.
 */
export const CHANNEL_LOW_WATER_BYTES = 192 * 1024;

/** Why an upgrade was given up: a stable code with a sentence for the Diagnostics panel. */
export const ABANDON_REASONS = {
  'ice-timeout': 'ICE did not connect in time',
  'ice-failed': 'ICE failed',
  'ice-disconnected': 'ICE disconnected',
  'channel-closed': 'the data channel closed',
  'no-frames': 'no frame arrived over the data channel while the camera was live',
  'not-draining': 'the peer stopped taking data',
  'signaling-lost': 'the Socket.IO connection carrying the signaling dropped',
  refused: 'the server refused the upgrade',
  error: 'the WebRTC stack failed',
  closed: 'closed on purpose',
} as const;
export type AbandonReason = keyof typeof ABANDON_REASONS;

export function isAbandonReason(value: unknown): value is AbandonReason {
  return typeof value === 'string' && Object.hasOwn(ABANDON_REASONS, value);
}

/** A peer's `webrtc:abandon` message, checked: an unknown reason counts as `error`, the detail is cut to 200 characters. */
export function parseAbandon(raw: unknown): Abandon & { detail: string } {
  const a = raw as { reason?: unknown; detail?: unknown } | null;
  return { reason: isAbandonReason(a?.reason) ? a.reason : 'error', detail: typeof a?.detail === 'string' ? a.detail.slice(0, 200) : '' };
}

export interface SignalDescription {
  type: 'offer' | 'answer';
  sdp: string;
}

export interface SignalCandidate {
  candidate: string;
  sdpMid?: string | null;
  sdpMLineIndex?: number | null;
}

export interface Abandon {
  reason: AbandonReason;
  /** Free text with detail (e.g. "after 5.0 s in checking"); never credentials. */
  detail?: string;
}

/** ICE candidate type from an `a=candidate` line: host, srflx, prflx or relay. */
export function candidateType(candidate: string): string | null {
  const match = / typ ([a-z]+)/.exec(candidate);
  return match ? match[1]! : null;
}

/** A refusal in an ack, the same shape everywhere: a stable code and a sentence. */
export interface ErrorReply {
  ok: false;
  error: ErrorCodeName;
  message: string;
}

/** The answer to `webrtc:offer`. */
export type OfferReply = { ok: true; answer: SignalDescription } | ErrorReply;

/** Upgrade signaling a client (browser on `/monitor`, capture client on `/capture`) emits. */
export interface WebrtcClientEvents {
  'webrtc:config': (ack: (reply: WebrtcConfig | ErrorReply) => void) => void;
  'webrtc:offer': (offer: SignalDescription, ack: (reply: OfferReply) => void) => void;
  /** A trickled candidate; null: end of candidates. */
  'webrtc:candidate': (candidate: SignalCandidate | null) => void;
  /** Leg 1: the browser draws frames from the data channel now. */
  'webrtc:using': () => void;
  'webrtc:abandon': (abandon: Abandon) => void;
}

/** Upgrade signaling the server emits, on either namespace. */
export interface WebrtcServerEvents {
  'webrtc:candidate': (candidate: SignalCandidate | null) => void;
  /** Leg 2: the server ingests frames from the data channel now. */
  'webrtc:using': () => void;
  'webrtc:abandon': (abandon: Abandon) => void;
}

const MAX_SDP = 64 * 1024;
const MAX_CANDIDATE = 1024;

/** Checks an offer or answer from the other side; null when it is not one. */
export function parseDescription(value: unknown, type: SignalDescription['type']): SignalDescription | null {
  const v = value as Record<string, unknown> | null;
  if (typeof v !== 'object' || v === null || v.type !== type || typeof v.sdp !== 'string') return null;
  if (v.sdp.length === 0 || v.sdp.length > MAX_SDP) return null;
  // Only a data channel is ever negotiated, and never without a DTLS fingerprint to check the peer against.
  if (!v.sdp.startsWith('v=0') || !/^m=application .*webrtc-datachannel/m.test(v.sdp) || !/^a=fingerprint:/m.test(v.sdp)) return null;
  return { type, sdp: v.sdp };
}

/** Checks a trickled candidate; `null` (end of candidates) is valid, `undefined` means malformed. */
export function parseCandidate(value: unknown): SignalCandidate | null | undefined {
  if (value === null) return null;
  const v = value as Record<string, unknown>;
  if (typeof v !== 'object' || typeof v.candidate !== 'string' || v.candidate.length > MAX_CANDIDATE) return undefined;
  const mid = v.sdpMid;
  const line = v.sdpMLineIndex;
  if (mid !== undefined && mid !== null && (typeof mid !== 'string' || mid.length > 32)) return undefined;
  if (line !== undefined && line !== null && !(Number.isInteger(line) && (line as number) >= 0 && (line as number) < 64)) return undefined;
  return { candidate: v.candidate, sdpMid: (mid as string | null | undefined) ?? null, sdpMLineIndex: (line as number | null | undefined) ?? null };
}
