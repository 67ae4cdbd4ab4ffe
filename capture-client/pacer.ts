/**
 * Newest-frame-wins on ingest: a bounded number of sends in flight; while they are busy, a newer
 * frame replaces the waiting one. A link slower than the camera loses frames, never gains delay.
 */
export class Pacer<T> {
  private inFlight = 0;
  private waiting: T | null = null;
  /** Frames replaced by a newer one before they could be sent. */
  dropped = 0;

  constructor(
    private readonly maxInFlight: number,
    private readonly send: (item: T) => Promise<unknown>,
    private readonly onDrop: () => void = () => {},
  ) {
    if (!(maxInFlight >= 1)) throw new TypeError('maxInFlight must be at least 1.');
  }

  push(item: T): void {
    if (this.inFlight < this.maxInFlight) return this.start(item);
    if (this.waiting !== null) {
      this.dropped++;
      this.onDrop();
    }
    this.waiting = item;
  }

  get busy(): number {
    return this.inFlight;
  }

  private start(item: T): void {
    this.inFlight++;
    this.send(item)
      .catch(() => {})
      .finally(() => {
        this.inFlight--;
        const next = this.waiting;
        this.waiting = null;
        if (next !== null) this.start(next);
      });
  }
}
