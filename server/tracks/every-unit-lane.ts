/**
 * The every-unit-within-a-bound lane (lane.ts, #56): every unit in order, a window in flight and a wait behind it
 * bounded in units, bytes or both; past a bound the oldest waiting unit goes, and every unit that goes unsent is
 * counted. For media where no unit stands for another (a listener's sound, audio-lane.ts; the recorder's every kind,
 * record-lane.ts), so a slow reader loses the oldest moments, never the newest.
 */
import { guardedPump, type Lane, type LaneBounds, type LaneSink } from './lane.js';

export interface EveryUnitOptions<U> {
  sizeOf: (unit: U) => number;
  /** Units in flight at once, and the most `window` may be set to. */
  window: number;
  /** Units that may wait behind the window (unbounded unless given: then `maxBytes` bounds the wait). */
  maxWaiting?: number;
  /** Bytes held, in flight and waiting (unbounded unless given: then each unit's size is capped where it enters). */
  maxBytes?: number;
  /** A unit was dropped unsent (a bound, an offer while paused or closed, a pause, a restart, a close). */
  onDrop?: (unit: U) => void;
}

export class EveryUnitLane<U> implements Lane<U> {
  readonly bounds: LaneBounds;
  dropped = 0;
  private readonly maxWindow: number;
  private readonly maxWaiting: number;
  private windowSize: number;
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
    private readonly o: EveryUnitOptions<U>,
  ) {
    if (!(o.window >= 1)) throw new TypeError(`An every-unit lane's window must be at least 1 unit; got ${o.window}.`);
    if (o.maxWaiting === undefined && o.maxBytes === undefined) {
      throw new TypeError('An every-unit lane needs a bound: give maxWaiting (units), maxBytes, or both.');
    }
    this.maxWindow = o.window;
    this.windowSize = o.window;
    this.maxWaiting = o.maxWaiting ?? Infinity;
    this.bounds = { units: o.window + this.maxWaiting, bytes: o.maxBytes ?? Infinity };
  }

  get window(): number {
    return this.windowSize;
  }

  set window(size: number) {
    this.windowSize = Math.max(1, Math.min(this.maxWindow, Math.round(size)));
    this.pump();
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
    // The oldest goes first: what came last stays the newest moment the reader can get.
    while (this.waiting.length > 0 && (this.waiting.length > this.maxWaiting || this.heldBytes > this.bounds.bytes)) this.drop(this.shift());
    this.pump();
  }

  pause(): void {
    this.paused = true;
    this.dropWaiting();
  }

  /** Every unit is a start point; a restart (a pause's end, or a mark) drops what waited and frees the window. */
  resume(mark?: number): boolean {
    if (this.closed || (!this.paused && mark === undefined)) return false;
    this.paused = false;
    this.dropWaiting();
    this.forgetInFlight();
    return true;
  }

  close(): void {
    this.closed = true;
    this.dropWaiting();
    this.forgetInFlight();
  }

  /** What was in flight no longer holds the window: its acks may never come (a page that hid), and late ones count for nothing. */
  private forgetInFlight(): void {
    this.round++;
    this.inFlight = 0;
    this.inFlightBytes = 0;
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
    while (!this.closed && !this.paused && this.inFlight < this.windowSize && this.waiting.length > 0) {
      const unit = this.shift();
      const size = this.o.sizeOf(unit);
      this.inFlight++;
      this.inFlightBytes += size;
      const round = this.round;
      let called = false;
      this.sink.write(unit, () => {
        // Once per write, and only for this round's writes.
        if (called || round !== this.round) return;
        called = true;
        this.inFlight--;
        this.inFlightBytes -= size;
        this.pump();
      });
    }
  }
}
