/**
 * The contract of a sender module (one per transport, listed in a sender table): what a sender
 * does, the role the transport picker gives it, and what the capture engine hands it to build one.
 * Frames are `Uint8Array`, so the same senders run in Node and in the browser.
 */
import type { AacFrameMeta, CaptureOffer, H264FrameMeta, H264RungMeta } from '../../shared/demand.js';
import type { SignalingSocket } from '../webrtc/upgrade.js';
import type { CaptureFrameMeta, Link, SourceStatus } from '../../shared/protocol.js';
import type { WebrtcMode } from '../../shared/webrtc/protocol.js';
import type { SendResult } from './send-result.js';
import type { UnitsAck, UnitToSend } from '../../shared/units.js';

export interface SenderTarget {
  /** Base URL of the relay, e.g. http://192.168.1.10:3000 */
  server: string;
  cameraId: string;
  name?: string;
  token: string;
  /** This run's capture session id, sent with every frame so the server can tell a restart. */
  session?: string;
  /** A frame not acknowledged within this time counts as lost (ms). */
  ackTimeoutMs: number;
  /** What this client can make when the relay asks (`demand`); default none: the full-size JPEG only. */
  offers?: readonly CaptureOffer[];
  /** Wait while another run sends this camera id (CAMERA_IN_USE) instead of taking it over: for unattended programs. */
  standby?: boolean;
}

export type { SendResult };

export interface Sender {
  /** The link frames take right now through this sender (null while it cannot send). */
  link(): Link | null;
  /** True when a send now has a chance to get through. */
  ready(): boolean;
  send(meta: CaptureFrameMeta, jpeg: Uint8Array): Promise<SendResult>;
  /** The sender's estimate of (server clock − local clock), when it has one. */
  clockOffset(): number | null;
  /** Tells the relay whether the camera gives frames or why the client waits for it; senders without a channel for it leave it out. */
  sourceStatus?(status: SourceStatus): void;
  close(): void;
}

/**
 * How the transport picker uses a sender: a `connection` while it is up (Socket.IO); a `fallback`
 * when no connection works (HTTP POST); an `upgrade` rides on the connection and takes over once
 * the server confirms frames arrive by it (WebRTC).
 */
export type SenderRole = 'connection' | 'fallback' | 'upgrade';

/**
 * What carries media units (#38): the connection, or the fallback while the connection is down (its batches by POST).
 * Each send is absent where the sender carries none.
 */
export interface UnitCarrier {
  ready(): boolean;
  clockOffset(): number | null;
  sendH264?(meta: H264FrameMeta, au: Uint8Array): Promise<SendResult>;
  sendH264Rung?(meta: H264RungMeta, au: Uint8Array): Promise<SendResult>;
  sendAac?(meta: AacFrameMeta, frame: Uint8Array): Promise<SendResult>;
  /** One JPEG as a `jpeg` unit with its own ack, to a relay whose demand says `jpegUnits` (#56). */
  sendJpeg?(meta: CaptureFrameMeta, jpeg: Uint8Array): Promise<SendResult>;
  sendUnits?(units: UnitToSend[]): Promise<UnitsAck | SendResult>;
}

/** A lasting connection, which an upgrade's signaling can ride on. */
export interface ConnectionSender extends Sender, UnitCarrier {
  /**
   * Drops the connection and connects again: it says connected but acks stopped (after a pause, default 0.5 s),
   * or the handshake must say something new (at once: nothing is wrong with the connection).
   */
  reconnect(afterMs?: number): void;
  /** One H.264 access unit for the recorder, with its own ack (h264-link.ts); absent: this connection carries none. */
  sendH264?(meta: H264FrameMeta, au: Uint8Array): Promise<SendResult>;
  /** One access unit of a rung stream for live tiles (`h264-rung`), acked as a unit is; absent: this connection carries none. */
  sendH264Rung?(meta: H264RungMeta, au: Uint8Array): Promise<SendResult>;
  /** One raw AAC frame of the main stream's audio, acked as a unit is; absent: this connection carries none. */
  sendAac?(meta: AacFrameMeta, frame: Uint8Array): Promise<SendResult>;
  /** Several units in one `units` message and one ack (shared/units.ts), to a relay whose demand says it takes them. */
  sendUnits?(units: UnitToSend[]): Promise<UnitsAck | SendResult>;
  signalingSocket(): SignalingSocket;
}

/** An upgrade of the connection: on trial it gets a copy of each frame the connection carries. */
export interface UpgradeSender extends Sender {
  readonly state: 'idle' | 'connecting' | 'trial' | 'active';
  /** A trial copy, sent only when there is room; true if it went. */
  offer(meta: CaptureFrameMeta, jpeg: Uint8Array): boolean;
}

/** What the capture engine gives a sender module to build its sender; `E` is what the sender reports. */
export interface SenderContext<E = never> {
  target: SenderTarget;
  /** The user asked for this sender by name (`--transport <name>`) rather than `auto`. */
  forced: boolean;
  /** The connection an upgrade rides on; null for the other roles. */
  carrier: ConnectionSender | null;
  /** Whether to try an upgrade, given the server's mode for it (TransportPicker#wantsUpgrade). */
  wanted(serverMode: WebrtcMode): boolean;
  /** The sender can carry frames now: a connection connected, an upgrade was confirmed. */
  up(): void;
  /** It cannot any more; an upgrade says why it ended. */
  down(why?: { reason: string; message: string }): void;
  /** News for the user: the log, the status line. */
  onEvent(e: E): void;
}

/** A line of a sender table: the sender class, with its role and a factory for the capture engine. */
export type SenderModule =
  | { readonly role: 'connection'; create(ctx: SenderContext<never>): ConnectionSender }
  | { readonly role: 'fallback'; create(ctx: SenderContext<never>): Sender & UnitCarrier }
  | { readonly role: 'upgrade'; create(ctx: SenderContext<never>): UpgradeSender };
