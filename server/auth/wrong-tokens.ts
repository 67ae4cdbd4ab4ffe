/**
 * Wrong capture tokens seen lately, per address. A capture PC with a mistyped token retries the
 * same token again and again: that is one mistake, not a guess per retry, so only a token not
 * seen before from that address is charged to the limiter. Ten different wrong tokens a minute
 * still block the address (brute force), and the corrected token is never held back by the
 * repeats of the wrong one. Bounded: the oldest entries go first.
 */
import { createHash } from 'node:crypto';

export class WrongTokens {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly ttlMs = 60_000,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when this address sent this same wrong token within the window (and notes it again). */
  repeated(address: string, token: unknown): boolean {
    const key = `${address}\n${createHash('sha256')
      .update(typeof token === 'string' ? token : '')
      .digest('base64')}`;
    const now = this.now();
    const until = this.seen.get(key);
    this.seen.delete(key);
    if (this.seen.size >= this.maxEntries) this.seen.delete(this.seen.keys().next().value!);
    this.seen.set(key, now + this.ttlMs);
    return until !== undefined && until > now;
  }
}
