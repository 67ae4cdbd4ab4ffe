/**
 * Talk's pieces on their way to the relay (#40 item 4). The microphone opens side by side with the camera's back
 * channel, so what it hears before the relay's answer waits here (at most BACKLOG_MS, the oldest dropped past it: a
 * late word is worse than a lost one) and goes once the back channel is open, so the first word is not lost. Sends
 * stay under the relay's TALK_PIECES_PER_S_MAX in any second: pieces that would pass it are merged, up to
 * TALK_PIECE_MAX_BYTES each (a second of backlog goes as 10 pieces of 100 ms). Pure: the clock is given.
 */
import { TALK_PIECE_MAX_BYTES, TALK_PIECES_PER_S_MAX } from '../../../shared/talk.js';

/** What may wait for the back channel: 1 s of 8 kHz 16-bit sound. */
export const BACKLOG_BYTES = 16_000;
/** Sends allowed in any 1000 ms: a margin under the relay's limit, whose second starts at its own moment. */
export const SENDS_PER_S = TALK_PIECES_PER_S_MAX - 5;

export class TalkQueue {
  /** Pieces not yet sent: the backlog before `open`, then what waits for room under SENDS_PER_S. */
  private held: Uint8Array[] = [];
  private heldBytes = 0;
  private send: ((piece: ArrayBuffer) => void) | null = null;
  /** When each send of the last second went. */
  private sent: number[] = [];
  /** Bytes dropped because the back channel took longer than the backlog holds. */
  dropped = 0;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** A piece the microphone made: sent now, merged with the next, or kept until `open`. */
  push(piece: ArrayBuffer): void {
    this.held.push(new Uint8Array(piece));
    this.heldBytes += piece.byteLength;
    if (!this.send) {
      while (this.heldBytes > BACKLOG_BYTES) this.heldBytes -= this.drop();
      return;
    }
    const t = this.now();
    while (this.sent.length > 0 && this.sent[0]! <= t - 1000) this.sent.shift();
    // Under the limit, or a whole 100 ms held: it goes (the merging keeps sends ten a second at most meanwhile).
    if (this.sent.length < SENDS_PER_S || this.heldBytes >= TALK_PIECE_MAX_BYTES) this.flush(t);
  }

  /** The back channel is open: the backlog goes in pieces of up to 100 ms, then each piece as it comes. */
  open(send: (piece: ArrayBuffer) => void): void {
    this.send = send;
    if (this.heldBytes > 0) this.flush(this.now());
  }

  private flush(t: number): void {
    while (this.heldBytes > 0) {
      const size = Math.min(TALK_PIECE_MAX_BYTES, this.heldBytes);
      const merged = new Uint8Array(size);
      let filled = 0;
      while (filled < size) {
        const first = this.held[0]!;
        const take = Math.min(first.length, size - filled);
        merged.set(first.subarray(0, take), filled);
        filled += take;
        if (take === first.length) this.held.shift();
        else this.held[0] = first.subarray(take);
      }
      this.heldBytes -= size;
      this.sent.push(t);
      this.send!(merged.buffer);
    }
  }

  private drop(): number {
    const oldest = this.held.shift()!;
    this.dropped += oldest.length;
    return oldest.length;
  }
}
