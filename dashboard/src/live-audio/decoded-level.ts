/**
 * A camera's sound level as decoded, not as played (#55 item 19): the meter showed 0% in a browser with no sound
 * device, where the AudioContext never runs and an analyser on its output hears nothing, though the sound was
 * decoded and scheduled. Each piece's loudness is kept with the wall-clock span it is scheduled for, and the level
 * now is that of the piece whose span holds now.
 */

/** Pieces kept at most (about 2 s of 21 ms AAC frames): a schedule further ahead than that is not shown. */
const MAX_PIECES = 96;

interface Piece {
  from: number;
  to: number;
  rms: number;
}

/** Root mean square of `samples`, 0 to 1 for full-scale sound. */
export function rmsOf(samples: ArrayLike<number>): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i]! * samples[i]!;
  return Math.sqrt(sum / samples.length);
}

export class DecodedLevel {
  private readonly pieces: Piece[] = [];

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** A piece of `rms` loudness, to play `startsInMs` from now for `durationMs`. */
  add(rms: number, startsInMs: number, durationMs: number): void {
    const from = this.now() + startsInMs;
    this.pieces.push({ from, to: from + durationMs, rms });
    if (this.pieces.length > MAX_PIECES) this.pieces.shift();
  }

  /** The loudness playing now, 0 to 1 (as the meter shows it: twice the RMS, capped), 0 between pieces. */
  level(): number {
    const now = this.now();
    while (this.pieces.length > 0 && this.pieces[0]!.to <= now) this.pieces.shift();
    const piece = this.pieces.find((p) => p.from <= now && now < p.to);
    return piece ? Math.min(1, piece.rms * 2) : 0;
  }
}
