/**
 * Motion detection for this node's cameras: a CameraMotion for each camera whose settings detect
 * (`motion` mode, or `continuous` with `motion.enabled`), fed by the recording manager's frame
 * hook. Signals go to the event log (every mode) and to the manager (the recorder's pre- and post-roll).
 */
import type { MotionStatus } from '../../../shared/recording-status.js';
import type { Frame } from '../../relay/frame.js';
import type { EventLog } from '../../events/event-log.js';
import type { MotionSignal } from '../recorder-types.js';
import type { CameraRecording } from '../settings.js';
import { CameraMotion, type CameraMotionDeps, type MotionBoxes } from './camera-motion.js';

/** True when a camera with these settings detects motion. */
export const detects = (s: CameraRecording): boolean => s.mode === 'motion' || (s.mode === 'continuous' && s.motion.enabled);

export interface MotionDetectionDeps {
  events: EventLog;
  /** Motion started or ended on a camera (after the event log heard it). */
  onSignal(camera: string, signal: MotionSignal): void;
  onError(camera: string, message: string): void;
  decode?: CameraMotionDeps['decode'];
  /** The camera side's newest small picture of a camera (the relay's CameraSide#smallestRung), if any. */
  smaller?: (camera: string) => Frame | null;
  /** Asks the capture client for a picture `width` wide while the camera detects, null once it stops (Demand#read). */
  wantsSmall?: (camera: string, width: number | null) => void;
}

/** The width asked of the camera side for detection: the smallest rung, twice the compared grid (GRID_WIDTH). */
export const MOTION_WIDTH = 320;

export type { MotionStatus };

export class MotionDetection {
  private readonly cameras = new Map<string, CameraMotion>();

  constructor(private readonly deps: MotionDetectionDeps) {}

  /** A frame of a camera with a recorder, with its settings: O(1) unless a detection is due. */
  offer(frame: Frame, settings: CameraRecording): void {
    let m = this.cameras.get(frame.cameraId);
    if (!m) {
      if (!detects(settings)) return;
      m = this.create(frame.cameraId, settings);
    }
    m.offer(frame);
  }

  /** New settings: detection stops (ending an event under way) or follows the new ones. */
  configure(camera: string, settings: CameraRecording): void {
    const m = this.cameras.get(camera);
    if (!m) return;
    if (detects(settings)) return m.configure(settings.motion);
    m.stop();
    this.cameras.delete(camera);
    this.deps.wantsSmall?.(camera, null);
  }

  tick(now: number, silenceMs: number): void {
    for (const m of this.cameras.values()) m.tick(now, silenceMs);
  }

  status(camera: string): MotionStatus | null {
    const m = this.cameras.get(camera);
    return m ? { ...m.counts, score: m.score, moving: m.moving } : null;
  }

  /** Motion under way on `camera`, or its first reading over the threshold: object detection wakes on it. */
  stirring(camera: string): boolean {
    return this.cameras.get(camera)?.stirring ?? false;
  }

  /** Where `camera`'s last detection saw change (object detection crops regions around it), or null. */
  boxes(camera: string): MotionBoxes | null {
    return this.cameras.get(camera)?.boxes ?? null;
  }

  detecting(): string[] {
    return [...this.cameras.keys()];
  }

  /** Resolves when no detection runs (tests). */
  async idle(): Promise<void> {
    await Promise.all([...this.cameras.values()].map((m) => m.idle()));
  }

  /** Waits for running detections, then ends motion on every camera. */
  async close(): Promise<void> {
    await this.idle();
    for (const m of this.cameras.values()) {
      m.stop();
      this.deps.wantsSmall?.(m.camera, null);
    }
    this.cameras.clear();
  }

  private create(camera: string, settings: CameraRecording): CameraMotion {
    const { events } = this.deps;
    const m = new CameraMotion(camera, settings.motion, {
      onSignal: (signal, best) => {
        events.signal(camera, signal, best);
        this.deps.onSignal(camera, signal);
      },
      onReading: (reading, sighting) => events.reading(camera, reading.moving, sighting),
      onError: (message) => this.deps.onError(camera, message),
      decode: this.deps.decode,
      smaller: this.deps.smaller && (() => this.deps.smaller!(camera)),
    });
    this.cameras.set(camera, m);
    this.deps.wantsSmall?.(camera, MOTION_WIDTH);
    return m;
  }
}
