/** When a recorded frame lies on the server's clock, and whether the fps cap lets it in. */
import type { Frame } from '../relay/frame.js';

/**
 * The fps cap is a token bucket holding this many frames: a camera sending at the cap with jittery
 * arrival keeps every frame (a late frame's credit pays for an early one), a faster one keeps the
 * cap's rate on average.
 */
const CAP_BURST = 2;
/** A capture stamp this far from its arrival (new capture session, clock change) re-anchors. */
const REANCHOR_MS = 5000;

export class FrameTiming {
  private anchor: { captured: number; received: number; last: number } | null = null;
  private tokens = CAP_BURST;
  private tokensAt: number | null = null;

  /**
   * Capture times on the server clock, anchored at the first frame: intervals come from the
   * capture stamps (a variable-rate camera keeps its rhythm), the position from arrival. A stamp
   * that jumps re-anchors; times never go backwards.
   */
  timeOf(frame: Frame): number {
    const a = this.anchor;
    let at = a ? a.received + (frame.capturedAt - a.captured) : frame.receivedAt;
    if (!a || Math.abs(at - frame.receivedAt) > REANCHOR_MS) {
      this.anchor = { captured: frame.capturedAt, received: frame.receivedAt, last: a?.last ?? -Infinity };
      at = frame.receivedAt;
    }
    at = Math.max(Math.round(at), this.anchor!.last + 1);
    this.anchor!.last = at;
    return at;
  }

  /** True when a frame at `at` fits under `fps`; it then takes its place in the bucket. */
  take(at: number, fps: number): boolean {
    if (this.tokensAt !== null) this.tokens = Math.min(CAP_BURST, this.tokens + ((at - this.tokensAt) * fps) / 1000);
    this.tokensAt = at;
    // The epsilon: three thirds of a token in floating point must still make one.
    if (this.tokens < 1 - 1e-9) return false;
    this.tokens -= 1;
    return true;
  }
}
