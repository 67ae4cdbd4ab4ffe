/**
 * The owner of one detection worker thread (one NanoDet model): sends it one JPEG at a time, and
 * survives it. A worker that crashes fails the frames it held with DETECT_FAILED, is said once on the
 * log and started again after a backoff; a missing or corrupt model is reported and not retried,
 * since a restart cannot mend it. The process goes on either way (motion-only events keep working).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CamrelayError, type ErrorCodeName } from '../../shared/errors.js';
import type { EngineInfo, EngineName } from './engine.js';
import { defaultModelDir } from './model-files.js';
import type { DecodeOptions, Detection } from './nanodet-decode.js';
import type { Box } from './boxes.js';
import { workerEntry } from '../worker-entry.js';
import { MAX_LOOK_REGIONS, type DetectTimings, type FromWorker, type ToWorker, type WorkerInit } from './worker-messages.js';

export interface DetectorOptions {
  modelDir?: string;
  /** The worker's script, for a bundled program that ships it as a file of its own (default: detect-worker beside this file). */
  workerFile?: URL;
  /** tfjs-backend-wasm's .wasm folder, ending in a path separator (default: the installed package's dist/). */
  wasmDir?: string;
  decode?: Partial<DecodeOptions>;
  /** Where the detector says a crash or a failed start (one line each). */
  log?: (line: string) => void;
  /** The first wait before a crashed worker is started again; it doubles per crash in a row, to 60 s. */
  restartDelayMs?: number;
  /** Where the worker imports onnxruntime-node from (default the package): a bundled program names its copy. */
  onnxRuntimeModule?: string;
  /** 'tfjs-wasm' runs it without trying onnxruntime (the bench's row beside it); default onnxruntime first. */
  engine?: EngineName;
}

/** What start() resolves with once the worker has its model loaded and warmed. */
export interface StartedInfo extends EngineInfo {
  simd: boolean;
  loadMs: number;
}

export interface DetectOutcome {
  detections: Detection[];
  timings: DetectTimings;
}

export type DetectorStatus = 'starting' | 'ready' | 'restarting' | 'failed' | 'closed';

interface Pending {
  id: number;
  jpeg: Uint8Array;
  regions: Box[] | undefined;
  resolve: (outcome: DetectOutcome) => void;
  reject: (error: CamrelayError) => void;
}

/** Model faults a restart cannot mend. */
const PERMANENT: readonly ErrorCodeName[] = ['DETECT_MODEL_MISSING', 'DETECT_MODEL_CORRUPT'];
const MAX_RESTART_DELAY_MS = 60_000;
/** How long close() waits for the worker to finish its frame and end before terminating it. */
const CLOSE_GRACE_MS = 10_000;
/** Frames that may wait behind the one in the worker; a DetectQueue in front keeps it at one per camera. */
const MAX_WAITING = 16;
const here = import.meta.url;

/** Why `regions` cannot be looked at, or null when they can (none is the whole picture). */
function badRegions(regions: readonly Box[] | undefined): string | null {
  if (regions === undefined) return null;
  if (!Array.isArray(regions) || regions.length > MAX_LOOK_REGIONS) return `A look takes at most ${MAX_LOOK_REGIONS} regions.`;
  for (const r of regions) {
    if (!Array.isArray(r) || r.length !== 4 || !r.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      return `A region must be [x, y, width, height] of finite numbers, not ${JSON.stringify(r)}.`;
    }
    if (r[2] < 1 || r[3] < 1) return `A region must be at least 1 px wide and high, not ${r[2]}×${r[3]}.`;
  }
  return null;
}

function wasmDir(): string {
  return path.dirname(fileURLToPath(import.meta.resolve('@tensorflow/tfjs-backend-wasm'))) + path.sep;
}

export class Detector {
  status: DetectorStatus = 'starting';
  /** Times the worker stopped unasked. */
  crashes = 0;
  /** The error that keeps the detector from working now, if one does. */
  lastError: CamrelayError | null = null;
  /** The engine the worker runs, once it has started. */
  engine: EngineInfo | null = null;
  private saidEngine = false;
  private worker: Worker | null = null;
  private readonly queue: Pending[] = [];
  private inFlight: Pending | null = null;
  private nextId = 1;
  private crashesInARow = 0;
  private restartTimer: NodeJS.Timeout | null = null;
  private readonly options: Required<Omit<DetectorOptions, 'workerFile' | 'wasmDir' | 'onnxRuntimeModule' | 'engine'>> & {
    workerFile: URL | null;
    wasmDir: string | null;
    onnxRuntimeModule: string | undefined;
    engine: EngineName | undefined;
  };

  constructor(options: DetectorOptions = {}) {
    this.options = {
      modelDir: options.modelDir ?? defaultModelDir(),
      workerFile: options.workerFile ?? null,
      wasmDir: options.wasmDir ?? null,
      decode: options.decode ?? {},
      log: options.log ?? ((line) => console.error(line)),
      restartDelayMs: options.restartDelayMs ?? 1000,
      onnxRuntimeModule: options.onnxRuntimeModule,
      engine: options.engine,
    };
    if (!(this.options.restartDelayMs > 0)) throw new TypeError('restartDelayMs must be a positive number of milliseconds.');
  }

  /** Starts the worker; resolves once the model is loaded and warmed, rejects with its CamrelayError. */
  start(): Promise<StartedInfo> {
    if (this.status === 'closed') return Promise.reject(new CamrelayError('DETECT_FAILED', 'The detector is closed.'));
    if (this.worker) return Promise.reject(new CamrelayError('DETECT_FAILED', 'The detector is already started.'));
    return new Promise((resolve, reject) => {
      const { entry, eval: evaluate } = this.options.workerFile ? { entry: this.options.workerFile, eval: false } : workerEntry(here, 'detect-worker');
      const init: WorkerInit = {
        modelDir: this.options.modelDir,
        wasmDir: this.options.wasmDir ?? wasmDir(),
        decode: this.options.decode,
        ...(this.options.onnxRuntimeModule ? { onnxRuntimeModule: this.options.onnxRuntimeModule } : {}),
        ...(this.options.engine ? { engine: this.options.engine } : {}),
      };
      const worker = new Worker(entry, { workerData: init, eval: evaluate });
      this.worker = worker;
      this.status = 'starting';
      let ready = false;
      let failure: CamrelayError | null = null;
      worker.on('message', (message: FromWorker) => {
        if (this.worker !== worker) return; // closed: the thread is ending
        if (message.type === 'ready') {
          ready = true;
          this.status = 'ready';
          this.lastError = null;
          this.engine = { engine: message.engine, fallbackReason: message.fallbackReason };
          // Said once per detector, not on every restart after a crash.
          if (message.fallbackReason && !this.options.engine && !this.saidEngine)
            this.options.log(`camrelay:detect running on tfjs-wasm, not onnxruntime-node: ${message.fallbackReason}`);
          this.saidEngine = true;
          resolve({ simd: message.simd, loadMs: message.loadMs, ...this.engine });
          this.pump();
        } else if (message.type === 'fatal') {
          failure = new CamrelayError(message.code, message.message);
          worker.terminate().catch(() => {}); // it ends by itself; this makes sure of it, and 'exit' reports the failure
        } else {
          this.settle(message);
        }
      });
      worker.on('error', (error) => (failure ??= new CamrelayError('DETECT_FAILED', `The detection worker crashed: ${error.message}`)));
      worker.on('exit', () => {
        if (this.worker !== worker) return;
        this.worker = null;
        if (this.status === 'closed') return;
        const error = failure ?? new CamrelayError('DETECT_FAILED', 'The detection worker stopped.');
        this.lastError = error;
        if (!ready) reject(error);
        this.stopped(error, ready);
      });
    });
  }

  /**
   * The boxes in one JPEG frame, in its pixels; frames wait their turn behind the one the worker is on.
   * With `regions` ([x, y, w, h], regions.ts's pickRegions) the model looks at each of them rather than
   * at the whole picture; a region that is not a box is refused with DETECT_BAD_REGION.
   */
  detect(jpeg: Uint8Array, regions?: readonly Box[]): Promise<DetectOutcome> {
    if (this.status === 'failed' || this.status === 'closed')
      return Promise.reject(this.lastError ?? new CamrelayError('DETECT_FAILED', 'The detector is closed.'));
    const bad = badRegions(regions);
    if (bad) return Promise.reject(new CamrelayError('DETECT_BAD_REGION', bad));
    if (this.queue.length >= MAX_WAITING) {
      return Promise.reject(new CamrelayError('DETECT_FAILED', `The detector already holds ${MAX_WAITING} waiting frames; put a DetectQueue in front of it.`));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, jpeg, regions: regions?.map((r) => [...r] as Box), resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.status = 'closed';
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.failAll(new CamrelayError('DETECT_FAILED', 'The detector was closed.'));
    const worker = this.worker;
    this.worker = null;
    if (!worker) return;
    // Asked, not terminated: onnxruntime-node aborts the whole process when its thread is terminated mid-run.
    const ended = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ type: 'close' } satisfies ToWorker);
    const grace = setTimeout(() => worker.terminate().catch(() => {}), CLOSE_GRACE_MS);
    await ended;
    clearTimeout(grace);
  }

  /** Frames it holds: the one in the worker and those waiting behind it (a pool sends the next look to the least held). */
  get held(): number {
    return (this.inFlight ? 1 : 0) + this.queue.length;
  }

  /** Makes the worker throw as a bug would (tests). */
  crashForTest(): void {
    this.worker?.postMessage({ type: 'crash' } satisfies ToWorker);
  }

  private pump(): void {
    if (this.status !== 'ready' || this.inFlight || !this.worker) return;
    const next = this.queue.shift();
    if (!next) return;
    this.inFlight = next;
    this.worker.postMessage({ type: 'detect', id: next.id, jpeg: next.jpeg, ...(next.regions?.length ? { regions: next.regions } : {}) } satisfies ToWorker);
  }

  private settle(message: Extract<FromWorker, { type: 'result' | 'failed' }>): void {
    const pending = this.inFlight;
    if (!pending || pending.id !== message.id) return;
    this.inFlight = null;
    if (message.type === 'result') {
      this.crashesInARow = 0;
      pending.resolve({ detections: message.detections, timings: message.timings });
    } else {
      pending.reject(new CamrelayError(message.code, message.message));
    }
    this.pump();
  }

  private failAll(error: CamrelayError): void {
    const all = [...(this.inFlight ? [this.inFlight] : []), ...this.queue.splice(0)];
    this.inFlight = null;
    for (const pending of all) pending.reject(error);
  }

  private stopped(error: CamrelayError, wasReady: boolean): void {
    this.failAll(error);
    if (wasReady) this.crashes++;
    if (PERMANENT.includes(error.code)) {
      this.status = 'failed';
      this.options.log(`camrelay:detect ${error.code}: ${error.message}`);
      return;
    }
    const delay = Math.min(MAX_RESTART_DELAY_MS, this.options.restartDelayMs * 2 ** this.crashesInARow++);
    this.status = 'restarting';
    this.options.log(`camrelay:detect ${error.code}: ${error.message}; starting it again in ${delay} ms`);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      // A failed restart comes back through 'exit' above, which schedules the next one.
      this.start().catch(() => {});
    }, delay);
  }
}
