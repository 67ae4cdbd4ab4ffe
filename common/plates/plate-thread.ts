/**
 * The parent side of the plate reader's worker (plate-worker.ts): started at the first read, one read
 * at a time (the caller's queue sees to it), restarted at the next read after a crash, and told apart
 * from a model that cannot load (PLATE_MODEL_MISSING or _CORRUPT: no restart will mend it; reads fail
 * at once with that error, which the Admin shows).
 */
import { Worker } from 'node:worker_threads';
import { CamrelayError, type ErrorCodeName } from '../../shared/errors.js';
import type { Box } from '../detect/boxes.js';
import { workerEntry } from '../worker-entry.js';
import type { FromPlateWorker, PlateWorkerInit, ToPlateWorker } from './plate-messages.js';
import type { PlateReading, PlateTimings } from './plate-reader.js';

const PERMANENT: readonly ErrorCodeName[] = ['PLATE_MODEL_MISSING', 'PLATE_MODEL_CORRUPT'];
/** How long close() waits for the read under way before terminating the thread. */
const CLOSE_GRACE_MS = 10_000;
const here = import.meta.url;

export interface PlateRead {
  reading: PlateReading | null;
  timings: PlateTimings;
}

type Waiter = { resolve(read: PlateRead): void; reject(error: CamrelayError): void };

export class PlateThread {
  private worker: Worker | null = null;
  private readonly waiting = new Map<number, Waiter>();
  private nextId = 1;
  private closed = false;
  /** A model that cannot load: every read fails with it. */
  failure: CamrelayError | null = null;
  /** Reads done and threads that stopped unasked, for the metrics and tests. */
  reads = 0;
  crashes = 0;

  constructor(private readonly init: PlateWorkerInit = {}) {}

  /** The plate on `crop` of `jpeg`, or null when no text there reads as one. */
  read(jpeg: Uint8Array, crop: Box): Promise<PlateRead> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new CamrelayError('PLATE_READ_FAILED', 'The plate reader is closed.'));
    const id = this.nextId++;
    const worker = this.worker ?? this.start();
    return new Promise<PlateRead>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ type: 'read', id, jpeg, crop } satisfies ToPlateWorker);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    if (!worker) return;
    const ended = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ type: 'close' } satisfies ToPlateWorker);
    const cut = setTimeout(() => worker.terminate().catch(() => {}), CLOSE_GRACE_MS);
    await ended;
    clearTimeout(cut);
  }

  private start(): Worker {
    const { entry, eval: evaluate } = workerEntry(here, 'plate-worker');
    const worker = new Worker(entry, { workerData: this.init, eval: evaluate });
    this.worker = worker;
    worker.on('message', (message: FromPlateWorker) => {
      if (message.type === 'ready') return;
      if (message.type === 'fatal') {
        const error = new CamrelayError(message.code, message.message);
        if (PERMANENT.includes(message.code)) this.failure = error;
        return this.stop(worker, error);
      }
      const waiter = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (message.type === 'result') {
        this.reads++;
        waiter?.resolve({ reading: message.reading, timings: message.timings });
      } else waiter?.reject(new CamrelayError('PLATE_READ_FAILED', `The plate could not be read: ${message.message}`));
    });
    worker.on('error', (err) => this.stop(worker, new CamrelayError('PLATE_READ_FAILED', `The plate reader stopped: ${err.message}`)));
    worker.on('exit', () => {
      if (this.worker !== worker) return;
      if (this.closed) return this.stop(worker, new CamrelayError('PLATE_READ_FAILED', 'The plate reader is closed.'));
      this.crashes++;
      this.stop(worker, new CamrelayError('PLATE_READ_FAILED', 'The plate reader stopped unasked; it starts again with the next vehicle.'));
    });
    return worker;
  }

  /** The thread is gone (or going): its reads fail with `error`, and the next read starts a new one. */
  private stop(worker: Worker, error: CamrelayError): void {
    if (this.worker !== worker) return;
    this.worker = null;
    for (const w of this.waiting.values()) w.reject(error);
    this.waiting.clear();
    worker.terminate().catch(() => {});
  }
}
