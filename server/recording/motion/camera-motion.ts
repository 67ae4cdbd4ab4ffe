/**
 * One camera's motion detection, fed from the relay's frame hook: at most `motion.fps` detections
 * a second by the frames' own times, one at a time. A frame due while a detection still runs is
 * skipped and counted, never queued, so a slow decode costs detections, never live frames.
 */
import type { Box } from '../../../common/detect/boxes.js';
import type { Frame } from '../../relay/frame.js';
import { FrameTiming } from '../frame-timing.js';
import type { MotionSignal, Sighting } from '../../events/event-record.js';
import type { MotionSettings } from '../settings.js';
import { greyPicture, type GreyPicture } from './grey-picture.js';
import { scaleBoxes } from './motion-boxes.js';
import { MotionDetector, type MotionReading } from './motion-detector.js';

/** A detection's picture: the frame it was made from, for an event's snapshot. */
export type { Sighting };

export interface CameraMotionDeps {
  /** Every detection (the event log follows the peak with it), with the signal it gave, if any. */
  onReading(reading: MotionReading, sighting: Sighting): void;
  /** Motion started (with the best picture of the detections that confirmed it) or ended (no picture). */
  onSignal(signal: MotionSignal, best: Sighting | null): void;
  onError(message: string): void;
  /** The camera side's newest small picture of this camera (a rung, #28), or null: decoded instead of the full frame. */
  smaller?: () => Frame | null;
  /** Tests: a decoder of their own. */
  decode?: (jpeg: Buffer, width: number, height: number) => Promise<GreyPicture>;
}

/** Where the last detection saw change, in the pixels of the frame it was made for (its sender's size). */
export interface MotionBoxes {
  at: number;
  width: number;
  height: number;
  /** [x, y, w, h], largest change first; none when nothing changed or the light did. */
  boxes: Box[];
}

/** A small picture older than the frame due by more than this is stale: the full frame is decoded instead. */
const SMALL_LAG_MS = 500;

export class CameraMotion {
  readonly counts = { detections: 0, busy: 0, errors: 0 };
  /** The last detection's score, or null before the first. */
  score: number | null = null;
  /** The last detection's boxes, or null before the first. */
  boxes: MotionBoxes | null = null;
  private readonly detector: MotionDetector;
  private timing = new FrameTiming();
  /** The capture session (`meta.epoch`) of the last frame offered; null before the first. */
  private epoch: number | null = null;
  private nextAt = -Infinity;
  private running: Promise<void> | null = null;
  private runBest: Sighting | null = null;
  private lastReceivedAt = 0;
  private lastAt = 0;

  constructor(
    readonly camera: string,
    private settings: MotionSettings,
    private readonly deps: CameraMotionDeps,
  ) {
    this.detector = new MotionDetector(settings);
  }

  get moving(): boolean {
    return this.detector.moving;
  }

  get stirring(): boolean {
    return this.detector.stirring;
  }

  configure(settings: MotionSettings): void {
    this.settings = settings;
    this.detector.configure(settings);
  }

  /** A frame from the relay: O(1) unless a detection is due and none is running. */
  offer(frame: Frame): void {
    this.lastReceivedAt = frame.receivedAt;
    if (frame.meta.epoch !== this.epoch) {
      // A new capture session (a reconnect, a restart, another program taking the camera) is not motion:
      // its first picture is the background (exposure and position may differ), its stamps a clock of their own (#37 item 8).
      if (this.epoch !== null) {
        this.detector.reset();
        this.timing = new FrameTiming();
      }
      this.epoch = frame.meta.epoch;
    }
    const at = this.timing.timeOf(frame);
    const interval = 1000 / this.settings.fps;
    // A quarter interval of slack: a frame a little early for its turn still takes it (camera jitter).
    if (at < this.nextAt - interval / 4) return;
    this.nextAt = at - this.nextAt < interval ? this.nextAt + interval : at + interval;
    if (this.running) {
      this.counts.busy++;
      return;
    }
    this.lastAt = at;
    this.running = this.detect(frame, at).finally(() => (this.running = null));
  }

  /** Resolves when no detection is running (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Called every second with the server's clock: motion ends when the camera has gone silent. */
  tick(now: number, silenceMs: number): void {
    if (!this.running && now - this.lastReceivedAt > silenceMs) this.end(this.lastAt + (now - this.lastReceivedAt));
  }

  /** Ends motion now (the camera stops detecting or the relay stops). */
  stop(): void {
    this.end(Infinity);
  }

  private end(at: number): void {
    const signal = this.detector.quiet(at);
    if (signal) this.deps.onSignal(signal, null);
  }

  private async detect(frame: Frame, at: number): Promise<void> {
    let picture: GreyPicture;
    // The compared grid is 160 px wide: a 320 px picture from the camera side decodes for a fraction of a full frame.
    const small = this.deps.smaller?.() ?? null;
    const from = small && small.capturedAt >= frame.capturedAt - SMALL_LAG_MS ? small : frame;
    try {
      picture = await (this.deps.decode ?? greyPicture)(from.jpeg, from.meta.width, from.meta.height);
    } catch (err) {
      this.counts.errors++;
      this.deps.onError(`motion detection could not decode a frame: ${(err as Error).message}`);
      return;
    }
    const reading = this.detector.detect(picture.data, picture.width, picture.height, at);
    this.counts.detections++;
    this.score = reading.score;
    const size = { width: frame.meta.width, height: frame.meta.height };
    this.boxes = { at, ...size, boxes: scaleBoxes(reading.boxes, picture, size) };
    const sighting: Sighting = { at, score: reading.score, jpeg: frame.jpeg };
    // The best picture of the detections that confirm motion is the event's first snapshot.
    if (!reading.moving) this.runBest = null;
    else if (!this.runBest || reading.score > this.runBest.score) this.runBest = sighting;
    if (reading.signal?.type === 'start') this.deps.onSignal(reading.signal, this.runBest);
    else if (reading.signal) this.deps.onSignal(reading.signal, null);
    if (reading.active) this.runBest = null;
    this.deps.onReading(reading, sighting);
  }
}
