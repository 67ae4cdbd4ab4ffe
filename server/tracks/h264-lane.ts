/**
 * The newest-GOP-wins lane (lane.ts) of one viewer's H.264 of one camera (#30). Up to
 * `H264_VIEWER_WINDOW` units and `H264_VIEWER_WINDOW_BYTES` are in flight (sent, not acked); the rest
 * wait, at most one GOP, `H264_VIEWER_QUEUE_BYTES` and `H264_VIEWER_QUEUE_UNITS` (past either, it waits
 * for the next keyframe). A keyframe that finds units waiting drops them and goes on from itself, so
 * the viewer never gets a P-frame whose references it skipped. Every unit goes out stamped with the
 * viewer's newest `resume` number (`MonitorH264Meta.resume`), so a page can tell the units in flight
 * before a restart from those after it. Pure code, no I/O: the transport supplies the sink (lane.ts),
 * whose `done` comes when the viewer acks: the same sink shape as the JPEG lane's, no promise per unit.
 */
import { H264_VIEWER_QUEUE_BYTES, H264_VIEWER_WINDOW, H264_VIEWER_WINDOW_BYTES } from '../../shared/live-video.js';
import type { H264FrameMeta } from '../../shared/demand.js';
import type { MonitorH264Meta } from '../../shared/protocol.js';
import { guardedPump, type Lane, type LaneBounds, type LaneSink } from './lane.js';

/**
 * Units waiting at most, whatever their size: a GOP of 34 s at 30 fps. The byte cap binds first for any real
 * stream; this one keeps a stream of tiny units from costing a queue entry each without end.
 */
export const H264_VIEWER_QUEUE_UNITS = 1024;

/** One access unit of the `h264` track, the one object every reader of it shares (viewers, the bus, the recorder). */
export interface H264Unit {
  meta: MonitorH264Meta;
  au: Uint8Array;
  /** The camera side's own meta, its capture time on the server clock: on units of this node's capture clients, what the recorder keeps. */
  capture?: H264FrameMeta;
  /** False on a unit no viewer is sent (H.265, before its first SPS, before the camera's session is numbered): the recorder's alone. */
  live?: boolean;
}

/**
 * The meta each unit last went out with and its stamp: lanes that send a unit with the same `resume` share
 * one object, as they shared the unstamped one (frame-fetch makes a unit's header once per meta object).
 */
const stamped = new WeakMap<MonitorH264Meta, MonitorH264Meta>();
function stampOf(meta: MonitorH264Meta, resume: number): MonitorH264Meta {
  let out = stamped.get(meta);
  if (out?.resume !== resume) stamped.set(meta, (out = { ...meta, resume }));
  return out;
}

export interface H264LaneOptions {
  sink: LaneSink<H264Unit>;
  /** Called when units were dropped and the lane now waits for (or jumped to) a keyframe. */
  onSkip?: () => void;
  window?: number;
  windowBytes?: number;
  queueBytes?: number;
  queueUnits?: number;
  /** The viewer's newest `pause` `resume` number when the lane starts (0: none yet). */
  resume?: number;
}

export class H264Lane implements Lane<H264Unit> {
  private readonly opts: Required<H264LaneOptions>;
  readonly bounds: LaneBounds;
  private queue: H264Unit[] = [];
  private queueBytes = 0;
  private inFlight = 0;
  private inFlightBytes = 0;
  // A fresh lane, a paused one and one that skipped a GOP too big to queue start at a keyframe.
  private needKey = true;
  private paused = false;
  private closed = false;
  private stamp: number;
  private windowSize: number;
  private droppedUnits = 0;

  constructor(options: H264LaneOptions) {
    this.opts = {
      onSkip: () => {},
      window: H264_VIEWER_WINDOW,
      windowBytes: H264_VIEWER_WINDOW_BYTES,
      queueBytes: H264_VIEWER_QUEUE_BYTES,
      queueUnits: H264_VIEWER_QUEUE_UNITS,
      resume: 0,
      ...options,
    };
    this.stamp = this.opts.resume;
    this.windowSize = this.opts.window;
    const { window, windowBytes, queueBytes, queueUnits } = this.opts;
    // In flight: a unit bigger than the byte window goes alone, and none bigger than the queue is ever queued.
    this.bounds = { units: window + queueUnits, bytes: Math.max(windowBytes, queueBytes) + queueBytes };
  }

  /** Units that may be in flight at once (1 to the `window` it was made with). */
  get window(): number {
    return this.windowSize;
  }

  set window(size: number) {
    this.windowSize = Math.max(1, Math.min(this.opts.window, Math.round(size)));
    this.pump();
  }

  get held(): number {
    return this.inFlight + this.queue.length;
  }

  get heldBytes(): number {
    return this.inFlightBytes + this.queueBytes;
  }

  /** Units dropped unsent: those waiting when it skipped ahead, and the one too big to queue. */
  get dropped(): number {
    return this.droppedUnits;
  }

  /** Bytes waiting to be sent (never over the queue cap). */
  get queuedBytes(): number {
    return this.queueBytes;
  }

  /** True while the lane waits for a keyframe before it sends anything. */
  get waitingForKeyframe(): boolean {
    return this.needKey;
  }

  offer(unit: H264Unit): void {
    if (this.paused || this.closed) return;
    // Not for viewers: what follows it may reference it, so the lane starts again at the next keyframe that is.
    if (unit.live === false) return void (this.needKey = true);
    if (unit.meta.keyframe) {
      if (this.queue.length > 0) this.skip();
      this.needKey = false;
    }
    if (this.needKey) return;
    if (this.queueBytes + unit.au.length > this.opts.queueBytes || this.queue.length >= this.opts.queueUnits) {
      this.droppedUnits++;
      this.skip();
      this.needKey = true;
      return;
    }
    this.queue.push(unit);
    this.queueBytes += unit.au.length;
    this.pump();
  }

  /** Nothing is sent while paused; on resume the lane starts again at the next keyframe. */
  pause(): void {
    this.paused = true;
    this.queue = [];
    this.queueBytes = 0;
  }

  /**
   * Ends a pause; with a `resume` number (a page that counts its returns) it restarts even a lane
   * that was not paused, and stamps that number on everything it sends from now on. False when
   * nothing changed (not paused, no number), so the caller offers nothing again.
   */
  resume(resume?: number): boolean {
    if (this.closed || (!this.paused && resume === undefined)) return false;
    this.paused = false;
    this.needKey = true;
    this.queue = [];
    this.queueBytes = 0;
    if (resume !== undefined) this.stamp = resume;
    return true;
  }

  /** What waits is dropped; units still in flight settle as their acks come back. */
  close(): void {
    this.closed = true;
    this.queue = [];
    this.queueBytes = 0;
  }

  private skip(): void {
    this.droppedUnits += this.queue.length;
    this.queue = [];
    this.queueBytes = 0;
    this.opts.onSkip();
  }

  private readonly pump = guardedPump(() => this.send());

  private send(): void {
    while (this.queue.length > 0 && this.inFlight < this.windowSize) {
      const next = this.queue[0]!;
      // One unit bigger than the byte window still goes, alone, or the lane would stall for good.
      if (this.inFlight > 0 && this.inFlightBytes + next.au.length > this.opts.windowBytes) return;
      this.queue.shift();
      this.queueBytes -= next.au.length;
      this.inFlight++;
      this.inFlightBytes += next.au.length;
      let settled = false;
      // `done` once per unit, whatever the sink does: a second call must not open the window twice.
      this.opts.sink.write({ meta: stampOf(next.meta, this.stamp), au: next.au }, () => {
        if (settled) return;
        settled = true;
        this.inFlight--;
        this.inFlightBytes -= next.au.length;
        this.pump();
      });
    }
  }
}
