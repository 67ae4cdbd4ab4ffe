/**
 * Failures per key (an IP address) in a sliding window; past the limit the key is blocked for a
 * while. Bounded: the oldest keys are forgotten first, so a flood of addresses cannot grow it.
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
}

export class FailureLimiter {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;

  constructor(private readonly o: LimiterOptions) {
    this.now = o.now ?? Date.now;
  }

  /** Milliseconds until the key may try again, or 0 when it may now. */
  retryAfter(key: string): number {
    const entry = this.entries.get(key);
    return entry ? Math.max(0, entry.blockedUntil - this.now()) : 0;
  }

  fail(key: string): void {
    const now = this.now();
    let entry = this.entries.get(key);
    if (!entry) {
      if (this.entries.size >= (this.o.maxKeys ?? 10_000)) this.entries.delete(this.entries.keys().next().value!);
      entry = { failures: [], blockedUntil: 0 };
      this.entries.set(key, entry);
    }
    entry.failures = entry.failures.filter((t) => now - t < this.o.windowMs);
    entry.failures.push(now);
    if (entry.failures.length >= this.o.maxFailures) {
      entry.blockedUntil = now + this.o.blockMs;
      entry.failures = [];
    }
  }

  succeed(key: string): void {
    const entry = this.entries.get(key);
    if (entry && entry.blockedUntil <= this.now()) this.entries.delete(key);
  }
}
