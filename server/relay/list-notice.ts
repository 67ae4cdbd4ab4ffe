/** Tells listeners the camera list changed, coalescing a burst of changes into one notice. */

/** A camera list change reaches viewers at most this often (a burst of changes becomes one list). */
const LIST_MIN_INTERVAL_MS = 250;

export class ListNotice {
  private readonly listeners = new Set<() => void>();
  private timer: NodeJS.Timeout | undefined;
  private lastAt = 0;

  listen(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** At most one notice per LIST_MIN_INTERVAL_MS, the first at once. */
  changed(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.lastAt + LIST_MIN_INTERVAL_MS - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.lastAt = Date.now();
      for (const l of this.listeners) l();
    }, wait);
    this.timer.unref();
  }

  close(): void {
    clearTimeout(this.timer);
  }
}
