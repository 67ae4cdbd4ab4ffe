/** What a capture client sends frames through: Socket.IO, HTTP POST or a WebRTC data channel, one interface. */
import type { CaptureFrameMeta, FrameAck, Link } from '../../shared/protocol.js';

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
}

/** The outcome of one send: the server's ack, or a transport failure (timeout, network). */
export type SendResult = FrameAck | { ok: false; error: 'TIMEOUT' | 'NETWORK'; message: string };

export interface Sender {
  /** The link frames take right now through this sender (null while it cannot send). */
  link(): Link | null;
  /** True when a send now has a chance to get through. */
  ready(): boolean;
  send(meta: CaptureFrameMeta, jpeg: Buffer): Promise<SendResult>;
  /** The sender's estimate of (server clock − local clock), when it has one. */
  clockOffset(): number | null;
  close(): void;
}
