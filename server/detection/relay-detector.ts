/**
 * The relay's detector (a pool of NanoDet workers, common/detect/detector-pool.ts; one by default)
 * behind one queue for all its cameras, which gives each worker a camera's look at a time: started
 * the first time a camera needs it, not before (a relay that detects nothing pays nothing, not even
 * a worker's ~250 MB). A model that is missing or corrupt leaves it `failed` with
 * the error the Admin shows; a change of settings tries again (the admin fetched the model meanwhile).
 * A frame offered with where it moved (motion's boxes) and where its objects are is looked at in
 * regions around them (common/detect/regions.ts, #57), else whole.
 */
import type { Box } from '../../common/detect/boxes.js';
import { DetectQueue, type QueueOutcome } from '../../common/detect/detect-queue.js';
import { badWorkerCount, DetectorPool, type DetectorPoolOptions } from '../../common/detect/detector-pool.js';
import type { StartedInfo } from '../../common/detect/detector.js';
import { EngineCost, type LookCost } from '../../common/detect/engine-cost.js';
import type { EngineInfo } from '../../common/detect/engine.js';
import { CamrelayError } from '../../shared/errors.js';
import type { DetectionStatus, DetectorState } from '../../shared/detection.js';
import { regionsForHints, type LookHints, type RegionOptions } from '../../common/detect/regions.js';

export type { LookHints };

export type RelayDetectorOptions = DetectorPoolOptions & {
  onStarted?(info: StartedInfo): void;
  /** How regions are picked (default: the model's 416 px, at most 4 a look); `false` looks at every frame whole. */
  regions?: Partial<RegionOptions> | false;
};

/** The regions to look at for `hints`, or undefined for the whole picture (no hints, nothing in them, or regions turned off). */
export function regionsFor(hints: LookHints | undefined, options: Partial<RegionOptions> | false = {}): Box[] | undefined {
  return options === false ? undefined : regionsForHints(hints, hints, options);
}

export class RelayDetector {
  private detector: DetectorPool | null = null;
  private queue: DetectQueue | null = null;
  private startError: CamrelayError | null = null;
  private closed = false;
  private readonly cost = new EngineCost();

  constructor(private readonly options: RelayDetectorOptions = {}) {
    // Checked here, at start, not when the first camera wakes the pool.
    const bad = badWorkerCount(options.workers ?? 1);
    if (bad) throw new TypeError(bad);
  }

  /** Cameras with a look in the workers now: up to `workers`. */
  get running(): number {
    return this.queue?.running ?? 0;
  }

  /** Worker threads the pool runs (the setting detectWorkers). */
  get workers(): number {
    return this.options.workers ?? 1;
  }

  get state(): DetectorState {
    if (!this.detector) return 'off';
    if (this.startError) return 'failed';
    return this.detector.status === 'closed' ? 'off' : this.detector.status;
  }

  /** The engine the worker runs and why it fell back, once it has started. */
  get engine(): EngineInfo | null {
    return this.startError ? null : (this.detector?.engine ?? null);
  }

  /** One look's cost on the engine that runs, tfjs-wasm's (the higher) before the worker has started. */
  msPerLook(): LookCost {
    return this.cost.msPerLook(this.engine?.engine ?? 'tfjs-wasm');
  }

  get error(): DetectionStatus['error'] {
    const e = this.startError ?? this.detector?.lastError ?? null;
    return e && this.state !== 'ready' ? { code: e.code, message: e.message } : null;
  }

  /** Starts the workers the first time a camera needs them; after that, only `retry` starts them again. */
  ensure(): void {
    if (!this.detector) this.start();
  }

  /** Starts the worker again if it failed (settings saved again: the admin may have fetched the model since). */
  retry(): void {
    if (this.detector && this.state === 'failed') this.start();
  }

  private start(): void {
    if (this.closed) return;
    this.queue?.close();
    // A failed worker has ended already; closing it only settles its state.
    this.detector?.close().catch(() => {});
    const detector = new DetectorPool(this.options);
    this.detector = detector;
    this.startError = null;
    this.queue = new DetectQueue(async (jpeg, regions) => {
      // A look's cost is all its regions' (up to 4 inferences): what the Admin's cost line multiplies by the rate.
      const outcome = await detector.detect(jpeg, regions);
      if (detector.engine) this.cost.record(detector.engine.engine, outcome.timings);
      return outcome;
    }, detector.size);
    detector.start().then(
      (info) => this.options.onStarted?.(info),
      (err: unknown) => {
        if (this.detector !== detector) return;
        this.startError = err instanceof CamrelayError ? err : new CamrelayError('DETECT_FAILED', String(err));
        this.options.log?.(`object detection is off: ${this.startError.message}`);
      },
    );
  }

  /** One camera's frame, looked at in regions around `hints` if any; settles as failed at once when the detector cannot run. */
  offer(camera: string, jpeg: Buffer, hints?: LookHints): Promise<QueueOutcome> {
    if (!this.queue || this.state === 'failed' || this.state === 'off') {
      const error = this.startError ?? this.detector?.lastError ?? new CamrelayError('DETECT_FAILED', 'The detector is not running.');
      return Promise.resolve({ kind: 'failed', cameraId: camera, error });
    }
    return this.queue.offer(camera, jpeg, regionsFor(hints, this.options.regions));
  }

  forget(camera: string): void {
    this.queue?.forget(camera);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.queue?.close();
    await this.detector?.close();
  }
}
