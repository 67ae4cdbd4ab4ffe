/**
 * N detection workers (detector.ts), each with its own model session on one intra-op thread
 * (engine-onnx.ts), behind one detect(): a look goes to the ready worker holding the fewest frames,
 * so a DetectQueue that lets N looks run at once keeps every worker busy. A worker that crashes
 * restarts on its own (Detector) while the others go on serving.
 */
import { availableParallelism } from 'node:os';
import type { CamrelayError } from '../../shared/errors.js';
import type { Box } from './boxes.js';
import { Detector, type DetectOutcome, type DetectorOptions, type DetectorStatus, type StartedInfo } from './detector.js';
import type { EngineInfo } from './engine.js';

export interface DetectorPoolOptions extends DetectorOptions {
  /** Worker threads, each a model (~100 MB on onnxruntime) and up to one core: 1 to the machine's cores (default 1). */
  workers?: number;
}

/** Why `workers` cannot be a pool's size on a machine with `cores` cores, or null when it can. */
export function badWorkerCount(workers: unknown, cores = availableParallelism()): string | null {
  if (typeof workers === 'number' && Number.isInteger(workers) && workers >= 1 && workers <= cores) return null;
  return `The number of detection workers must be a whole number from 1 to ${cores} (this machine's cores), not ${String(workers)}.`;
}

/** The pool's state: ready while any worker is, else the most hopeful of theirs. */
const HOPE: readonly DetectorStatus[] = ['ready', 'starting', 'restarting', 'failed', 'closed'];

export class DetectorPool {
  readonly workers: readonly Detector[];

  constructor(options: DetectorPoolOptions = {}) {
    const { workers = 1, ...one } = options;
    const bad = badWorkerCount(workers);
    if (bad) throw new TypeError(bad);
    this.workers = Array.from({ length: workers }, () => new Detector(one));
  }

  get size(): number {
    return this.workers.length;
  }

  get status(): DetectorStatus {
    return HOPE.find((s) => this.workers.some((w) => w.status === s)) ?? 'closed';
  }

  /** Times any worker stopped unasked. */
  get crashes(): number {
    return this.workers.reduce((sum, w) => sum + w.crashes, 0);
  }

  /** What keeps a worker from working now, if anything does. */
  get lastError(): CamrelayError | null {
    return this.workers.find((w) => w.status !== 'ready' && w.lastError)?.lastError ?? null;
  }

  /** The engine the workers run (they all pick the same), once one has started. */
  get engine(): EngineInfo | null {
    return this.workers.find((w) => w.engine)?.engine ?? null;
  }

  /** Starts every worker; resolves with the first one's info once all have their model, rejects with the first failure. */
  async start(): Promise<StartedInfo> {
    const started = await Promise.all(this.workers.map((w) => w.start()));
    return started[0]!;
  }

  /** One look, on the ready worker holding the fewest frames (or, none ready, on one that will be). */
  detect(jpeg: Uint8Array, regions?: readonly Box[]): Promise<DetectOutcome> {
    const least = (status: DetectorStatus[]) =>
      this.workers.filter((w) => status.includes(w.status)).reduce<Detector | null>((a, w) => (a && a.held <= w.held ? a : w), null);
    const worker = least(['ready']) ?? least(['starting', 'restarting']) ?? this.workers[0]!;
    return worker.detect(jpeg, regions);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
  }

  /** Makes worker `index` throw as a bug would (tests). */
  crashForTest(index = 0): void {
    this.workers[index]?.crashForTest();
  }
}
