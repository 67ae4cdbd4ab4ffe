/**
 * The lane (tracks/lane.ts) of one camera's units of one kind to the recorder (#56 item 5): every unit, in order,
 * a window in flight and a wait behind it bounded in bytes. A recording cannot skip to the newest unit as a viewer
 * does (a GOP needs every picture, a sound every frame), so past the bound the oldest waiting unit goes, and every
 * unit that goes is counted. The recorder takes a unit at once into its own queue (camera-recorder.ts, bounded by
 * the recording memory caps), so this wait holds units only while its sink is busy.
 */
import { guardedPump, type Lane, type LaneBounds, type LaneSink } from '../tracks/lane.js';
import type { ReaderPolicy } from '../tracks/track.js';

/** Bytes one camera's units of one kind may wait for the recorder: a few seconds of a 4K camera's H.264. */
export const RECORD_LANE_BYTES = 8 * 1024 * 1024;
/** Units in flight at once: the recorder's sink says `done` as it queues a unit, so one is enough. */
const WINDOW = 1;

export interface RecordLaneOptions<U> {
  sizeOf: (unit: U) => number;
  /** The wait's byte bound (RECORD_LANE_BYTES unless given). */
  maxBytes?: number;
  /** A unit was dropped unsent (the bound, a pause, a close): the recorder counts it. */
  onDrop?: (unit: U) => void;
}

export class RecordLane<U> implements Lane<U> {
  readonly bounds: LaneBounds;
  dropped = 0;
  window = WINDOW;
  private readonly waiting: U[] = [];
  private waitingBytes = 0;
  private inFlight = 0;
  private inFlightBytes = 0;
  private paused = false;
  private closed = false;
  /** Sends so far: a `done` from before a pause or close is not counted against the window after it. */
  private round = 0;

  constructor(
    private readonly sink: LaneSink<U>,
    private readonly o: RecordLaneOptions<U>,
  ) {
    this.bounds = { units: Infinity, bytes: o.maxBytes ?? RECORD_LANE_BYTES };
  }

  get held(): number {
    return this.inFlight + this.waiting.length;
  }

  get heldBytes(): number {
    return this.inFlightBytes + this.waitingBytes;
  }

  offer(unit: U): void {
    if (this.closed || this.paused) return this.drop(unit);
    this.waiting.push(unit);
    this.waitingBytes += this.o.sizeOf(unit);
    // The oldest goes first: what was recorded last stays the newest moment the file can hold.
    while (this.heldBytes > this.bounds.bytes && this.waiting.length > 0) this.drop(this.shift());
    this.pump();
  }

  pause(): void {
    this.paused = true;
    this.dropWaiting();
  }

  resume(mark?: number): boolean {
    if (this.closed || (!this.paused && mark === undefined)) return false;
    this.paused = false;
    this.round++;
    this.inFlight = 0;
    this.inFlightBytes = 0;
    this.pump();
    return true;
  }

  close(): void {
    this.closed = true;
    this.dropWaiting();
    this.round++;
  }

  private drop(unit: U): void {
    this.dropped++;
    this.o.onDrop?.(unit);
  }

  private dropWaiting(): void {
    while (this.waiting.length > 0) this.drop(this.shift());
  }

  private shift(): U {
    const unit = this.waiting.shift()!;
    this.waitingBytes -= this.o.sizeOf(unit);
    return unit;
  }

  private readonly pump = guardedPump(() => this.send());

  private send(): void {
    while (!this.closed && !this.paused && this.inFlight < this.window && this.waiting.length > 0) {
      const unit = this.shift();
      const size = this.o.sizeOf(unit);
      this.inFlight++;
      this.inFlightBytes += size;
      const round = this.round;
      let called = false;
      this.sink.write(unit, () => {
        if (called || round !== this.round) return;
        called = true;
        this.inFlight--;
        this.inFlightBytes -= size;
        this.pump();
      });
    }
  }
}

/** The recorder's policy as a reader of any track: its lanes are RecordLanes. */
export function recordPolicy<U>(o: RecordLaneOptions<U>): ReaderPolicy<U> {
  return { lane: (sink) => new RecordLane(sink, o) };
}
