/**
 * Failures per key (an IP address) in a sliding window; past the limit the key is blocked for a
 * while. An attempt is charged as a failure when it starts and refunded only if it succeeds, and a
 * key has one attempt in flight at a time: a flood of parallel tries costs one check, not many.
 * Bounded: the oldest keys are forgotten first, so a flood of addresses cannot grow it.
 */
export interface LimiterOptions {
  maxFailures: number;
  windowMs: number;
  blockMs: number;
  maxKeys?: number;
  now?: () => number;
}

interface Entry {
  failures: number[];
  blockedUntil: number;
  inFlight: boolean;
}

export interface Attempt {
  /** The attempt succeeded: its failure is refunded. */
  succeed(): void;
  /** The attempt failed: its failure stays. */
  fail(): void;
}

/** How long to wait when another attempt from the same key is still being checked. */
const BUSY_RETRY_MS = 1000;

export class FailureLimiter {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;

  constructor(private readonly o: LimiterOptions) {
    this.now = o.now ?? Date.now;
  }

  /** Milliseconds until the key may try again, or 0 when it may now. */
  retryAfter(key: string): number {
    const entry = this.entries.get(key);
    if (!entry) return 0;
    if (entry.inFlight) return BUSY_RETRY_MS;
    return Math.max(0, entry.blockedUntil - this.now());
  }

  /** Starts an attempt, charged as a failure until it succeeds; null when the key must wait. */
  begin(key: string): Attempt | null {
    if (this.retryAfter(key) > 0) return null;
    const entry = this.charge(key);
    entry.inFlight = true;
    const charged = entry.failures.at(-1)!;
    let settled = false;
    return {
      succeed: () => {
        if (settled) return;
        settled = true;
        entry.inFlight = false;
        const i = entry.failures.lastIndexOf(charged);
        if (i >= 0) entry.failures.splice(i, 1);
        if (entry.blockedUntil > this.now() && entry.failures.length < this.o.maxFailures) entry.blockedUntil = 0;
      },
      fail: () => {
        settled = true;
        entry.inFlight = false;
      },
    };
  }

  /** Records a failure outright (for checks too cheap to need `begin`). */
  fail(key: string): void {
    this.charge(key);
  }

  private charge(key: string): Entry {
    const now = this.now();
    let entry = this.entries.get(key);
    if (!entry) {
      if (this.entries.size >= (this.o.maxKeys ?? 10_000)) this.entries.delete(this.entries.keys().next().value!);
      entry = { failures: [], blockedUntil: 0, inFlight: false };
      this.entries.set(key, entry);
    }
    entry.failures = entry.failures.filter((t) => now - t < this.o.windowMs);
    entry.failures.push(now);
    if (entry.failures.length >= this.o.maxFailures) entry.blockedUntil = now + this.o.blockMs;
    return entry;
  }
}
