/**
 * Which followed objects a model reads, and when (#58): plates on vehicles, faces on persons, the
 * same way. An object of one of the reader's labels, on a camera that asks for it, is read at its
 * confirmation and each time it is seen better, at most `perObject` times; one read at a time per
 * reader, the newest view of each object waiting (at most WAITING_MAX objects: past it, the oldest
 * is dropped). The best result per object (the reader's `better`) is handed on, each time it betters.
 * Bounded everywhere: object states are kept for the last OBJECTS_MAX objects.
 */
import type { ObjectView } from './event-record.js';

/** Objects waiting for a read: a street of cars waits this many, the newest views first kept. */
const WAITING_MAX = 8;
/** Objects remembered (reads done, best result). */
const OBJECTS_MAX = 256;

export interface ObjectReader<R> {
  /** The labels it reads (`car`, `person`). */
  labels: ReadonlySet<string>;
  /** Reads per object at most: on its best views. */
  perObject: number;
  /** Whether `camera` asks for these reads (its detection settings). */
  wants(camera: string): boolean;
  /** The object's result on this view, or null when there is none to read (no plate, no face). */
  read(view: ObjectView): Promise<R | null>;
  /** Whether `next` is worth telling over `before`. */
  better(next: R, before: R | null): boolean;
  /** A better result for object `id` of `camera`. */
  onResult(camera: string, id: number, result: R): void;
  onError(camera: string, message: string): void;
}

/**
 * A reader's onError for the log: each failure once, but a model that cannot load (the thread's
 * `failure`, set for good) once in all, not once per object.
 */
export function warnReadErrors(thread: { failure: unknown }, warn: (camera: string, message: string) => void): (camera: string, message: string) => void {
  let told = false;
  return (camera, message) => {
    if (thread.failure && told) return;
    told = thread.failure !== null;
    warn(camera, message);
  };
}

interface ObjectState<R> {
  reads: number;
  /** The score of the view last taken for a read: a view no better is not read again. */
  readScore: number;
  best: R | null;
}

export class ObjectReads<R> {
  private readonly objects = new Map<string, ObjectState<R>>();
  private readonly waiting = new Map<string, { camera: string; view: ObjectView }>();
  private busy = false;
  private closed = false;
  /** Reads done, reads that gave a result, views dropped from the queue, reads that failed: the metrics. */
  readonly counts = { read: 0, found: 0, dropped: 0, failed: 0 };

  constructor(private readonly reader: ObjectReader<R>) {}

  /** A view of a followed object: queued for a read when it is one of the reader's labels on a camera that wants it, seen better than when last read. */
  view(camera: string, view: ObjectView): void {
    if (this.closed || !this.reader.labels.has(view.object.label) || !this.reader.wants(camera)) return;
    const key = `${camera}/${view.object.id}`;
    const state = this.stateOf(key);
    if (state.reads >= this.reader.perObject || view.object.score <= state.readScore) return;
    this.waiting.delete(key);
    this.waiting.set(key, { camera, view });
    if (this.waiting.size > WAITING_MAX) {
      this.waiting.delete(this.waiting.keys().next().value!);
      this.counts.dropped++;
    }
    this.pump();
  }

  /** Drops the views waiting and resolves once the read under way is done (shutdown). */
  async close(): Promise<void> {
    this.closed = true;
    this.waiting.clear();
    await this.idle();
  }

  /** Resolves when no read is under way or waiting (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.busy) await new Promise((resolve) => setImmediate(resolve));
  }

  private stateOf(key: string): ObjectState<R> {
    let state = this.objects.get(key);
    if (!state) {
      this.objects.set(key, (state = { reads: 0, readScore: -1, best: null }));
      if (this.objects.size > OBJECTS_MAX) this.objects.delete(this.objects.keys().next().value!);
    }
    return state;
  }

  private pump(): void {
    if (this.busy) return;
    const next = this.waiting.entries().next().value;
    if (!next) return;
    const [key, { camera, view }] = next;
    this.waiting.delete(key);
    const state = this.stateOf(key);
    state.reads++;
    state.readScore = view.object.score;
    this.busy = true;
    this.reader
      .read(view)
      .then((result) => {
        this.counts.read++;
        if (result === null) return;
        this.counts.found++;
        if (!this.reader.better(result, state.best)) return;
        state.best = result;
        this.reader.onResult(camera, view.object.id, result);
      })
      .catch((err: Error) => {
        this.counts.failed++;
        this.reader.onError(camera, err.message);
      })
      .finally(() => {
        this.busy = false;
        this.pump();
      });
  }
}
