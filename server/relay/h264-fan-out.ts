/**
 * One camera's H.264 to its H.264 viewers (#30). Keeps the current GOP from its last keyframe
 * (at most `H264_GOP_CACHE_BYTES`, else nothing until the next keyframe) so a viewer that joins
 * or resumes gets a picture at once: the whole GOP, every unit but the newest marked `catchUp`
 * (decoded, never drawn), so its first picture is the newest one. Each viewer has its own
 * newest-GOP-wins lane (`H264Lane`). Asks the camera for a keyframe when a viewer joins or resumes with no GOP cached or
 * was skipped ahead, at most once per `KEYFRAME_REQUEST_MIN_MS` whatever the viewers do. Pure
 * code: the clock and the request are injected.
 */
import { H264_GOP_CACHE_BYTES, KEYFRAME_REQUEST_MIN_MS } from '../../shared/live-video.js';
import { H264Lane, type H264Unit } from '../tracks/h264-lane.js';
import type { Lane, LaneSink } from '../tracks/lane.js';

export interface H264FanOutOptions {
  /** Sends `keyframe` to the camera's capture side; the fan-out has already rate-limited it. */
  requestKeyframe: () => void;
  onSkip?: () => void;
  now?: () => number;
  gopCacheBytes?: number;
}

export class H264FanOut {
  private readonly lanes = new Map<string, Lane<H264Unit>>();
  private gop: H264Unit[] = [];
  private gopBytes = 0;
  private lastRequest = -Infinity;
  private readonly now: () => number;

  constructor(private readonly opts: H264FanOutOptions) {
    this.now = opts.now ?? Date.now;
  }

  get viewers(): number {
    return this.lanes.size;
  }

  /** Units of the cached GOP, from its keyframe. */
  get cachedUnits(): number {
    return this.gop.length;
  }

  offer(unit: H264Unit): void {
    this.cache(unit);
    for (const lane of this.lanes.values()) lane.offer(unit);
  }

  /**
   * A viewer joins: it gets the cached GOP at once, or a keyframe is asked for. `onSkip`: its own lane
   * skipped a GOP; `resume`: the viewer's newest `pause` `resume` number, stamped on what it is sent.
   */
  join(viewerId: string, sink: LaneSink<H264Unit>, onSkip?: () => void, resume = 0): void {
    if (this.lanes.has(viewerId)) return;
    const lane = new H264Lane({
      sink,
      resume,
      onSkip: () => {
        this.opts.onSkip?.();
        onSkip?.();
        this.askKeyframe();
      },
    });
    this.lanes.set(viewerId, lane);
    this.catchUp(lane);
  }

  /**
   * Closed, not only forgotten: its acks would otherwise keep writing what waited, a GOP the viewer no longer
   * watches, counted as sent and marking it as still taking H.264 (LiveH264.sending).
   */
  leave(viewerId: string): void {
    this.lanes.get(viewerId)?.close();
    this.lanes.delete(viewerId);
  }

  pause(viewerId: string): void {
    this.lanes.get(viewerId)?.pause();
  }

  /**
   * A resumed viewer starts again from the cached GOP, as one that joins. With a `resume` number it
   * restarts even if it was not paused (a page that thawed), and its units carry that number.
   */
  resume(viewerId: string, resume?: number): void {
    const lane = this.lanes.get(viewerId);
    if (lane?.resume(resume)) this.catchUp(lane);
  }

  /** The cached GOP to a lane that (re)starts; each unit but the newest is only there to decode it. */
  private catchUp(lane: Lane<H264Unit>): void {
    if (this.gop.length === 0) return this.askKeyframe();
    const newest = this.gop.length - 1;
    for (let i = 0; i < newest; i++) lane.offer({ meta: { ...this.gop[i]!.meta, catchUp: true }, au: this.gop[i]!.au });
    lane.offer(this.gop[newest]!);
  }

  private cache(unit: H264Unit): void {
    const cap = this.opts.gopCacheBytes ?? H264_GOP_CACHE_BYTES;
    if (unit.meta.keyframe) {
      this.gop = [];
      this.gopBytes = 0;
    } else if (this.gop.length === 0) return;
    if (this.gopBytes + unit.au.length > cap) {
      this.gop = [];
      this.gopBytes = 0;
      return;
    }
    this.gop.push(unit);
    this.gopBytes += unit.au.length;
  }

  /** Someone elsewhere (another node's joiner) wants a keyframe: asked for under the same rate limit. */
  keyframeWanted(): void {
    this.askKeyframe();
  }

  private askKeyframe(): void {
    const now = this.now();
    if (now - this.lastRequest < KEYFRAME_REQUEST_MIN_MS) return;
    this.lastRequest = now;
    this.opts.requestKeyframe();
  }
}
