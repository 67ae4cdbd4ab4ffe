/**
 * The frame-rate gate every camera path uses (capture client, capture page, the relay's cap and the
 * recorder's): a budget of `fps` frames a second that saves up to `burst` frames, not a minimum gap
 * between frames. Sources hand frames over with jitter (a browser on its rendering clock, 50 ms then
 * 83 ms apart from a 15 fps camera; ffmpeg through a pipe): a gap rule refuses the early frame and
 * sends half the rate, and the gap rule's slack for that (0.8 × the interval) lets a 30 fps camera
 * through whole when 25 is asked. The budget does neither (test/common/capture/fps-gate.test.ts
 * measures both). Pure: the caller says when.
 */
export class FpsGate {
  private tokens: number;
  private at: number | null = null;

  /** `burst`: frames' worth saved up at most, so a source that pauses does not get a burst after it. */
  constructor(
    private readonly fps: number,
    private readonly burst = 2,
  ) {
    if (!(burst >= 1)) throw new TypeError('An fps gate needs a burst of at least one frame.');
    this.tokens = burst;
  }

  /** True when a frame at `now` (ms) fits under `fps`; it then takes its place. `fps` may change between calls. */
  take(now: number, fps = this.fps): boolean {
    if (this.at !== null) this.tokens = Math.min(this.burst, this.tokens + (Math.max(0, now - this.at) * fps) / 1000);
    this.at = now;
    // The epsilon: three thirds of a token in floating point must still make one.
    if (this.tokens < 1 - 1e-9) return false;
    this.tokens -= 1;
    return true;
  }
}
