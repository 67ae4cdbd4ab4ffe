/**
 * Newest-frame-wins, the rule camrelay runs at every level (the capture client's pacer, the
 * server's viewer slot, the frame-fetch queue, the Live Monitor's renderer): one waiting place,
 * where a newer item replaces the older one and the replaced one is counted as dropped.
 */
export class NewestWins<T> {
  private item: T | null = null;
  /** Items replaced by a newer one before they were taken. */
  dropped = 0;

  /** `onDrop` runs with each replaced item (metrics, a held callback to release). */
  constructor(private readonly onDrop: (replaced: T) => void = () => {}) {}

  /** Puts `item` in the waiting place; the one already there, if any, is dropped. */
  put(item: T): void {
    const old = this.item;
    this.item = item;
    if (old !== null) {
      this.dropped++;
      this.onDrop(old);
    }
  }

  /** Takes the waiting item out, or null when none waits. */
  take(): T | null {
    const item = this.item;
    this.item = null;
    return item;
  }

  /** The waiting item, left in place. */
  peek(): T | null {
    return this.item;
  }

  get waiting(): boolean {
    return this.item !== null;
  }

  /** Empties the waiting place without counting a drop (closing, a reset). */
  clear(): void {
    this.item = null;
  }
}
