/** When a recorded frame lies on the server's clock, and whether the fps cap lets it in. */
import { FpsGate } from '../../common/capture/fps-gate.js';
import type { Frame } from '../relay/frame.js';

/**
 * The fps cap is the capture engine's fps gate (the same job, on the frames' server-clock times)
 * holding this many frames: a camera sending at the cap with jittery arrival keeps every frame (a
 * late frame's credit pays for an early one), a faster one keeps the cap's rate on average.
 */
const CAP_BURST = 2;
/** A capture stamp this far from its arrival (new capture session, clock change) re-anchors. */
const REANCHOR_MS = 5000;

export class FrameTiming {
  private anchor: { captured: number; received: number; last: number } | null = null;
  // The fps comes with each frame: the recording settings may change it while the camera records.
  private readonly gate = new FpsGate(0, CAP_BURST);

  /** `lateMs`: how late a stamp may arrive and still count (H.264 waits in the camera side's uplink buffer). */
  constructor(private readonly lateMs = REANCHOR_MS) {}

  /**
   * Capture times on the server clock, anchored at the first frame: intervals come from the
   * capture stamps (a variable-rate camera keeps its rhythm), the position from arrival. A stamp
   * that jumps re-anchors; times never go backwards.
   */
  timeOf(frame: Pick<Frame, 'capturedAt' | 'receivedAt'>): number {
    const a = this.anchor;
    let at = a ? a.received + (frame.capturedAt - a.captured) : frame.receivedAt;
    if (!a || at - frame.receivedAt > REANCHOR_MS || frame.receivedAt - at > this.lateMs) {
      this.anchor = { captured: frame.capturedAt, received: frame.receivedAt, last: a?.last ?? -Infinity };
      at = frame.receivedAt;
    }
    at = Math.max(Math.round(at), this.anchor!.last + 1);
    this.anchor!.last = at;
    return at;
  }

  /**
   * Where a capture stamp of another stream of the same camera (its AAC) lies on this stream's
   * anchor, without moving it; null before the first frame. Times may repeat or step back: a gap in
   * the sound stays a gap, never stretched.
   */
  placeOf(capturedAt: number): number | null {
    return this.anchor ? Math.round(this.anchor.received + (capturedAt - this.anchor.captured)) : null;
  }

  /** True when a frame at `at` fits under `fps`; it then takes its place in the bucket. */
  take(at: number, fps: number): boolean {
    return this.gate.take(at, fps);
  }
}
