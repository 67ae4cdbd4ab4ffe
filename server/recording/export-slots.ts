/**
 * Who is exporting: at most one export per user and a few in all, each with a deadline for its
 * reader (a response that does not drain) and for its whole run, so that nobody holds a slot for
 * ever by asking for clips and never reading them.
 */
import { CamrelayError } from '../../shared/errors.js';
import { fail, ok, type Result } from '../../shared/result.js';

/** Why an export ended: counted in `camrelay_recording_exports_total{outcome}`. */
export const EXPORT_OUTCOMES = ['done', 'failed', 'gone', 'stalled', 'too-long'] as const;
export type ExportOutcome = (typeof EXPORT_OUTCOMES)[number];

export interface ExportTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface ExportSlotsOptions {
  /** Exports at once over all users: each is an ffmpeg reading the disk. */
  maxExports: number;
  /** A response that takes nothing for this long ends (its ffmpeg killed, its slot freed). */
  drainTimeoutMs: number;
  /** No export runs longer than this, however slowly it is read. */
  maxRunMs: number;
  timers: ExportTimers;
  /** Hears of every export that ended, and why. */
  onEnd?: (user: string, outcome: ExportOutcome) => void;
}

export const EXPORT_DEFAULTS: Omit<ExportSlotsOptions, 'timers' | 'onEnd'> = {
  maxExports: 2,
  // A browser or curl on a poor link still takes a socket's worth of bytes in well under 20 s; a
  // reader that takes nothing for that long is not reading (a paused tab's fetch, or an attack).
  drainTimeoutMs: 20_000,
  // A whole day of 720p H.264 is about 15.5 GB (docs/recording.md): 45 min at 50 Mbit/s.
  maxRunMs: 60 * 60_000,
};

const realTimers: ExportTimers = { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) };

/** The one export a user has running: told when its reader stalls and drains, released when its ffmpeg is gone. */
export class ExportSlot {
  private drainTimer: unknown = null;
  private readonly runTimer: unknown;
  private reason: ExportOutcome | null = null;
  private released = false;

  constructor(
    readonly user: string,
    private readonly slots: ExportSlots,
    private readonly abort: (reason: ExportOutcome) => void,
  ) {
    this.runTimer = slots.options.timers.setTimeout(() => this.end('too-long'), slots.options.maxRunMs);
  }

  /** The response's buffer is full: the reader has `drainTimeoutMs` to take some of it. */
  stalled(): void {
    if (this.drainTimer !== null || this.reason) return;
    this.drainTimer = this.slots.options.timers.setTimeout(() => this.end('stalled'), this.slots.options.drainTimeoutMs);
  }

  drained(): void {
    if (this.drainTimer === null) return;
    this.slots.options.timers.clearTimeout(this.drainTimer);
    this.drainTimer = null;
  }

  /** Ends the export now: its abort kills ffmpeg and closes the response; the slot stays taken until `release`. */
  end(reason: ExportOutcome): void {
    if (this.reason || this.released) return;
    this.reason = reason;
    this.abort(reason);
  }

  /** Its ffmpeg has exited: the slot is free. The first reason given to `end` wins over `outcome`. */
  release(outcome: ExportOutcome): void {
    if (this.released) return;
    this.released = true;
    this.drained();
    this.slots.options.timers.clearTimeout(this.runTimer);
    this.slots.free(this, this.reason ?? outcome);
  }
}

export class ExportSlots {
  readonly options: ExportSlotsOptions;
  private readonly held = new Map<string, ExportSlot>();
  /** Exports ended so far, by outcome. */
  readonly ended: Record<ExportOutcome, number> = { done: 0, failed: 0, gone: 0, stalled: 0, 'too-long': 0 };

  constructor(options: Partial<ExportSlotsOptions> = {}) {
    this.options = { ...EXPORT_DEFAULTS, timers: realTimers, ...options };
    for (const key of ['maxExports', 'drainTimeoutMs', 'maxRunMs'] as const) {
      const v = this.options[key];
      if (!Number.isSafeInteger(v) || v < 1) throw new TypeError(`The export option ${key} must be a whole number of at least 1; it is ${v}.`);
    }
  }

  /** Exports running now. */
  get running(): number {
    return this.held.size;
  }

  /**
   * A slot for `user`, or why not: EXPORT_RUNNING when they have one already (a second would
   * only compete with the first), EXPORT_BUSY when every slot is taken.
   */
  take(user: string, abort: (reason: ExportOutcome) => void): Result<ExportSlot> {
    if (this.held.has(user)) return fail(new CamrelayError('EXPORT_RUNNING'));
    if (this.held.size >= this.options.maxExports) return fail(new CamrelayError('EXPORT_BUSY'));
    const slot = new ExportSlot(user, this, abort);
    this.held.set(user, slot);
    return ok(slot);
  }

  /** Called by `ExportSlot.release`. */
  free(slot: ExportSlot, outcome: ExportOutcome): void {
    if (this.held.get(slot.user) === slot) this.held.delete(slot.user);
    this.ended[outcome]++;
    this.options.onEnd?.(slot.user, outcome);
  }
}
