/**
 * What the microphone hears, made into talk's pieces (shared/talk.ts): the audio graph's float samples at its own rate
 * (48 kHz mostly) brought down to 8 kHz, each output sample the mean of the input samples it stands for (a box filter:
 * enough against aliasing for speech going on to G.711), as 16-bit little-endian PCM in pieces of 20 ms. Pure.
 */
import { TALK_SAMPLE_RATE } from '../../../shared/talk.js';

/** 20 ms at 8 kHz: what one G.711 packet carries, so each piece becomes one packet at the camera. */
export const PIECE_SAMPLES = TALK_SAMPLE_RATE / 50;

export class PcmPieces {
  private readonly step: number;
  /** Input samples not yet wholly used, and where the next output sample's window starts in them. */
  private carry = new Float32Array(0);
  private at = 0;
  private piece = new DataView(new ArrayBuffer(PIECE_SAMPLES * 2));
  private filled = 0;

  constructor(inputRate: number) {
    if (!(inputRate >= TALK_SAMPLE_RATE)) throw new RangeError(`The microphone's rate (${inputRate} Hz) is below ${TALK_SAMPLE_RATE} Hz.`);
    this.step = inputRate / TALK_SAMPLE_RATE;
  }

  /** Takes the next samples (-1 to 1); calls `emit` with each piece as it fills. */
  push(input: Float32Array, emit: (piece: ArrayBuffer) => void): void {
    const all = new Float32Array(this.carry.length + input.length);
    all.set(this.carry);
    all.set(input, this.carry.length);
    while (this.at + this.step <= all.length) {
      const from = Math.floor(this.at);
      const to = Math.max(from + 1, Math.floor(this.at + this.step));
      let sum = 0;
      for (let i = from; i < to; i++) sum += all[i]!;
      const mean = Math.max(-1, Math.min(1, sum / (to - from)));
      this.piece.setInt16(this.filled * 2, Math.round(mean * 32767), true);
      this.at += this.step;
      if (++this.filled < PIECE_SAMPLES) continue;
      emit(this.piece.buffer);
      this.piece = new DataView(new ArrayBuffer(PIECE_SAMPLES * 2));
      this.filled = 0;
    }
    const used = Math.floor(this.at);
    this.carry = all.slice(used);
    this.at -= used;
  }
}
