/**
 * The capture side's batches of media units (#38): H.264, rung and AAC units wait here a moment and go to the
 * relay several in one `units` message and one ack (shared/units.ts), so the relay reads a message and answers
 * an ack per batch, not per unit.
 *
 * When a batch goes: at once (the next tick, so units made together go together) when a unit someone watches
 * live waits and fewer than `maxInFlight` batches are out; a unit only the recorder wants may wait up to
 * `holdMs` for others; a full batch (UNITS_MAX units or UNITS_BATCH_BYTES) goes at once. While batches are out,
 * what arrives gathers into the next: a slow link gets fewer, fuller messages, never a queue of small ones.
 * Each unit's promise settles with its own item's ack, as its own event's ack would. When every batch out is
 * recording-only, a live unit (#56: a JPEG, a rung) goes at once in one batch more, ahead of the recording-only units
 * waiting: a live frame never waits behind recording.
 */
import type { FrameAck } from '../../shared/protocol.js';
import { UNITS_BATCH_BYTES, UNITS_HOLD_MS, UNITS_MAX, type UnitKind, type UnitsAck, type UnitToSend } from '../../shared/units.js';
import type { SendResult } from './sender.js';

/** How a batch goes: the relay's reply, or a lost send (not connected, no ack in time) as a SendResult. */
export type SendUnits = (units: UnitToSend[]) => Promise<UnitsAck | SendResult>;

export interface UnitBatcherOptions {
  send: SendUnits;
  /** Whether a unit of this kind may wait for others (nobody watches it live); read when a batch is due. */
  mayWait: (kind: UnitKind) => boolean;
  /** Longest wait of a unit that may wait. Default UNITS_HOLD_MS. */
  holdMs?: number;
  /** Batches sent and not yet answered, at most. Default 2: one can be on the wire while the next is answered. */
  maxInFlight?: number;
}

interface Waiting {
  unit: UnitToSend;
  at: number;
  settle: (result: SendResult) => void;
}

export class UnitBatcher {
  private readonly waiting: Waiting[] = [];
  private waitingBytes = 0;
  private inFlight = 0;
  /** Batches out that hold a unit someone watches live. */
  private liveInFlight = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private pumpQueued = false;
  private readonly holdMs: number;
  private readonly maxInFlight: number;
  /** Batches sent and units in them, for tests and the bench. */
  readonly stats = { batches: 0, units: 0 };

  constructor(private readonly opts: UnitBatcherOptions) {
    this.holdMs = opts.holdMs ?? UNITS_HOLD_MS;
    this.maxInFlight = opts.maxInFlight ?? 2;
  }

  /** Units waiting to go. */
  get length(): number {
    return this.waiting.length;
  }

  /** Queues one unit; settles with its item's ack (or the batch's refusal, or the lost send). */
  add(unit: UnitToSend): Promise<SendResult> {
    return new Promise((settle) => {
      this.waiting.push({ unit, at: Date.now(), settle });
      this.waitingBytes += unit.data.length;
      this.schedule();
    });
  }

  /** The connection went: every waiting unit settles with `result` now (the feed sends them again on reconnect). */
  dropAll(result: SendResult): void {
    const dropped = this.waiting.splice(0);
    this.waitingBytes = 0;
    this.clearTimer();
    for (const w of dropped) w.settle(result);
  }

  /** What `mayWait` says may have changed (a new demand): what no longer may wait goes now. */
  recheck(): void {
    this.schedule();
  }

  private schedule(): void {
    if (this.pumpQueued) return;
    this.pumpQueued = true;
    queueMicrotask(() => {
      this.pumpQueued = false;
      this.pump();
    });
  }

  private pump(): void {
    this.clearTimer();
    while (this.waiting.length > 0 && (this.inFlight < this.maxInFlight || this.liveAlongside())) {
      const wait = this.waitLeft();
      if (wait > 0) {
        this.timer = setTimeout(() => this.pump(), wait);
        (this.timer as { unref?: () => void }).unref?.();
        return;
      }
      // The batch past the cap is the live units' own: they go first in it, whatever backlog waits.
      this.sendBatch(this.take(this.inFlight >= this.maxInFlight));
    }
  }

  /** True when a live unit waits and every batch out is recording-only: it may go in one more. */
  private liveAlongside(): boolean {
    return this.liveInFlight === 0 && this.waiting.some((w) => !this.opts.mayWait(w.unit.kind));
  }

  /** Ms until the waiting units are due as a batch; 0: now. */
  private waitLeft(): number {
    if (this.waiting.length >= UNITS_MAX || this.waitingBytes >= UNITS_BATCH_BYTES) return 0;
    if (this.waiting.some((w) => !this.opts.mayWait(w.unit.kind))) return 0;
    return Math.max(0, this.waiting[0]!.at + this.holdMs - Date.now());
  }

  /** The oldest units that fit one batch, `liveFirst` live ones before them (always at least one: a unit over the byte cap goes alone). */
  private take(liveFirst: boolean): Waiting[] {
    // A stable partition: each kind keeps its order, only recording-only units move behind live ones.
    const live = liveFirst ? this.waiting.filter((w) => !this.opts.mayWait(w.unit.kind)) : [];
    if (live.length > 0 && live.length < this.waiting.length)
      this.waiting.splice(0, this.waiting.length, ...live, ...this.waiting.filter((w) => !live.includes(w)));
    let n = 0;
    let bytes = 0;
    while (n < this.waiting.length && n < UNITS_MAX) {
      const size = this.waiting[n]!.unit.data.length;
      if (n > 0 && bytes + size > UNITS_BATCH_BYTES) break;
      bytes += size;
      n++;
    }
    this.waitingBytes -= bytes;
    return this.waiting.splice(0, n);
  }

  private sendBatch(batch: Waiting[]): void {
    const live = batch.some((w) => !this.opts.mayWait(w.unit.kind));
    this.inFlight++;
    if (live) this.liveInFlight++;
    this.stats.batches++;
    this.stats.units += batch.length;
    const answered = (reply: UnitsAck | SendResult) => {
      this.inFlight--;
      if (live) this.liveInFlight--;
      for (const [i, w] of batch.entries()) w.settle(unitResult(reply, i));
      this.schedule();
    };
    // The sender settles, never rejects; a throw is a bug, answered as a lost send so no unit is stranded.
    this.opts.send(batch.map((w) => w.unit)).then(answered, (err: Error) => answered({ ok: false, error: 'NETWORK', message: err.message }));
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

/** Item `i`'s result from a batch's reply. */
export function unitResult(reply: UnitsAck | SendResult, i: number): SendResult {
  if (!reply.ok) return reply;
  if (!('acks' in reply)) return reply;
  const ack: FrameAck | undefined = Array.isArray(reply.acks) ? reply.acks[i] : undefined;
  // A relay that answers short is at fault; the unit counts as lost, as when no ack comes.
  return ack ?? { ok: false, error: 'NETWORK', message: `the relay's reply to a batch has no ack for item ${i}` };
}
