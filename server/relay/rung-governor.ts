/**
 * The JPEG step-down (step-down.ts): automatic step-down and step-up of one viewer's rendition of one camera. Over each measuring period it
 * compares the frames the viewer's link took with the frames the camera made: under 2/3, the link
 * cannot carry the camera at this rung, so one rung down; all of them, each sent in under a third of
 * the frame interval, so there is room for the next rung (about twice the bytes), one rung up. After
 * a change it holds, so the rung does not flap while the link's queue settles.
 */

import type { StepDown } from './step-down.js';
import { MAX_WINDOW } from '../tracks/viewer-slot.js';

export interface RungGovernorOptions {
  /** The most frames in flight it may allow. */
  maxInFlight: number;
  /** How long each measuring period runs. */
  periodMs: number;
  /** No change within this long of the last one. */
  holdMs: number;
  now: () => number;
}

// Date.now read at each call, not a copy taken at import, so a test's fake clock reaches it.
const DEFAULTS: RungGovernorOptions = { maxInFlight: MAX_WINDOW, periodMs: 2000, holdMs: 4000, now: () => Date.now() };
/** Below this share of the camera's frames, the link is too thin for the rung. */
const STEP_DOWN_BELOW = 2 / 3;
/** At or above this share, and with time to spare per frame, a rung up is tried. */
const STEP_UP_FROM = 0.95;
const STEP_UP_SEND_SHARE = 1 / 3;
/** Periods with fewer camera frames than this say too little to act on. */
const MIN_FRAMES = 4;

export class RungGovernor implements StepDown {
  /** Rungs below the one the viewer asked for. */
  steps = 0;
  /**
   * Frames the viewer's slot may have in flight: one, unless the link's round trip is longer than
   * the camera's frame interval, when one frame in flight would cap the rate at 1 / round trip
   * whatever the bandwidth (300 ms of round trip: 3.3 fps). Then as many as cover the round trip.
   */
  inFlight = 1;
  /** Why the last change happened, for the viewer's figures. */
  reason = '';
  private readonly o: RungGovernorOptions;
  private periodStart: number;
  private made = 0;
  private took = 0;
  private sendMs = 0;
  private changedAt = -Infinity;
  /** The quickest a frame was taken in this period: the round trip plus one small frame's transfer. */
  private minTakenMs = Infinity;

  constructor(options: Partial<RungGovernorOptions> = {}) {
    this.o = { ...DEFAULTS, ...options };
    this.periodStart = this.o.now();
  }

  /**
   * A frame was offered to the viewer's slot at its rung. Counted here, not when the camera made
   * it, so a resizer that fell behind (CPU) is not taken for a thin link.
   */
  frameOffered(): void {
    this.made++;
  }

  /** The camera made a frame: a period may have ended. `canStepDown`: a lower rung exists. True when the rung or the frames in flight changed. */
  tick(canStepDown: boolean): boolean {
    const now = this.o.now();
    const elapsed = now - this.periodStart;
    if (elapsed < this.o.periodMs) return false;
    const { made, took, sendMs, minTakenMs } = this;
    this.periodStart = now;
    this.made = this.took = this.sendMs = 0;
    this.minTakenMs = Infinity;
    if (made < MIN_FRAMES || now - this.changedAt < this.o.holdMs) return false;
    const share = took / made;
    const fps = (made * 1000) / elapsed;
    // First the frames in flight: a long link needs frames in flight, not smaller ones.
    const needed = Number.isFinite(minTakenMs) ? Math.max(1, Math.min(this.o.maxInFlight, Math.ceil((minTakenMs * fps) / 1000))) : 1;
    if (share < STEP_DOWN_BELOW && needed > this.inFlight) {
      this.inFlight = needed;
      this.reason = `a round trip of ${Math.round(minTakenMs)} ms: ${needed} frames in flight`;
    } else if (share < STEP_DOWN_BELOW && canStepDown) {
      this.steps++;
      this.reason = `the link carried ${((took * 1000) / elapsed).toFixed(1)} of ${fps.toFixed(1)} fps`;
    } else if (this.steps > 0 && share >= STEP_UP_FROM && sendMs / Math.max(took, 1) < (STEP_UP_SEND_SHARE * this.inFlight * 1000) / fps) {
      this.steps--;
      this.reason = 'the link has room for more';
    } else if (share >= STEP_UP_FROM && needed < this.inFlight) {
      // The round trip got shorter: fewer frames in flight are enough (less held per viewer).
      this.inFlight = needed;
      this.reason = `a round trip of ${Math.round(minTakenMs)} ms: ${needed} frame${needed === 1 ? '' : 's'} in flight`;
    } else return false;
    this.changedAt = now;
    return true;
  }

  /** A frame replaced before it went out is one the link did not take: the share measures it already. */
  skipped(): void {}

  /** The viewer's link took a frame of this camera, `ms` after it was sent. */
  frameTaken(ms: number): void {
    this.took++;
    this.sendMs += ms;
    if (ms < this.minTakenMs) this.minTakenMs = ms;
  }
}
