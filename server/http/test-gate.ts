/** One test event per key (a webhook rule, MQTT) every `everyMs`: a test button held down sends one, not a flood. */
export class TestGate {
  private readonly last = new Map<string, number>();

  constructor(
    private readonly everyMs = 2000,
    private readonly now: () => number = Date.now,
  ) {}

  /** 0 when `key` may send now (and it is counted), else the ms until it may. */
  take(key: string): number {
    const t = this.now();
    const wait = (this.last.get(key) ?? -Infinity) + this.everyMs - t;
    if (wait > 0) return wait;
    this.last.set(key, t);
    // Keys are rule ids and `mqtt`: bounded by the rules kept, but forget the old ones anyway.
    if (this.last.size > 256) for (const [k, at] of this.last) if (at + this.everyMs <= t) this.last.delete(k);
    return 0;
  }
}
