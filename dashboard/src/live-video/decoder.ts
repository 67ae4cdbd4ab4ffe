/** What a decoder behind the H264Player does: WebCodecs in a worker, or MSE through a hidden video. */

/** One access unit as the player hands it on: only units from the newest keyframe on. */
export interface DecodeUnit {
  seq: number;
  capturedAt: number;
  keyframe: boolean;
  codec: string;
  width: number;
  height: number;
  au: Uint8Array;
  /** Decode it, never show it: a unit the relay sent only to reach its newest picture (`MonitorH264Meta.catchUp`). */
  catchUp: boolean;
}

/** A decoded picture, to be drawn (and closed) by the player; `seq` and `capturedAt` are its unit's. */
export interface Picture {
  bitmap: ImageBitmap;
  seq: number;
  capturedAt: number;
}

export interface DecoderEvents {
  picture: (p: Picture) => void;
  /** A catch-up unit went through (decoded, or taken into MSE's buffer) and is not shown: the decoder is working. */
  caughtUp: (seq: number) => void;
  /** The decoder cannot go on; `detail` says what it refused, for the tile and Diagnostics. */
  error: (detail: string) => void;
}

export interface Decoder {
  decode(unit: DecodeUnit): void;
  close(): void;
}
