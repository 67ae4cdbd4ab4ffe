/**
 * One camera's looks over the last minute (#57 item 6): done, skipped and why, the worker's time and regions per
 * look, kept in one-second buckets so memory stays fixed however fast the camera is looked at.
 */
import type { LookRates, SkipReason } from '../../shared/detect-capacity.js';

/** The window the Admin and /metrics state: long enough to smooth a 0.2/s camera, short enough to follow a change. */
export const WINDOW_MS = 60_000;
const BUCKET_MS = 1_000;
const BUCKETS = WINDOW_MS / BUCKET_MS;

interface Bucket {
  /** Which second (now / BUCKET_MS, floored) the bucket holds; a stale one is emptied before use. */
  second: number;
  looks: number;
  /** Relay looks with a worker's time (a capture side's verdicts have none). */
  timed: number;
  ms: number;
  regions: number;
  slow_look: number;
  workers_busy: number;
}

const empty = (second: number): Bucket => ({ second, looks: 0, timed: 0, ms: 0, regions: 0, slow_look: 0, workers_busy: 0 });

export class CapacityWindow {
  private readonly buckets: Bucket[] = Array.from({ length: BUCKETS }, () => empty(-Infinity));
  private readonly since: number;

  /** `now` is the service's clock (fake in tests); the window starts when the camera began detecting. */
  constructor(private readonly now: () => number = Date.now) {
    this.since = now();
  }

  /** A look done: by a relay worker in `ms` over `regions` regions (1: the whole picture), or by the capture side (`ms` null). */
  looked(ms: number | null, regions = 1): void {
    const b = this.bucket();
    b.looks++;
    if (ms === null) return;
    b.timed++;
    b.ms += ms;
    b.regions += regions;
  }

  skipped(reason: SkipReason): void {
    this.bucket()[reason]++;
  }

  /** The rates over the last minute, or over the time since the camera began detecting when that is shorter. */
  read(): Omit<LookRates, 'text'> {
    const now = this.now();
    const second = Math.floor(now / BUCKET_MS);
    const sum = empty(second);
    for (const b of this.buckets) {
      if (b.second <= second - BUCKETS || b.second > second) continue;
      for (const k of ['looks', 'timed', 'ms', 'regions', 'slow_look', 'workers_busy'] as const) sum[k] += b[k];
    }
    // From the oldest bucket's start (or the camera's), at least a second so a first look does not read as thousands a second.
    const overMs = Math.max(BUCKET_MS, now - Math.max((second - BUCKETS + 1) * BUCKET_MS, this.since));
    const perS = (n: number) => round((n * 1000) / overMs, 2);
    return {
      // The window is a minute once the camera has detected that long (its oldest bucket is cut at the second).
      overS: now - this.since >= WINDOW_MS ? WINDOW_MS / 1000 : Math.round(overMs / 1000),
      looksPerS: perS(sum.looks),
      skippedPerS: { slow_look: perS(sum.slow_look), workers_busy: perS(sum.workers_busy) },
      msPerLook: sum.timed > 0 ? round(sum.ms / sum.timed, 1) : null,
      regionsPerLook: sum.timed > 0 ? round(sum.regions / sum.timed, 2) : null,
    };
  }

  private bucket(): Bucket {
    const second = Math.floor(this.now() / BUCKET_MS);
    const i = ((second % BUCKETS) + BUCKETS) % BUCKETS;
    const b = this.buckets[i]!;
    if (b.second !== second) this.buckets[i] = empty(second);
    return this.buckets[i]!;
  }
}

const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;
