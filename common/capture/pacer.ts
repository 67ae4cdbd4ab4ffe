/**
 * Newest-frame-wins on ingest: a bounded number of sends in flight; while they are busy, a newer
 * frame replaces the waiting one. A link slower than the camera loses frames, never gains delay.
 */
import { NewestWins } from '../newest-wins.js';

export class Pacer<T> {
  private inFlight = 0;
  private readonly waiting: NewestWins<T>;

  /** `send` starts one item; `onDrop` runs for each item a newer one replaced before it could start. */
  constructor(
    private readonly maxInFlight: number,
    private readonly send: (item: T) => Promise<unknown>,
    onDrop: () => void = () => {},
  ) {
    if (!(maxInFlight >= 1)) throw new TypeError('maxInFlight must be at least 1.');
    this.waiting = new NewestWins<T>(() => onDrop());
  }

  /** Items replaced by a newer one before they could be sent. */
  get dropped(): number {
    return this.waiting.dropped;
  }

  get busy(): number {
    return this.inFlight;
  }

  /** Starts `item` now if a send slot is free, else makes it the one waiting (dropping the older one). */
  push(item: T): void {
    if (this.inFlight < this.maxInFlight) return this.start(item);
    this.waiting.put(item);
  }

  /** Forgets the waiting item without counting it as dropped (the pipe is closing). */
  clear(): void {
    this.waiting.clear();
  }

  private start(item: T): void {
    this.inFlight++;
    this.send(item)
      .catch(() => {})
      .finally(() => {
        this.inFlight--;
        const next = this.waiting.take();
        if (next !== null) this.start(next);
      });
  }
}
