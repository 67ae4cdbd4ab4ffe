/** What each tile's renderer counts (arrivals, draws, losses, drops, fps), without allocating on the draw path. */
import { isNewerFrame, type FrameStamp } from '../../../shared/frame-order.js';

/** Frames lost upstream between two received frames: a seq jump of k > 1 loses k − 1; a reset (restart) loses none. */
export function lostBetween(previous: FrameStamp | null, next: FrameStamp): number {
  // A new capture session (restart, another PC) starts its own numbering: no gap to count.
  if (!previous || previous.epoch !== next.epoch) return 0;
  const gap = next.seq - previous.seq;
  return gap > 1 ? gap - 1 : 0;
}

/** Events per second over a sliding window, kept in a fixed ring so the draw path allocates nothing. */
export class FpsWindow {
  readonly windowMs: number;
  private readonly times: Float64Array;
  private head = 0;
  private size = 0;

  // 512 slots over 2 s caps the reading at 256 fps, far above any camera.
  constructor(windowMs = 2000, capacity = 512) {
    if (!(windowMs > 0)) throw new TypeError(`The FPS window must be a positive number of ms, got ${windowMs}.`);
    this.windowMs = windowMs;
    this.times = new Float64Array(capacity);
  }

  add(t: number): void {
    const capacity = this.times.length;
    this.times[(this.head + this.size) % capacity] = t;
    if (this.size < capacity) this.size++;
    else this.head = (this.head + 1) % capacity;
  }

  /** Events in the last `windowMs` before `now`, per second. */
  rate(now: number): number {
    const capacity = this.times.length;
    const since = now - this.windowMs;
    while (this.size > 0 && (this.times[this.head] ?? 0) <= since) {
      this.head = (this.head + 1) % capacity;
      this.size--;
    }
    return this.size / (this.windowMs / 1000);
  }

  reset(): void {
    this.head = 0;
    this.size = 0;
  }
}

/** What one tile's renderer has seen: arrivals, draws, upstream losses and local drops. */
export class Stats {
  received = 0;
  drawn = 0;
  /** Frames the capture client produced that never reached this browser (gaps in `seq`). */
  lost = 0;
  /** Frames that reached this browser but were not drawn: stale, superseded, or hidden tab. */
  dropped = 0;
  decodeErrors = 0;
  readonly fps: FpsWindow;
  private newest: FrameStamp | null = null;

  constructor(fpsWindowMs = 2000) {
    this.fps = new FpsWindow(fpsWindowMs);
  }

  /** Records an arrival; false when it is not newer than one already received, so it must not be shown. */
  receive(stamp: FrameStamp): boolean {
    this.received++;
    if (!isNewerFrame(stamp, this.newest)) {
      this.dropped++;
      return false;
    }
    this.lost += lostBetween(this.newest, stamp);
    this.newest = stamp;
    return true;
  }

  /** The frames skipped on purpose from here on (H.264 shown instead) are no loss: the next one counts no gap. */
  resync(): void {
    this.newest = null;
  }

  draw(now: number): void {
    this.drawn++;
    this.fps.add(now);
  }
}
