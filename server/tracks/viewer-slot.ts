/**
 * The newest-frame-wins lane (lane.ts) of one camera to one viewer: a window of frames in flight (one,
 * unless the viewer's link is long enough to need more, see RungGovernor) and one pending. A newer
 * frame replaces the pending one, so a slow or frozen viewer costs the server its window plus one
 * frame at most, never a queue, and never delays anyone else. Every frame is a start point. The same
 * policy carries any unit that stands alone, the detector's looks (objects-track.ts) too.
 */
import { NewestWins } from '../../common/newest-wins.js';
import type { Lane, LaneBounds, LaneSink } from './lane.js';

/** Frames in flight at most, whatever the link: a few cover any round trip at camera rates. */
export const MAX_WINDOW = 3;

/** The window in flight and one pending; a frame's bytes are capped at ingest (frame-check.ts), not here. */
const BOUNDS: LaneBounds = { units: MAX_WINDOW + 1, bytes: Infinity };

/** A lane whose sink can change under it (a viewer upgrading to WebRTC and back). */
export interface FrameLane<U> extends Lane<U> {
  setSink(sink: LaneSink<U>): void;
}

/** A JPEG frame's size, the default unit's (relay/frame.ts). */
const jpegBytes = (unit: unknown): number => (unit as { jpeg: Uint8Array }).jpeg.length;

export class ViewerSlot<U extends object> implements FrameLane<U> {
  /** Frames handed to the sink and not yet taken, with when each was handed over. */
  private readonly inFlight = new Map<U, number>();
  private readonly pending: NewestWins<U>;
  private windowSize = 1;
  private closed = false;
  private paused = false;
  readonly bounds = BOUNDS;

  /**
   * `onTaken(frame, ms)` runs when the sink has taken a frame, `ms` after it was handed over; `onDrop` when a pending one
   * is replaced; `sizeOf` tells a unit's bytes (a frame's JPEG by default).
   */
  constructor(
    private sink: LaneSink<U>,
    private readonly onTaken: (frame: U, ms: number) => void = () => {},
    onDrop: (frame: U) => void = () => {},
    private readonly sizeOf: (unit: U) => number = jpegBytes,
  ) {
    this.pending = new NewestWins(onDrop);
  }

  /** Pending frames replaced by a newer one before the sink could take them. */
  get dropped(): number {
    return this.pending.dropped;
  }

  /** Frames that may be in flight at once (1 to MAX_WINDOW). */
  get window(): number {
    return this.windowSize;
  }

  set window(size: number) {
    this.windowSize = Math.max(1, Math.min(MAX_WINDOW, Math.round(size)));
    // A wider window takes the pending frame at once.
    if (this.inFlight.size < this.windowSize) {
      const next = this.pending.take();
      if (next) this.send(next);
    }
  }

  /** Offers the newest frame: sent now if the window has room, else it becomes the pending frame. */
  offer(frame: U): void {
    // Re-offers of a frame already on its way (offerLatest on subscribe, unpause, a sink change)
    // must not send it twice.
    if (this.closed || this.paused || this.inFlight.has(frame) || frame === this.pending.peek()) return;
    if (this.inFlight.size >= this.windowSize) return this.pending.put(frame);
    this.send(frame);
  }

  /** Frames the server holds for this viewer right now: those in flight, and one pending. */
  get held(): number {
    return this.inFlight.size + (this.pending.waiting ? 1 : 0);
  }

  get heldBytes(): number {
    const waiting = this.pending.peek();
    let bytes = waiting ? this.sizeOf(waiting) : 0;
    for (const frame of this.inFlight.keys()) bytes += this.sizeOf(frame);
    return bytes;
  }

  /** Offers are ignored while paused; the pending frame is let go, as it would be stale on return. */
  pause(): void {
    this.paused = true;
    this.pending.clear();
  }

  /** Any frame is a start point, so a return only drops what waited; `mark` is not stamped (JPEG meta carries none). */
  resume(mark?: number): boolean {
    if (this.closed || (!this.paused && mark === undefined)) return false;
    this.paused = false;
    this.pending.clear();
    return true;
  }

  /**
   * Sends through `sink` from now on. Frames in flight on the old sink count as taken: that sink
   * may never answer (a dead data channel), and a late answer is ignored.
   */
  setSink(sink: LaneSink<U>): void {
    this.sink = sink;
    for (const frame of [...this.inFlight.keys()]) this.onDone(frame);
  }

  close(): void {
    this.closed = true;
    this.inFlight.clear();
    this.pending.clear();
  }

  private send(frame: U): void {
    this.inFlight.set(frame, Date.now());
    let called = false;
    this.sink.write(frame, () => {
      // A sink that calls done twice must not release a second frame early.
      if (called) return;
      called = true;
      this.onDone(frame);
    });
  }

  private onDone(frame: U): void {
    const sentAt = this.inFlight.get(frame);
    if (this.closed || sentAt === undefined) return;
    this.inFlight.delete(frame);
    this.onTaken(frame, Date.now() - sentAt);
    const next = this.pending.take();
    if (next) this.send(next);
  }
}
