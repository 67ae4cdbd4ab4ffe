/**
 * Puts live H.264 units that came by frame-fetch GETs back in the order the relay answered them
 * (`X-Unit-Order`, 0, 1, 2… per connection). Two GETs wait at once, so a unit's answer can complete
 * before the one written ahead of it, and a decoder cannot take a P-frame before its reference.
 * Fewer units than GETs can wait here; one that waited `holdMs` goes on without the one ahead
 * (that GET failed, so its unit is lost): the player's decoder then errors or stalls, and the tile
 * goes back to JPEG as it would for any broken stream.
 */
export const UNIT_ORDER_HOLD_MS = 1000;

export class UnitOrder<T> {
  private next = 0;
  private readonly held = new Map<number, T>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly deliver: (item: T) => void,
    /** Most units held at once (the GETs in flight); more means numbering went wrong: all go on. */
    private readonly maxHeld: number,
    private readonly holdMs = UNIT_ORDER_HOLD_MS,
  ) {}

  /** The unit numbered `order`: delivered now if it is the next one, else held for the one ahead. */
  put(order: number, item: T): void {
    // One that comes after the wait gave up on it: later units went on, so it can only break the stream.
    if (!Number.isSafeInteger(order) || order < this.next) return;
    this.held.set(order, item);
    if (this.held.size > this.maxHeld) return this.skipAhead();
    this.drain();
    if (this.held.size > 0 && !this.timer) this.timer = setTimeout(() => this.skipAhead(), this.holdMs);
  }

  /** A new connection numbers from 0 again. */
  reset(): void {
    this.next = 0;
    this.held.clear();
    this.clearTimer();
  }

  private drain(): void {
    while (this.held.has(this.next)) {
      const item = this.held.get(this.next)!;
      this.held.delete(this.next++);
      this.deliver(item);
    }
    if (this.held.size === 0) this.clearTimer();
  }

  private skipAhead(): void {
    this.clearTimer();
    if (this.held.size === 0) return;
    this.next = Math.min(...this.held.keys());
    this.drain();
    // A second gap further on gets its own wait.
    if (this.held.size > 0) this.timer = setTimeout(() => this.skipAhead(), this.holdMs);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
