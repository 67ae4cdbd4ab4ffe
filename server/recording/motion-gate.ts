/**
 * A motion-mode recorder's gate: frames wait in the pre-roll until the detector says motion started,
 * then go to the write queue with the pre-roll before them, until the post-roll after its end runs
 * out. Its own file because it is the one part of a camera's recorder that knows motion: the
 * recorder's queue, pump and writer treat every mode alike. In the other modes every frame passes.
 */
import type { EndReason } from './segment-files.js';
import type { PreRoll } from './pre-roll.js';
import type { MotionSignal, Queued } from './recorder-types.js';
import type { CameraRecording } from './settings.js';

export interface MotionGateOutput {
  /** A frame to record: queued for the writer. */
  enqueue(item: Queued): void;
  /** Motion ended (its post-roll ran out): the segment closes after what is queued. */
  close(reason: Extract<EndReason, 'no-motion'>): void;
}

export class MotionGate {
  private active = false;
  private postRollUntil: number | null = null;

  constructor(
    readonly preRoll: PreRoll,
    private readonly settings: () => CameraRecording,
    private readonly out: MotionGateOutput,
  ) {}

  /** One frame kept under the fps cap: recorded, or held in the pre-roll while there is no motion. */
  pass(item: Queued): void {
    const s = this.settings();
    if (s.mode !== 'motion') return this.out.enqueue(item);
    // Motion is confirmed a detection after it started, and the pre-roll counts from its start:
    // keep one detection interval more (and a little for late frames) than the pre-roll.
    const keepMs = s.preRollSeconds * 1000 + 1000 / s.motion.fps + 250;
    if (!this.active) return this.preRoll.push(item, keepMs);
    if (this.postRollUntil !== null && item.at > this.postRollUntil) {
      this.end();
      return this.preRoll.push(item, keepMs);
    }
    this.out.enqueue(item);
  }

  /** The detector saw motion start or end; ignored in the other modes. */
  motion(signal: MotionSignal): void {
    const s = this.settings();
    if (s.mode !== 'motion') return;
    if (signal.type === 'start') {
      this.postRollUntil = null;
      if (this.active) return;
      this.active = true;
      for (const item of this.preRoll.take(signal.at - s.preRollSeconds * 1000)) this.out.enqueue(item);
    } else if (this.active) {
      this.postRollUntil = signal.at + s.postRollSeconds * 1000;
    }
  }

  /** Ends motion whose post-roll ran out `silenceMs` ago with no frame to end it (the camera went quiet). */
  tick(now: number, silenceMs: number): void {
    if (this.settings().mode === 'motion' && this.postRollUntil !== null && now > this.postRollUntil + silenceMs) this.end();
  }

  /** Back to no motion and an empty pre-roll (the mode or format changed). */
  reset(): void {
    this.preRoll.clear();
    this.active = false;
    this.postRollUntil = null;
  }

  private end(): void {
    this.active = false;
    this.postRollUntil = null;
    this.out.close('no-motion');
  }
}
