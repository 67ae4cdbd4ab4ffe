/**
 * A token bucket per camera: `maxFps` a second, with half a second of burst (network jitter bunches
 * frames up), the excess refused. Undefined `maxFps` lets everything through.
 */
export class FpsLimit {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly maxFps: number | undefined,
    private readonly now: () => number,
  ) {}

  /** True when this camera may send a frame now (and counts it). */
  take(cameraId: string): boolean {
    const maxFps = this.maxFps;
    if (!maxFps) return true;
    const now = this.now();
    const burst = Math.max(2, maxFps / 2);
    const bucket = this.buckets.get(cameraId) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) * maxFps) / 1000);
    bucket.at = now;
    this.buckets.set(cameraId, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  forget(cameraId: string): void {
    this.buckets.delete(cameraId);
  }
}
