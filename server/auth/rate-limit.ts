/**
 * Failures per key (an IP address) in a sliding window; past the limit the key is blocked for a
 * while. An attempt is charged as a failure when it starts and refunded only if it succeeds, so
 * parallel tries cannot outrun the count (the Authenticator also checks one login per address at a time).
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
}

export interface Attempt {
  /** The attempt succeeded: its failure is refunded. */
  succeed(): void;
  /** The attempt failed: its failure stays. */
  fail(): void;
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
    if (!entry) return 0;
    return Math.max(0, entry.blockedUntil - this.now());
  }

  /** Starts an attempt, charged as a failure until it succeeds; null when the key must wait. */
  begin(key: string): Attempt | null {
    if (this.retryAfter(key) > 0) return null;
    const entry = this.charge(key);
    const charged = entry.failures.at(-1)!;
    let settled = false;
    return {
      succeed: () => {
        if (settled) return;
        settled = true;
        const i = entry.failures.lastIndexOf(charged);
        if (i >= 0) entry.failures.splice(i, 1);
        if (entry.blockedUntil > this.now() && entry.failures.length < this.o.maxFailures) entry.blockedUntil = 0;
      },
      fail: () => {
        settled = true;
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
      entry = { failures: [], blockedUntil: 0 };
      this.entries.set(key, entry);
    }
    entry.failures = entry.failures.filter((t) => now - t < this.o.windowMs);
    entry.failures.push(now);
    if (entry.failures.length >= this.o.maxFailures) entry.blockedUntil = now + this.o.blockMs;
    return entry;
  }
}
