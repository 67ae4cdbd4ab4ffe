/** What a decoder behind the H264Player does: WebCodecs in a worker, or MSE through a hidden video. */

/**
 * A picture is late when the newest unit the page has was captured more than this after it. Newest wins
 * drops only what is late (and older than a newer keyframe, from which the decoder can go on), never
 * what is merely older than the newest arrival: MSE's video shows a picture 1 to 4 frames (70 to 270 ms
 * at 15 fps) after its unit arrives, so a rule without this bound lost the last pictures of every GOP.
 * Half a second is over that delay with room for a loaded box, and under the 2 s stall and any GOP.
 */
export const LATE_MS = 500;

/** The newest unit's capture time, and how far behind it another is: the one late rule of the player and MSE. */
export class LiveEdge {
  private newest = -Infinity;

  saw(capturedAt: number): void {
    this.newest = capturedAt;
  }

  /** Ms between the newest unit's capture and `capturedAt`. */
  behind(capturedAt: number): number {
    return this.newest - capturedAt;
  }

  late(capturedAt: number): boolean {
    return this.behind(capturedAt) > LATE_MS;
  }
}

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
  /** A unit skipped as late, never to be shown: it was `behindMs` (more than `LATE_MS`) behind the newest unit. */
  late: (seq: number, behindMs: number) => void;
  /** A picture the decoder showed and the page could not copy in time (MSE's video runs on its own clock). */
  missed: (seq: number) => void;
  /** The decoder cannot go on; `detail` says what it refused, for the tile and Diagnostics. */
  error: (detail: string) => void;
}

export interface Decoder {
  decode(unit: DecodeUnit): void;
  close(): void;
}
