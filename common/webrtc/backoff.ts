/**
 * The wait between WebRTC upgrade attempts, the same on both legs: 5 s, doubling to 60 s, back to
 * 5 s after an upgrade that carried frames for a minute (a healthy path that broke once).
 */
const HEALTHY_MS = 60_000;

export class UpgradeBackoff {
  private nextMs: number;

  constructor(
    private readonly minMs = 5000,
    private readonly maxMs = 60_000,
  ) {
    this.nextMs = minMs;
  }

  reset(): void {
    this.nextMs = this.minMs;
  }

  /** Records how an attempt ended: one that delivered since `usingAt` for a minute earns a fresh start. */
  noteEnd(usingAt: number | null, endAt: number): void {
    if (usingAt !== null && endAt - usingAt > HEALTHY_MS) this.reset();
  }

  /** The wait before the next attempt; the one after it will be twice as long (up to the maximum). */
  take(): number {
    const wait = this.nextMs;
    this.nextMs = Math.min(this.nextMs * 2, this.maxMs);
    return wait;
  }
}
