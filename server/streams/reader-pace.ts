/**
 * How a stream reader of the relay's live H.264 (stream.mp4's response, an RTSP session) keeps a slow reader bounded:
 * past `capBytes` in its buffer it drops units up to the next keyframe, the lane's next unit waits until the buffer
 * drains (the lane then keeps the newest GOP), and a buffer that has not drained for `stallMs` ends it. One place for
 * both outputs, which differ only in what they write.
 */
export interface ReaderPaceOptions {
  capBytes: number;
  stallMs: number;
  checkEveryMs: number;
  /** Bytes the output holds now (its writableLength). */
  queued: () => number;
  /** Start dropping until a keyframe (a reader that must begin at one). */
  keyFirst: boolean;
  stalled: () => void;
}

export class ReaderPace {
  written = 0;
  dropped = 0;
  bytes = 0;
  private needKey: boolean;
  /** Since when the output has been full (a write said false and no 'drain' came yet); undefined while it takes. */
  private fullSince: number | undefined;
  /** The lane's writes waiting for the output to drain. */
  private waiting: Array<() => void> = [];
  private readonly stall: NodeJS.Timeout;

  constructor(private readonly o: ReaderPaceOptions) {
    this.needKey = o.keyFirst;
    this.stall = setInterval(() => {
      if (this.fullSince !== undefined && Date.now() - this.fullSince >= o.stallMs) o.stalled();
    }, o.checkEveryMs);
    this.stall.unref();
  }

  /** Whether a unit may be written now; one that may not is counted dropped. */
  admit(keyframe: boolean): boolean {
    // The lane bounds what waits; this bounds what the output holds, whatever a unit's size.
    if (this.o.queued() > this.o.capBytes) this.needKey = true;
    if (this.needKey && !keyframe) {
      this.dropped++;
      return false;
    }
    this.needKey = false;
    return true;
  }

  /** A unit was written (`free`: the output's last write said it takes more): the lane goes on now or on 'drain'. */
  wrote(bytes: number, free: boolean, done: () => void): void {
    this.bytes += bytes;
    this.written++;
    if (free) return done();
    this.fullSince ??= Date.now();
    // The lane sends the next unit once this one is taken: a slow reader's units wait there, newest GOP winning.
    this.waiting.push(done);
  }

  /** The output drained (or the reader ended): the waiting write is let go. */
  release(): void {
    this.fullSince = undefined;
    for (const resolve of this.waiting.splice(0)) resolve();
  }

  stop(): void {
    clearInterval(this.stall);
  }
}
