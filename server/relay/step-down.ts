/**
 * The automatic step-down of one viewer's stream of one camera (#38): what its lane saw goes in (a unit offered,
 * taken, skipped), and at each point where the rendition may change the viewer's transport asks whether it did.
 * Two sit behind it: the JPEG rung governor (rung-governor.ts: it measures the share of frames the link took and
 * how fast) and the live H.264 step-down (h264-step-down.ts: its lane's skipped GOPs, and a quiet spell to step up).
 */
export interface StepDown {
  /** Rungs below the one the viewer asked for. */
  readonly steps: number;
  /** Units the viewer's lane may have in flight, as this step-down sets it (the `rendition` notice's `window`). */
  readonly inFlight: number;
  /** Why the last change happened, for the viewer's `rendition` notice. */
  readonly reason: string;
  /** A unit was offered to the viewer's lane at its rung: the rate the link is measured against. */
  frameOffered(): void;
  /** The viewer's link took a unit, `ms` after its lane sent it. */
  frameTaken(ms: number): void;
  /** The viewer's lane dropped what waited and went on from a newer start point: the link fell behind. */
  skipped(): void;
  /**
   * A point where the rendition may change (the camera made a frame; a skip; a keyframe went out). True when
   * `steps` or `inFlight` changed. `canStepDown`: a lower rung exists.
   */
  tick(canStepDown: boolean): boolean;
}
