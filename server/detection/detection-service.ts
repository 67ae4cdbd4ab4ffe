/**
 * Object detection for this node's cameras (#39): a CameraDetection per camera that detects, fed by
 * the relay's local frames, one RelayDetector for all of them, the saved settings, and presence.
 * Transport-free: the module (index.ts) gives it the relay's frames and the recording manager's motion.
 */
import { availableParallelism } from 'node:os';
import { DETECT_DEFAULTS, type DetectSettings } from '../../common/detect/detect-settings.js';
import { validateDetectSettings } from '../../common/detect/detect-settings-check.js';
import type { EngineInfo } from '../../common/detect/engine.js';
import type { CamrelayError } from '../../shared/errors.js';
import type { DetectCapacity, LookRates } from '../../shared/detect-capacity.js';
import type { DetectionAnswer } from '../../shared/detection.js';
import type { LiveObjects } from '../../shared/live-objects.js';
import type { Result } from '../../shared/result.js';
import { fail, ok } from '../../shared/result.js';
import type { BetterSighting, ObjectSighting } from '../events/event-record.js';
import { detectCapacity } from './capacity.js';
import { CapacityLooks } from './capacity-looks.js';
import { CameraDetection, type DetectFrame, type LeftAlert, type LoiterAlert } from './camera-detection.js';
import { DetectionStore } from './detection-store.js';
import { Presence } from './presence.js';
import type { MotionBoxes } from '../recording/motion/camera-motion.js';
import type { Box } from '../../common/detect/boxes.js';
import { withNativeRuntimeHint } from '../../common/detect/engine.js';
import { RelayDetector, type LookHints, type RelayDetectorOptions } from './relay-detector.js';
import { RestingLooks } from './resting-looks.js';

/** Objects confirmed this long before their motion event starts still join it. */
const PENDING_MS = 5_000;

export interface DetectionServiceDeps {
  dataDir: string;
  /** Whether the camera detects motion (its recording settings), whether motion lasts now, and where it last saw change (regions, #57). */
  motion(camera: string): { detects: boolean; moving: boolean; boxes?: MotionBoxes | null };
  /** Confirmed objects for the camera's event under way; false when none is (yet): they are kept for the next start. */
  onObjects(camera: string, sighting: ObjectSighting): boolean;
  /** An object seen better than before (#57): the event log's `better`. */
  onBetter?(camera: string, sighting: BetterSighting): void;
  onError(camera: string | null, message: string): void;
  /**
   * Capture sides that detect themselves (#39): whether a camera's does, and asking it for verdicts at a rate (null: stop),
   * with `where` to look (#57 item 2), read by the demand on its tick.
   */
  cameraSide?: { offers(camera: string): boolean; ask(camera: string, rate: number | null, where?: () => LookHints | undefined): void };
  /** The live tiles' boxes (the relay's objects track): which cameras detect, and each look. */
  live?: { publishing(camera: string, on: boolean): void; look(look: LiveObjects): void };
  detector?: RelayDetectorOptions;
  now?: () => number;
}

export class DetectionService {
  readonly presence = new Presence();
  readonly store: DetectionStore;
  private readonly detector: RelayDetector;
  private readonly cameras = new Map<string, CameraDetection>();
  private readonly configured = new Set<(camera: string, settings: DetectSettings) => void>();
  private readonly loiterers = new Set<(camera: string, alert: LoiterAlert) => void>();
  private readonly leavers = new Set<(camera: string, alert: LeftAlert) => void>();
  /** What each camera detected by its capture side was last asked (a rate, or null). */
  private readonly asked = new Map<string, number | null>();
  /** Objects confirmed before their motion event opened (detection wakes on motion's first reading, the event on its second). */
  private readonly pending = new Map<string, ObjectSighting>();
  /** The newest frame of each detecting camera: the picture a capture side's verdicts are shown on. */
  private readonly newest = new Map<string, DetectFrame>();
  /** Stationary objects are cropped around once in a while, moving ones on every look. */
  private readonly resting = new RestingLooks();
  /** Each detecting camera's last minute of looks (capacity, #57 item 6). */
  private readonly looked: CapacityLooks;

  constructor(private readonly deps: DetectionServiceDeps) {
    this.looked = new CapacityLooks(deps.now);
    this.store = new DetectionStore(deps.dataDir, (line) => deps.onError(null, line));
    this.detector = new RelayDetector({ ...deps.detector, log: (line) => deps.onError(null, line) });
    for (const camera of this.store.enabled()) this.apply(camera, this.store.of(camera));
  }

  settings(camera: string): DetectSettings {
    return this.store.of(camera);
  }

  onConfigured(listener: (camera: string, settings: DetectSettings) => void): void {
    this.configured.add(listener);
  }

  /** An object stayed in one of a camera's zones past its loitering time ("Person in Driveway for 30 s"): once per stay. */
  onLoitering(listener: (camera: string, alert: LoiterAlert) => void): void {
    this.loiterers.add(listener);
  }

  /** A tracked object is gone ("Person left Driveway after 2 min"): once per object. */
  onLeaving(listener: (camera: string, alert: LeftAlert) => void): void {
    this.leavers.add(listener);
  }

  /**
   * An admin's change (keys left out keep theirs): checked, applied at once, saved. `proceed` is asked
   * after the check and before any await, so a revision check in it cannot race another save; null when it said no.
   */
  async change(camera: string, raw: unknown, proceed: () => boolean = () => true): Promise<Result<DetectSettings | null, CamrelayError>> {
    const checked = validateDetectSettings(raw, this.store.of(camera));
    if (!checked.ok) return fail(checked.error);
    if (!proceed()) return ok(null);
    await this.store.set(camera, checked.value);
    this.apply(camera, checked.value);
    for (const l of this.configured) l(camera, checked.value);
    return ok(checked.value);
  }

  /** A frame of a camera on this node: O(1) unless the camera detects and its turn has come. */
  offer(camera: string, frame: DetectFrame): void {
    const c = this.cameras.get(camera);
    if (!c) return;
    if (this.detectsItself(camera)) {
      this.newest.set(camera, frame);
      return this.ask(camera, c.wanted());
    }
    this.detector.ensure();
    // CameraDetection skips a turn at once when its previous look is still out: more looks out than workers means
    // they wait for one another, else the camera's own look is slower than its rate.
    const skipped = c.counts.skipped;
    c.offer(frame);
    if (c.counts.skipped > skipped) this.looked.turnSkipped(camera, this.detector.workers);
  }

  /**
   * A capture side's verdicts on one of its frames (already checked: unit-check.ts). Shown on the
   * relay's newest frame of the camera, the boxes in the verdict's own frame size (the same picture,
   * maybe sent smaller).
   */
  verdicts(camera: string, meta: { capturedAt: number; width: number; height: number; looked?: readonly Box[] }, detections: readonly unknown[]): void {
    const c = this.cameras.get(camera);
    const newest = this.newest.get(camera);
    if (!c || !newest) return;
    const detected = c.counts.detected;
    c.verdicts(detections, { jpeg: newest.jpeg, width: meta.width, height: meta.height, at: newest.at }, meta.looked);
    if (c.counts.detected > detected) this.looked.verdict(camera);
  }

  /** A motion event started on `camera`: objects confirmed just before it join it. */
  eventStarted(camera: string, at: number): void {
    const p = this.pending.get(camera);
    this.pending.delete(camera);
    if (p && at - p.at <= PENDING_MS) this.deps.onObjects(camera, p);
  }

  private objects(camera: string, sighting: ObjectSighting): void {
    if (this.deps.onObjects(camera, sighting)) return;
    const before = this.pending.get(camera);
    const fresh = before && sighting.at - before.at <= PENDING_MS;
    this.pending.set(camera, fresh ? { ...sighting, started: [...before.started, ...sighting.started] } : sighting);
  }

  /** Where to look in the camera's next frame: motion's last boxes and its objects' last boxes (resting ones now and then), in the same picture's pixels. */
  private hints(camera: string): LookHints | undefined {
    const motion = this.deps.motion(camera).boxes;
    if (!motion) return undefined;
    const objects = this.resting.boxes(camera, this.cameras.get(camera)?.objects ?? [], (this.deps.now ?? Date.now)());
    return { width: motion.width, height: motion.height, motion: motion.boxes, objects };
  }

  private detectsItself(camera: string): boolean {
    return this.deps.cameraSide?.offers(camera) ?? false;
  }

  private ask(camera: string, rate: number | null): void {
    if ((this.asked.get(camera) ?? null) === rate) return;
    this.asked.set(camera, rate);
    this.deps.cameraSide?.ask(camera, rate, rate === null ? undefined : () => this.hints(camera));
  }

  answer(camera: string): DetectionAnswer {
    const settings = this.store.of(camera);
    const c = this.cameras.get(camera);
    return {
      settings,
      status: {
        detector: this.detector.state,
        error: this.detector.error,
        engine: this.detector.engine?.engine ?? null,
        fallbackReason: withNativeRuntimeHint(this.detector.engine?.fallbackReason ?? null),
        where: this.detectsItself(camera) ? 'camera' : 'relay',
        motion: this.deps.motion(camera).detects,
        counts: c ? { ...c.counts } : { detected: 0, skipped: 0, failed: 0 },
        // The share of one core: looks per second times a look's cost (common/detect/engine-cost.ts).
        costPercent: Math.round((settings.rate * this.detector.msPerLook().ms) / 10),
        objects: this.presence.of(camera),
      },
    };
  }

  /** The camera's looks over the last minute, or null when it does not detect. */
  looks(camera: string): LookRates | null {
    return this.looked.of(camera);
  }

  /** What the relay's workers can do against what the cameras they detect for ask. */
  capacity(): DetectCapacity {
    const rates = [...this.cameras.keys()].filter((camera) => !this.detectsItself(camera)).map((camera) => this.store.of(camera).rate);
    const engine = this.detector.engine?.engine ?? null;
    const workers = this.detector.workers;
    const cost = this.detector.msPerLook();
    return detectCapacity({ workers, cores: availableParallelism(), cost, engine, rates, defaultRate: DETECT_DEFAULTS.rate, recent: this.looked.recent() });
  }

  /** Cameras detecting on this node, with their counts (metrics). */
  detecting(): Array<{ camera: string; counts: CameraDetection['counts'] }> {
    return [...this.cameras].map(([camera, c]) => ({ camera, counts: c.counts }));
  }

  get detectorState(): DetectionAnswer['status']['detector'] {
    return this.detector.state;
  }

  /** Worker threads the relay's detector runs (detectWorkers), and how many hold a look now (metrics). */
  get detectorWorkers(): { workers: number; busy: number } {
    return { workers: this.detector.workers, busy: this.detector.running };
  }

  /** The engine the relay's detector runs (metrics), null until it has started. */
  get detectorEngine(): EngineInfo | null {
    return this.detector.engine;
  }

  /**
   * The camera's capture side left (its last connection ended): what it followed is gone with it, so
   * presence and its sensors go to 0 now rather than when the next look comes, which may be never.
   */
  ended(camera: string): void {
    this.newest.delete(camera);
    this.pending.delete(camera);
    this.cameras.get(camera)?.reset();
  }

  /** The camera is gone: its detection stops and its settings are forgotten. */
  async forget(camera: string): Promise<void> {
    this.stop(camera);
    await this.store.forget(camera);
  }

  async close(): Promise<void> {
    for (const camera of [...this.cameras.keys()]) this.stop(camera);
    await this.detector.close();
    // A save whose caller went away (a page closed mid-request) still lands before the relay stops.
    await this.store.flush();
  }

  private apply(camera: string, settings: DetectSettings): void {
    if (!settings.enabled) return this.stop(camera);
    // Saved again while the model was missing: the admin may have fetched it since.
    this.detector.retry();
    const c = this.cameras.get(camera);
    if (c) return c.configure(settings);
    this.deps.live?.publishing(camera, true);
    this.looked.start(camera);
    this.cameras.set(
      camera,
      new CameraDetection(camera, settings, {
        offer: (jpeg) => {
          this.looked.offered(camera);
          return this.detector.offer(camera, jpeg, this.hints(camera)).then((outcome) => this.looked.settled(camera, outcome));
        },
        moving: () => this.deps.motion(camera).moving,
        onObjects: (sighting) => this.objects(camera, sighting),
        onBetter: (sighting) => this.deps.onBetter?.(camera, sighting),
        onTracked: (objects) => this.presence.set(camera, objects),
        onLoiter: (alert) => {
          for (const l of this.loiterers) l(camera, alert);
        },
        onLeft: (alert) => {
          for (const l of this.leavers) l(camera, alert);
        },
        onLook: (boxes, at) => this.deps.live?.look({ cameraId: camera, at, ...boxes }),
        onError: (message) => this.deps.onError(camera, message),
        now: this.deps.now,
      }),
    );
  }

  private stop(camera: string): void {
    if (!this.cameras.delete(camera)) return;
    this.looked.stop(camera);
    this.deps.live?.publishing(camera, false);
    this.detector.forget(camera);
    this.newest.delete(camera);
    this.pending.delete(camera);
    this.ask(camera, null);
    this.asked.delete(camera);
    this.presence.clear(camera);
    this.resting.forget(camera);
  }
}
