/** A system under test, as the server process runs it. */
export const SYSTEMS = ['raw-ws', 'naive-socketio', 'camrelay'] as const;
/**
 * naive Socket.IO with the acks camrelay's protocol has: the relay acks each frame to its publisher (the uplink's window)
 * and each viewer acks each frame it gets (a viewer's flow control). Run beside the 50-viewer fan-out only, to say how
 * much of camrelay's CPU above naive's is the acks.
 */
export const ACKED_NAIVE = 'naive-socketio-ack';
export type SystemName = (typeof SYSTEMS)[number] | typeof ACKED_NAIVE;

export interface RunningSystem {
  port: number;
  /** Frames (or packets) the server holds, per viewer: the most held for any one viewer. */
  heldMax(): number;
  /** camrelay's recorders: frames kept and dropped so far, all cameras. */
  recorded?(): { kept: number; dropped: number };
  close(): Promise<void>;
}

/** What a row asks of the server; systems ignore what they do not have. */
export interface StartOptions {
  redisUrl?: string | undefined;
  webrtc?: boolean;
  /** Record every camera continuously (camrelay only). */
  record?: boolean;
}
