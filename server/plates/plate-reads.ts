/**
 * Which vehicles' plates are read, and when (#58 item 2): a followed car, truck, bus or motorcycle of
 * a camera that reads plates, at its confirmation and each time it is seen better, at most
 * READS_PER_OBJECT times; one read at a time on the relay, the newest view of each object waiting
 * (at most WAITING_MAX objects: past it, the oldest is dropped). The best reading (most plate
 * characters, then the best confidence) is kept per object and named when it is a known plate; each
 * better one, or a new name, is handed on. Bounded everywhere: object states are kept for the last
 * OBJECTS_MAX objects.
 */
import type { Box } from '../../common/detect/boxes.js';
import { matchPlate, type KnownPlate } from '../../common/plates/plate-text.js';
import type { PlateRead } from '../../common/plates/plate-thread.js';
import type { EventPlate } from '../../shared/events.js';
import type { ObjectView } from '../events/event-record.js';

/** A vehicle is read at most this many times: on its best views (a plate read three times at rising scores is read). */
export const READS_PER_OBJECT = 3;
/** Objects waiting for a read: a street of cars waits this many, the newest views first kept. */
const WAITING_MAX = 8;
/** Objects remembered (reads done, best reading). */
const OBJECTS_MAX = 256;
/** Labels whose plates are read (bicycles carry none). */
export const PLATE_LABELS: ReadonlySet<string> = new Set(['car', 'truck', 'bus', 'motorcycle']);

export interface PlateReadsDeps {
  read(jpeg: Uint8Array, crop: Box): Promise<PlateRead>;
  /** Whether `camera` reads plates (its detection settings). */
  wants(camera: string): boolean;
  known(): readonly KnownPlate[];
  /** A better reading of object `id` of `camera` (or its known name, new). */
  onPlate(camera: string, id: number, plate: EventPlate): void;
  onError(camera: string, message: string): void;
}

interface ObjectState {
  reads: number;
  /** The score of the view last taken for a read: a view no better is not read again. */
  readScore: number;
  best: EventPlate | null;
}

export class PlateReads {
  private readonly objects = new Map<string, ObjectState>();
  private readonly waiting = new Map<string, { camera: string; view: ObjectView }>();
  private busy = false;
  private closed = false;
  /** Reads done, and readings that gave a plate: the metrics. */
  readonly counts = { read: 0, plates: 0, dropped: 0, failed: 0 };

  constructor(private readonly deps: PlateReadsDeps) {}

  /** A view of a followed object: queued for a read when it is a vehicle of a camera that reads plates, seen better than when last read. */
  view(camera: string, view: ObjectView): void {
    if (this.closed || !PLATE_LABELS.has(view.object.label) || !this.deps.wants(camera)) return;
    const key = `${camera}/${view.object.id}`;
    const state = this.stateOf(key);
    if (state.reads >= READS_PER_OBJECT || view.object.score <= state.readScore) return;
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

  private stateOf(key: string): ObjectState {
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
    this.deps
      .read(view.jpeg, view.object.box)
      .then(({ reading }) => {
        this.counts.read++;
        if (!reading) return;
        this.counts.plates++;
        const plate: EventPlate = { text: reading.plate, confidence: Math.round(reading.confidence * 1000) / 1000 };
        const known = matchPlate(reading.plate, this.deps.known());
        if (known) plate.name = known.name;
        if (!better(plate, state.best)) return;
        state.best = plate;
        this.deps.onPlate(camera, view.object.id, plate);
      })
      .catch((err: Error) => {
        this.counts.failed++;
        this.deps.onError(camera, err.message);
      })
      .finally(() => {
        this.busy = false;
        this.pump();
      });
  }
}

/** Whether `plate` is worth telling over `before`: the first, one with more characters, a surer one of as many, or one newly named. */
function better(plate: EventPlate, before: EventPlate | null): boolean {
  if (!before) return true;
  if (plate.name && !before.name) return true;
  // A reading that names a known plate is kept over one that names none.
  if (before.name && !plate.name) return false;
  if (plate.text.length !== before.text.length) return plate.text.length > before.text.length;
  return plate.confidence > before.confidence && plate.text !== before.text;
}
