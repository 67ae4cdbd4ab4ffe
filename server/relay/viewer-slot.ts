/**
 * Latest-frame-wins delivery of one camera to one viewer: at most one frame in flight and one
 * pending. A newer frame replaces the pending one, so a slow or frozen viewer costs the server
 * two frames at most and never delays anyone else.
 */
import { NewestWins } from '../../common/newest-wins.js';
import type { Frame, FrameSink } from './frame.js';

export class ViewerSlot {
  private inFlight: Frame | null = null;
  private sentAt = 0;
  private readonly pending: NewestWins<Frame>;
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

  /** Offers the newest frame: sent now if the pipe is free, else it becomes the pending frame. */
  offer(frame: Frame): void {
    // Re-offers of the frame already on its way (offerLatest on subscribe, unpause, a sink change)
    // must not send it twice.
    if (this.closed || frame === this.inFlight || frame === this.pending.peek()) return;
    if (this.inFlight) return this.pending.put(frame);
    this.send(frame);
  }

  /** Frames the server holds for this viewer right now (0, 1 or 2). */
  get held(): number {
    return (this.inFlight ? 1 : 0) + (this.pending.waiting ? 1 : 0);
  }

  /**
   * Sends through `sink` from now on. The frame in flight on the old sink counts as taken: that
   * sink may never answer (a dead data channel), and a late answer is ignored.
   */
  setSink(sink: FrameSink): void {
    this.sink = sink;
    if (this.inFlight) this.onDone(this.inFlight);
  }

  close(): void {
    this.closed = true;
    this.inFlight = null;
    this.pending.clear();
  }

  private send(frame: Frame): void {
    this.inFlight = frame;
    this.sentAt = Date.now();
    let called = false;
    this.sink.write(frame, () => {
      // A sink that calls done twice must not release a second frame early.
      if (called) return;
      called = true;
      this.onDone(frame);
    });
  }

  private onDone(frame: Frame): void {
    if (this.closed || this.inFlight !== frame) return;
    this.inFlight = null;
    this.onTaken(frame, Date.now() - this.sentAt);
    const next = this.pending.take();
    if (next) this.send(next);
  }
}
