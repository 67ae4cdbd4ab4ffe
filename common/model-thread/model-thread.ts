/**
 * The parent side of a model's worker thread (serve-model.ts), for each reader of objects (plates,
 * faces): started at the first run, one run at a time (the caller's queue sees to it), restarted at
 * the next run after a crash, and told apart from a model that cannot load (its `permanent` codes: no
 * restart will mend it; runs fail at once with that error, which the Admin shows).
 */
import { Worker } from 'node:worker_threads';
import { CamrelayError, type ErrorCodeName } from '../../shared/errors.js';
import { workerEntry } from '../worker-entry.js';
import type { FromModelWorker, ModelWorkerInit, ToModelWorker } from './messages.js';

/** How long close() waits for the run under way before terminating the thread. */
const CLOSE_GRACE_MS = 10_000;

export interface ModelThreadSpec {
  /** The worker's file beside `here` (the starter's import.meta.url), without its extension. */
  here: string;
  worker: string;
  /** What it is, for messages: "plate reader". */
  what: string;
  /** The code of a run that fails, and of a thread that stops. */
  failed: ErrorCodeName;
  /** Load failures no restart mends (a missing or altered model file). */
  permanent: readonly ErrorCodeName[];
  init?: ModelWorkerInit;
}

type Waiter<Out> = { resolve(output: Out): void; reject(error: CamrelayError): void };

export class ModelThread<In, Out> {
  private worker: Worker | null = null;
  private readonly waiting = new Map<number, Waiter<Out>>();
  private nextId = 1;
  private closed = false;
  /** A model that cannot load: every run fails with it. */
  failure: CamrelayError | null = null;
  /** Runs done and threads that stopped unasked, for the metrics and tests. */
  runs = 0;
  crashes = 0;

  constructor(private readonly spec: ModelThreadSpec) {}

  run(input: In): Promise<Out> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(this.error(`The ${this.spec.what} is closed.`));
    const id = this.nextId++;
    const worker = this.worker ?? this.start();
    return new Promise<Out>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ type: 'run', id, input } satisfies ToModelWorker<In>);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    if (!worker) return;
    const ended = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ type: 'close' } satisfies ToModelWorker<In>);
    const cut = setTimeout(() => worker.terminate().catch(() => {}), CLOSE_GRACE_MS);
    await ended;
    clearTimeout(cut);
  }

  private error(message: string): CamrelayError {
    return new CamrelayError(this.spec.failed, message);
  }

  private start(): Worker {
    const { entry, eval: evaluate } = workerEntry(this.spec.here, this.spec.worker);
    const worker = new Worker(entry, { workerData: this.spec.init ?? {}, eval: evaluate });
    this.worker = worker;
    const what = this.spec.what;
    worker.on('message', (message: FromModelWorker<Out>) => {
      if (message.type === 'ready') return;
      if (message.type === 'fatal') {
        const error = new CamrelayError(message.code, message.message);
        if (this.spec.permanent.includes(message.code)) this.failure = error;
        return this.stop(worker, error);
      }
      const waiter = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (message.type === 'result') {
        this.runs++;
        waiter?.resolve(message.output);
      } else waiter?.reject(this.error(`The ${what} failed: ${message.message}`));
    });
    worker.on('error', (err) => this.stop(worker, this.error(`The ${what} stopped: ${err.message}`)));
    worker.on('exit', () => {
      if (this.worker !== worker) return;
      if (this.closed) return this.stop(worker, this.error(`The ${what} is closed.`));
      this.crashes++;
      this.stop(worker, this.error(`The ${what} stopped unasked; it starts again with the next object.`));
    });
    return worker;
  }

  /** The thread is gone (or going): its runs fail with `error`, and the next run starts a new one. */
  private stop(worker: Worker, error: CamrelayError): void {
    if (this.worker !== worker) return;
    this.worker = null;
    for (const w of this.waiting.values()) w.reject(error);
    this.waiting.clear();
    worker.terminate().catch(() => {});
  }
}
