/**
 * Sound frames captured after the newest picture (a camera's sound running ahead of its picture: they come by two
 * pipelines), held until a picture passes them, so each rides in the part its time falls in (hls-segmenter.ts). A
 * player that joins at a part, or a segment, then has sound from its first picture on (CI 29b: hls.js joining
 * mid-stream stalled on a hole in the sound, a browser's Media Source playing only where every track has data).
 * Pure code, no I/O.
 */
import type { MuxSound } from './mp4-muxer.js';

/** Sound frames held at most (about 2 s of 48 kHz AAC); past it, the oldest is written. */
const MAX_HELD = 96;

export class SoundHold {
  private held: MuxSound[] = [];
  private pictureAt = -Infinity;

  constructor(private readonly write: (sound: MuxSound) => void) {}

  /** Takes a sound frame: written at once unless it is ahead of the newest picture (or frames before it wait). */
  offer(sound: MuxSound): void {
    if (this.held.length === 0 && sound.capturedAt <= this.pictureAt) return this.write(sound);
    this.held.push(sound);
    if (this.held.length > MAX_HELD) this.write(this.held.shift()!);
  }

  /** Writes what is held up to `at` (ms, the capture clock): before a picture at `at + 1`, into the part before it. */
  flush(at: number): void {
    while (this.held.length > 0 && this.held[0]!.capturedAt <= at) this.write(this.held.shift()!);
  }

  /** A picture at `at` was written: the sound up to it goes in its part. */
  picture(at: number): void {
    this.pictureAt = at;
    this.flush(at);
  }

  /** A new timeline or track begins: what waits is of the one before, and is dropped. */
  clear(): void {
    this.held = [];
    this.pictureAt = -Infinity;
  }
}
