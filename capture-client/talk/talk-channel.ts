/**
 * Where talk-back's sound goes on the camera side (#40 item 4): an IP camera's ONVIF back channel (backchannel.ts) or
 * this PC's speaker (speaker.ts). Opened when someone starts talking, closed when they stop.
 */
export interface TalkChannel {
  /** 16-bit samples at 8 kHz, mono, to say. */
  say(samples: Int16Array): void;
  /** True once it ended, asked or not. */
  readonly closed: boolean;
  close(): void;
  /** Said on the program's output when it opens. */
  readonly openWords: string;
  /** Said to the page when it ended without being asked: why, and what to do. */
  readonly endWords: string;
}
