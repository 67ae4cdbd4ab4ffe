/**
 * One camera's object detection on the relay (#39): while motion lasts, and while the tracker still
 * follows a new or moving object (it must look to see it leave or stand still), its newest frame is
 * offered to the detector's queue at most `rate` times a second. The boxes that count go through
 * the camera's tracker; confirmed objects join the event under way and tell presence. An object
 * staying in a zone past its loitering time is its own alert, timed between looks too, and so is
 * an object's leaving ("Person left Driveway after 2 min", #57).
 */
import type { Box } from '../../common/detect/boxes.js';
import { countDetections } from '../../common/detect/detect-filter.js';
import type { DetectSettings } from '../../common/detect/detect-settings.js';
import type { QueueOutcome } from '../../common/detect/detect-queue.js';
import type { Detection } from '../../common/detect/nanodet-decode.js';
import { leftSummary, loiterSummary } from '../../common/detect/event-summary.js';
import { ObjectTracker, type TrackedObject, type TrackerOptions, type TrackerRun } from '../../common/detect/object-tracker.js';
import type { EventObject, SnapshotBoxes } from '../../shared/events.js';
import type { BetterSighting, LeftAlert, LoiterAlert, ObjectSighting } from '../events/event-record.js';

export type { LeftAlert, LoiterAlert } from '../events/event-record.js';

/** A frame as detection needs it. */
export interface DetectFrame {
  jpeg: Buffer;
  width: number;
  height: number;
  /** Server clock, ms. */
  at: number;
}

export interface CameraDetectionDeps {
  /** Offers a JPEG to the detector's queue (DetectQueue#offer): never rejects. */
  offer(jpeg: Buffer): Promise<QueueOutcome>;
  /** Whether motion lasts on this camera now. */
  moving(): boolean;
  /** Confirmed objects, with their frame: the event log's `objects` (false when no event is under way). */
  onObjects(sighting: ObjectSighting): void;
  /** The camera's tracked objects after a run (presence). */
  onTracked(objects: TrackedObject[]): void;
  /** An object stayed in a zone past its loitering time. */
  onLoiter?(alert: LoiterAlert): void;
  /** A counted object seen with a higher score than ever: this frame is its best picture. */
  onBetter?(sighting: BetterSighting): void;
  /** A counted object is gone: a look covered where it was and missed it for the tracker's end time. */
  onLeft?(alert: LeftAlert): void;
  /** Every look, with what it counted (none too): the live tiles' boxes. */
  onLook?(look: SnapshotBoxes, at: number): void;
  onError(message: string): void;
  now?: () => number;
}

export const eventObject = (o: TrackedObject, at: number): EventObject => ({
  label: o.label,
  tracked: o.tracked,
  score: Math.round(o.score * 1000) / 1000,
  box: o.box.map((v) => Math.round(v)) as EventObject['box'],
  zones: [...o.zones],
  at,
  id: o.id,
  ...(o.starts > 1 ? { again: true } : {}),
});

export class CameraDetection {
  /** Turns detected, skipped (the detector still had this camera's last frame, or a newer frame took it in the queue) and failed. */
  readonly counts = { detected: 0, skipped: 0, failed: 0 };
  private tracker: ObjectTracker;
  /** When the camera's last turn came (a run, or one skipped while the detector was busy). */
  private lastTurn = -Infinity;
  private inFlight = false;
  private lastError: string | null = null;
  /** Each counted object's best score told so far, by id. */
  private readonly best = new Map<number, number>();

  constructor(
    readonly camera: string,
    private settings: DetectSettings,
    private readonly deps: CameraDetectionDeps,
  ) {
    this.tracker = this.newTracker();
  }

  /** The tracker on the injected clock, if any (an explicit `now: undefined` would override its default). */
  private newTracker(): ObjectTracker {
    return new ObjectTracker({ ...(this.deps.now ? { now: this.deps.now } : {}), ...timing(this.settings) });
  }

  get objects(): TrackedObject[] {
    return this.tracker.objects;
  }

  configure(settings: DetectSettings): void {
    const labelsChanged = settings.labels.join() !== this.settings.labels.join() || shapes(settings) !== shapes(this.settings);
    this.settings = settings;
    // Objects followed under other labels or zones are not the same news: start again; new times apply to the objects followed.
    if (labelsChanged) this.reset();
    else this.tracker.retime(timing(settings));
  }

  /** Forgets every object (detection off, a new capture session). */
  reset(): void {
    this.tracker = this.newTracker();
    this.best.clear();
    this.deps.onTracked([]);
  }

  /** The rate to ask of a capture side that detects, as `offer` would run the relay's detector now; null: none. */
  wanted(): number | null {
    return this.settings.enabled && (this.deps.moving() || this.tracker.needsLook) ? this.settings.rate : null;
  }

  /** A frame of the camera: offered to the detector when motion lasts (or an object needs a look) and its turn has come. */
  offer(frame: DetectFrame): void {
    if (!this.settings.enabled) return;
    if (!this.deps.moving() && !this.tracker.needsLook) return this.timeStays(frame.at);
    // A sighting waiting for its confirmation is looked at again in half the time: a person is news sooner.
    const interval = 1000 / this.settings.rate / (this.tracker.confirming ? 2 : 1);
    if (frame.at < this.lastTurn + interval) return;
    this.lastTurn = frame.at;
    // Its turn came while the detector still has its last frame: the detector cannot keep up with this rate.
    if (this.inFlight) return void this.counts.skipped++;
    this.inFlight = true;
    void this.deps
      .offer(frame.jpeg)
      .then((outcome) => this.settle(outcome, frame))
      .catch((err: Error) => this.deps.onError(`object detection failed: ${err.message}`))
      .finally(() => (this.inFlight = false));
  }

  /** A capture side's verdicts on one of its frames (it ran the detector where the pixels are), looked at `looked` regions when it says so. */
  verdicts(detections: readonly unknown[], frame: DetectFrame, looked?: readonly Box[]): void {
    if (!this.settings.enabled) return;
    this.counts.detected++;
    this.track(detections, frame, looked);
  }

  private settle(outcome: QueueOutcome, frame: DetectFrame): void {
    if (outcome.kind === 'skipped') return void this.counts.skipped++;
    if (outcome.kind === 'failed') {
      this.counts.failed++;
      // One line per distinct cause, not one per frame.
      if (outcome.error.message !== this.lastError) this.deps.onError(`object detection failed: ${outcome.error.message}`);
      this.lastError = outcome.error.message;
      return;
    }
    this.counts.detected++;
    this.lastError = null;
    this.track(outcome.detections, frame, outcome.looked);
  }

  /** `looked`: the regions a relay look cropped to; objects outside them are not missed by it. */
  private track(raw: readonly unknown[] | readonly Detection[], frame: DetectFrame, looked?: readonly Box[]): void {
    const counted = countDetections(raw, this.settings, frame);
    const run = this.tracker.update(counted, looked);
    this.deps.onTracked(this.tracker.objects);
    const boxes: SnapshotBoxes = {
      width: frame.width,
      height: frame.height,
      boxes: counted.map((d) => ({ label: d.label, score: Math.round(d.score * 1000) / 1000, box: d.box.map((v) => Math.round(v)) as EventObject['box'] })),
    };
    this.deps.onLook?.(boxes, frame.at);
    this.loitering(run, frame.at);
    this.leaving(run);
    this.bettered(run, frame, boxes);
    if (run.started.length === 0) return;
    this.deps.onObjects({ started: run.started.map((o) => eventObject(o, frame.at)), at: frame.at, jpeg: frame.jpeg, boxes });
  }

  /** No look is due (no motion, only stationary objects): a stay in a zone is still timed, a person standing still in the driveway being the case. */
  private timeStays(at: number): void {
    if (this.tracker.timingStays) this.loitering(this.tracker.tick(), at);
  }

  private loitering(run: TrackerRun, at: number): void {
    for (const { object, zone, forMs } of run.loitering) {
      const alert = { object: { ...eventObject(object, at), id: object.id }, zone, forMs, text: loiterSummary(object.label, zone, forMs), at };
      this.deps.onLoiter?.(alert);
    }
  }

  /** An object's best score rose in this look: its detection now is its best, and this frame its best picture. */
  private bettered(run: TrackerRun, frame: DetectFrame, boxes: SnapshotBoxes): void {
    for (const o of run.started) this.best.set(o.id, Math.max(o.score, this.best.get(o.id) ?? 0));
    for (const o of run.updated) {
      const before = this.best.get(o.id);
      if (before !== undefined && o.score <= before) continue;
      this.best.set(o.id, o.score);
      if (before !== undefined) this.deps.onBetter?.({ object: { ...eventObject(o, o.since), id: o.id }, at: frame.at, jpeg: frame.jpeg, boxes });
    }
  }

  private leaving(run: TrackerRun): void {
    for (const object of run.ended) {
      this.best.delete(object.id);
      const zone = object.zonesNow.at(-1) ?? object.zones.at(-1) ?? null;
      const forMs = object.lastSeen - object.firstSeen;
      const text = leftSummary(object.label, zone ?? this.camera, forMs);
      this.deps.onLeft?.({ object: { ...eventObject(object, object.since), id: object.id }, zone, forMs, text, at: object.lastSeen });
    }
  }
}

/** The tracker's times from a camera's settings. */
function timing(s: DetectSettings): Pick<TrackerOptions, 'stationaryAfterMs' | 'loiterMs'> {
  const loiterMs = new Map(s.zones.flatMap((z) => (z.loiterSeconds === undefined ? [] : [[z.name, z.loiterSeconds * 1000] as const])));
  return { stationaryAfterMs: s.stationarySeconds * 1000, loiterMs };
}

/** The zones' names and outlines: what an object is "in" (a new loitering time is not a new zone). */
const shapes = (s: DetectSettings) => JSON.stringify(s.zones.map((z) => [z.name, z.points]));
