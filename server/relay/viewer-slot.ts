/**
 * Latest-frame-wins delivery of one camera to one viewer: a window of frames in flight (one,
 * unless the viewer's link is long enough to need more, see RungGovernor) and one pending. A newer
 * frame replaces the pending one, so a slow or frozen viewer costs the server its window plus one
 * frame at most, never a queue, and never delays anyone else.
 */
import { NewestWins } from '../../common/newest-wins.js';
import type { Frame, FrameSink } from './frame.js';

/** Frames in flight at most, whatever the link: a few cover any round trip at camera rates. */
export const MAX_WINDOW = 3;

export class ViewerSlot {
  /** Frames handed to the sink and not yet taken, with when each was handed over. */
  private readonly inFlight = new Map<Frame, number>();
  private readonly pending: NewestWins<Frame>;
  private windowSize = 1;
  private closed = false;

  /** `onTaken(frame, ms)` runs when the sink has taken a frame, `ms` after it was handed over; `onDrop` when a pending one is replaced. */
  constructor(
    private sink: FrameSink,
    private readonly onTaken: (frame: Frame, ms: number) => void = () => {},
    onDrop: (frame: Frame) => void = () => {},
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
  offer(frame: Frame): void {
    // Re-offers of a frame already on its way (offerLatest on subscribe, unpause, a sink change)
    // must not send it twice.
    if (this.closed || this.inFlight.has(frame) || frame === this.pending.peek()) return;
    if (this.inFlight.size >= this.windowSize) return this.pending.put(frame);
    this.send(frame);
  }

  /** Frames the server holds for this viewer right now: those in flight, and one pending. */
  get held(): number {
    return this.inFlight.size + (this.pending.waiting ? 1 : 0);
  }

  /**
   * Sends through `sink` from now on. Frames in flight on the old sink count as taken: that sink
   * may never answer (a dead data channel), and a late answer is ignored.
   */
  setSink(sink: FrameSink): void {
    this.sink = sink;
    for (const frame of [...this.inFlight.keys()]) this.onDone(frame);
  }

  close(): void {
    this.closed = true;
    this.inFlight.clear();
    this.pending.clear();
  }

  private send(frame: Frame): void {
    this.inFlight.set(frame, Date.now());
    let called = false;
    this.sink.write(frame, () => {
      // A sink that calls done twice must not release a second frame early.
      if (called) return;
      called = true;
      this.onDone(frame);
    });
  }

  private onDone(frame: Frame): void {
    const sentAt = this.inFlight.get(frame);
    if (this.closed || sentAt === undefined) return;
    this.inFlight.delete(frame);
    this.onTaken(frame, Date.now() - sentAt);
    const next = this.pending.take();
    if (next) this.send(next);
  }
}
