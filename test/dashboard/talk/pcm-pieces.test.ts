/** The microphone's samples made into talk's pieces: 8 kHz, 16-bit little-endian, 20 ms each, whatever the input rate. */
import { describe, expect, it } from 'vitest';
import { PcmPieces, PIECE_SAMPLES } from '../../../dashboard/src/talk/pcm-pieces.js';

/** `seconds` of a `hz` tone at `rate`, peak `amp`, in the audio thread's blocks of 128. */
function tone(rate: number, hz: number, seconds: number, amp = 0.5): Float32Array[] {
  const all = Float32Array.from({ length: Math.round(rate * seconds) }, (_, i) => amp * Math.sin((2 * Math.PI * hz * i) / rate));
  const blocks: Float32Array[] = [];
  for (let at = 0; at < all.length; at += 128) blocks.push(all.subarray(at, at + 128));
  return blocks;
}

function piecesOf(rate: number, blocks: Float32Array[]): Int16Array[] {
  const made = new PcmPieces(rate);
  const out: Int16Array[] = [];
  for (const b of blocks) made.push(b, (piece) => out.push(new Int16Array(piece.slice(0))));
  return out;
}

const rms = (s: Int16Array) => Math.sqrt(s.reduce((a, x) => a + x * x, 0) / s.length);

describe('PcmPieces', () => {
  it.each([48_000, 44_100, 16_000, 8000])('makes a second at %i Hz into 50 pieces of 20 ms at 8 kHz, the tone kept', (rate) => {
    const pieces = piecesOf(rate, tone(rate, 440, 1.01));
    expect(pieces.length).toBe(50);
    expect(pieces.every((p) => p.length === PIECE_SAMPLES && p.byteLength === 320)).toBe(true);
    // A 440 Hz sine at half scale: RMS 0.5/√2 of full scale, give or take the box filter's small loss.
    const level = rms(pieces[25]!) / 32767;
    expect(level).toBeGreaterThan(0.33);
    expect(level).toBeLessThan(0.36);
  });

  it('folds a tone above 4 kHz back at under a third of its level (the box filter; a browser that resamples itself needs none)', () => {
    const pieces = piecesOf(48_000, tone(48_000, 6000, 0.5));
    // sinc(6 kHz × 6 samples / 48 kHz) ≈ 0.30 of the 0.354 a kept tone has.
    expect(rms(pieces[10]!) / 32767).toBeLessThan(0.354 / 3);
  });

  it('writes little-endian 16-bit samples and clips what is past full scale', () => {
    const made = new PcmPieces(8000);
    const out: ArrayBuffer[] = [];
    made.push(
      Float32Array.from({ length: PIECE_SAMPLES }, (_, i) => (i === 0 ? 2 : i === 1 ? -2 : 0.25)),
      (p) => out.push(p),
    );
    const view = new DataView(out[0]!);
    expect([view.getInt16(0, true), view.getInt16(2, true), view.getInt16(4, true)]).toEqual([32767, -32767, 8192]);
  });

  it('refuses an input rate below 8 kHz', () => {
    expect(() => new PcmPieces(4000)).toThrow(RangeError);
  });
});
