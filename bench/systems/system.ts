/** A system under test, as the server process runs it. */
export const SYSTEMS = ['raw-ws', 'naive-socketio', 'camrelay'] as const;
export type SystemName = (typeof SYSTEMS)[number];

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
