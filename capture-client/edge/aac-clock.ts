/**
 * Capture times for AAC frames (#29). Frames reach us in bursts (ffmpeg and the socket group them), so their
 * arrival times are jittery; the sample count is exact. A frame's time is the anchor (the first frame's
 * arrival) plus the samples since it, so audio keeps the camera's own pace; it is anchored again at a frame's
 * arrival when the two drift apart by more than `maxDriftMs` (the camera's clock is not ours) or after a gap.
 */

/** Samples in one AAC-LC frame. */
export const AAC_FRAME_SAMPLES = 1024;

export interface AacClockOptions {
  /** Re-anchor past this drift between counted time and arrival; default 200 ms. */
  maxDriftMs?: number;
}

export class AacClock {
  private anchorAt = 0;
  private samples = 0;
  private rate = 0;
  private readonly maxDriftMs: number;
  /** Times the clock was anchored again (drift or gap), for tests and the log. */
  reanchors = 0;

  constructor(opts: AacClockOptions = {}) {
    this.maxDriftMs = opts.maxDriftMs ?? 200;
  }

  /** The capture time of the next frame, which arrived at `arrival` (ms), at `sampleRate`. */
  stamp(arrival: number, sampleRate: number): number {
    if (this.rate !== sampleRate) this.anchor(arrival, sampleRate);
    let at = this.anchorAt + (this.samples * 1000) / sampleRate;
    // Counted time ahead of arrival is impossible for a live source (a frame cannot arrive before it was
    // captured) and far behind means frames were lost: either way arrival is the better truth.
    if (Math.abs(arrival - at) > this.maxDriftMs) {
      this.reanchors++;
      this.anchor(arrival, sampleRate);
      at = arrival;
    }
    this.samples += AAC_FRAME_SAMPLES;
    return Math.round(at);
  }

  /** Forget the stream: the next frame anchors afresh (a new ffmpeg, a new connection to the camera). */
  reset(): void {
    this.rate = 0;
  }

  private anchor(arrival: number, sampleRate: number): void {
    this.anchorAt = arrival;
    this.samples = 0;
    this.rate = sampleRate;
  }
}
