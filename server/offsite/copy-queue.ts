/**
 * The off-site copies waiting, under way and done: first in, first out, one or two at a time,
 * retried with backoff for a day, held past the daily cap until the next UTC day, and bounded (the
 * oldest waiting go first). Its state is handed to `save` after every change, so a restarted relay
 * goes on where this one stopped; a copy cut short is simply done again (same name, overwritten).
 */
import type { OffsiteStatus } from '../../shared/events.js';
import { GIVE_UP_MS, nextUtcDay, retryDelay, utcDay } from './backoff.js';
import { own, unexpected } from '../../common/own.js';

/** One event to copy, and where its copy is. */
export interface CopyJob {
  camera: string;
  id: string;
  start: number;
  end: number;
  status: OffsiteStatus;
  /** Failures in a row, and when the first of them was. */
  failures: number;
  failingSince: number | null;
  /** Not tried before this moment (a retry, a held event, a clip waiting for its post-roll). */
  notBefore: number;
}

/** What one try gave: copied (its bytes), failed (rclone's words), not ready yet, or over today's allowance. */
export type CopyOutcome =
  | { kind: 'copied'; bytes: number }
  | { kind: 'failed'; error: string; final?: boolean }
  | { kind: 'wait'; ms: number; why: string }
  | { kind: 'over'; bytes: number };

/** What is kept between starts. */
export interface QueueState {
  jobs: CopyJob[];
  day: string;
  bytesToday: number;
}

export interface CopyQueueOptions {
  /** Copies one event, told how many bytes today's cap still allows (Infinity: no cap). */
  copy(job: CopyJob, allowance: number): Promise<CopyOutcome>;
  save(state: QueueState): void;
  maxWaiting: number;
  parallel: number;
  /** Bytes per UTC day; 0: no cap. */
  capBytes: number;
  now?: () => number;
  /** Finished events whose status is kept for the events API (the oldest forgotten first). */
  keepDone?: number;
  onChange?(job: CopyJob): void;
}

const done = (j: CopyJob) => j.status.state === 'copied' || (j.status.state === 'failed' && j.status.retryAt === undefined);
const key = (camera: string, id: string) => `${camera}/${id}`;
/** MB as the settings count them (2^20 bytes, as every MB setting of the relay). */
const mb = (bytes: number) => `${Math.round((bytes / 1048576) * 10) / 10} MB`;

export class CopyQueue {
  readonly counts = { copied: 0, failures: 0, dropped: 0, gaveUp: 0, bytes: 0 };
  private readonly jobs = new Map<string, CopyJob>();
  private running = 0;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private day: string;
  private bytesToday = 0;
  private readonly now: () => number;

  constructor(
    private readonly o: CopyQueueOptions,
    saved: QueueState | null = null,
  ) {
    this.now = o.now ?? Date.now;
    this.day = utcDay(this.now());
    for (const j of saved?.jobs ?? []) {
      // A copy under way when the relay stopped is done again from the start.
      if (j.status.state === 'copying') j.status = { state: 'queued', detail: 'the relay restarted during the copy', at: this.now() };
      this.jobs.set(key(j.camera, j.id), j);
    }
    if (saved?.day === this.day) this.bytesToday = saved.bytesToday;
    this.pump();
  }

  /** The event's off-site status, or null when it is not copied. */
  status(camera: string, id: string): OffsiteStatus | null {
    return this.jobs.get(key(camera, id))?.status ?? null;
  }

  /** Events not yet copied nor given up, by state. */
  waiting(): Record<'queued' | 'copying' | 'failed' | 'held', number> {
    const n = { queued: 0, copying: 0, failed: 0, held: 0 };
    for (const j of this.jobs.values()) if (!done(j)) n[j.status.state as keyof typeof n]++;
    return n;
  }

  /** The `limit` events whose status changed last, newest first (the settings page's recent copies). */
  recent(limit: number): CopyJob[] {
    return [...this.jobs.values()].sort((a, b) => b.status.at - a.status.at).slice(0, Math.max(0, limit));
  }

  get usedToday(): number {
    this.rollDay();
    return this.bytesToday;
  }

  /** An ended event: queued once (a second add of the same event is ignored), tried from `notBefore`. */
  add(camera: string, id: string, start: number, end: number, notBefore = 0): void {
    // After close too: events the stopping relay ends are saved, and copied at the next start.
    if (this.jobs.has(key(camera, id))) return;
    const pending = [...this.jobs.values()].filter((j) => !done(j) && j.status.state !== 'copying');
    // Full: the oldest waiting make room, and say why they were never copied.
    for (const old of pending.slice(0, Math.max(0, pending.length + 1 - this.o.maxWaiting))) {
      this.counts.dropped++;
      this.set(old, { state: 'failed', detail: 'queue full', at: this.now() });
    }
    const job: CopyJob = { camera, id, start, end, status: { state: 'queued', at: this.now() }, failures: 0, failingSince: null, notBefore };
    this.jobs.set(key(camera, id), job);
    this.forget();
    this.changed(job);
    this.pump();
  }

  /** Stops starting copies; those under way end on their own (their status is saved as copying, and redone at the next start). */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
  }

  private pump(): void {
    clearTimeout(this.timer);
    if (this.closed) return;
    const now = this.now();
    const ready = [...this.jobs.values()].filter((j) => !done(j) && j.status.state !== 'copying');
    for (const j of ready) {
      if (this.running >= this.o.parallel) return;
      if (j.notBefore <= now) own(this.run(j), unexpected('an off-site copy'));
    }
    const next = Math.min(...ready.filter((j) => j.status.state !== 'copying').map((j) => j.notBefore));
    if (Number.isFinite(next) && this.running < this.o.parallel) {
      this.timer = setTimeout(() => this.pump(), Math.max(0, next - now));
      this.timer.unref();
    }
  }

  private async run(job: CopyJob): Promise<void> {
    this.running++;
    this.set(job, { state: 'copying', at: this.now() });
    this.rollDay();
    const allowance = this.o.capBytes > 0 ? Math.max(0, this.o.capBytes - this.bytesToday) : Infinity;
    let outcome: CopyOutcome;
    try {
      outcome = await this.o.copy(job, allowance);
    } catch (err) {
      outcome = { kind: 'failed', error: (err as Error).message };
    }
    this.running--;
    const now = this.now();
    if (outcome.kind === 'copied') {
      this.rollDay();
      this.bytesToday += outcome.bytes;
      this.counts.copied++;
      this.counts.bytes += outcome.bytes;
      job.failures = 0;
      job.failingSince = null;
      this.set(job, { state: 'copied', at: now });
    } else if (outcome.kind === 'wait') {
      job.notBefore = now + outcome.ms;
      this.set(job, { state: 'queued', detail: outcome.why, at: now });
    } else if (outcome.kind === 'over') {
      if (outcome.bytes > this.o.capBytes)
        this.set(job, { state: 'failed', detail: `the event (${mb(outcome.bytes)}) is larger than the daily cap of ${mb(this.o.capBytes)}`, at: now });
      else {
        job.notBefore = nextUtcDay(now);
        this.set(job, { state: 'held', detail: `daily cap of ${mb(this.o.capBytes)} reached`, at: now, retryAt: job.notBefore });
      }
    } else if (outcome.final) this.set(job, { state: 'failed', detail: outcome.error, at: now });
    else this.failed(job, outcome.error, now);
    this.pump();
  }

  private failed(job: CopyJob, error: string, now: number): void {
    this.counts.failures++;
    job.failures++;
    job.failingSince ??= now;
    const retryAt = now + retryDelay(job.failures);
    // A retry past a day of failing would not be made: given up now, and said so.
    if (retryAt - job.failingSince > GIVE_UP_MS) {
      this.counts.gaveUp++;
      return this.set(job, { state: 'failed', detail: `gave up after 24 h: ${error}`, at: now });
    }
    job.notBefore = retryAt;
    this.set(job, { state: 'failed', detail: error, at: now, retryAt: job.notBefore });
  }

  private set(job: CopyJob, status: OffsiteStatus): void {
    job.status = status;
    this.changed(job);
  }

  private changed(job: CopyJob): void {
    this.o.onChange?.(job);
    this.o.save({ jobs: [...this.jobs.values()], day: this.day, bytesToday: this.bytesToday });
  }

  private rollDay(): void {
    const day = utcDay(this.now());
    if (day !== this.day) [this.day, this.bytesToday] = [day, 0];
  }

  /** Keeps the statuses of the newest finished events only: the file and the map stay bounded. */
  private forget(): void {
    const finished = [...this.jobs.values()].filter(done);
    for (const j of finished.slice(0, Math.max(0, finished.length - (this.o.keepDone ?? 5000)))) this.jobs.delete(key(j.camera, j.id));
  }
}
