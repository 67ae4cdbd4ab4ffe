/**
 * The end of the frames' hot path: one tile's frames, decoded off the main thread and drawn at most
 * once per animation frame, never an older one after a newer.
 */
import { NewestWins } from '../../../common/newest-wins.js';
import { isNewerFrame, type FrameStamp } from '../../../shared/frame-order.js';
import type { MonitorFrameMeta } from '../../../shared/protocol.js';
import { Stats } from './stats.js';

/** A JPEG as Socket.IO hands it over: an ArrayBuffer in the browser. */
export type FramePayload = ArrayBuffer | Uint8Array;

export interface Closable {
  close(): void;
}

/** The renderer's side effects, injected so its logic runs under test without a DOM. */
export interface RendererDeps<B extends Closable> {
  decode: (jpeg: FramePayload) => Promise<B>;
  /** `jpeg` is the frame as it came (kept by the tile for snapshots: a reference, not a copy). */
  draw: (bitmap: B, meta: MonitorFrameMeta, jpeg: FramePayload) => void;
  requestFrame: (callback: () => void) => void;
  /** Monotonic ms, for the FPS window. */
  now: () => number;
}

/** A frame as it arrived, waiting for the decoder. */
interface Arrival {
  meta: MonitorFrameMeta;
  jpeg: FramePayload;
}

/** A decoded frame waiting for the next animation frame. */
interface Decoded<B> extends Arrival {
  bitmap: B;
}

/**
 * Newest frame wins, per tile: at most one frame waiting to be decoded, one decode in flight,
 * one decoded bitmap waiting for the next animation frame, and never a frame older than the one shown.
 */
export class FrameRenderer<B extends Closable = ImageBitmap> {
  readonly stats = new Stats();
  private readonly deps: RendererDeps<B>;
  // One small object per frame in each slot; a replaced one only counts (and frees its bitmap).
  private readonly pending = new NewestWins<Arrival>(() => this.stats.dropped++);
  private readonly ready = new NewestWins<Decoded<B>>((replaced) => {
    replaced.bitmap.close();
    this.stats.dropped++;
  });
  private decoding = false;
  private shown: FrameStamp | null = null;
  private frameRequested = false;
  private paused = false;
  private disposed = false;
  // Bound once so scheduling a draw allocates no closure per frame.
  private readonly onAnimationFrame = (): void => this.drawReady();

  constructor(deps: RendererDeps<B>) {
    this.deps = deps;
  }

  /** Takes one arrival; older arrivals and arrivals while paused are counted and dropped. */
  push(meta: MonitorFrameMeta, jpeg: FramePayload): void {
    if (this.disposed) return;
    if (!this.stats.receive(meta)) return;
    if (this.paused) {
      this.stats.dropped++;
      return;
    }
    this.pending.put({ meta, jpeg });
    if (!this.decoding) void this.decodeLoop();
  }

  /** Stops decoding (hidden tab): what is queued is dropped so no stale burst follows `resume`. */
  pause(): void {
    this.paused = true;
    this.dropQueued();
  }

  resume(): void {
    this.paused = false;
  }

  dispose(): void {
    this.disposed = true;
    this.dropQueued();
  }

  get isPaused(): boolean {
    return this.paused;
  }

  private async decodeLoop(): Promise<void> {
    this.decoding = true;
    for (let next = this.pending.take(); next !== null; next = this.pending.take()) {
      let bitmap: B;
      try {
        bitmap = await this.deps.decode(next.jpeg);
      } catch {
        this.stats.decodeErrors++;
        this.stats.dropped++;
        continue;
      }
      this.decoded(next.meta, bitmap, next.jpeg);
    }
    this.decoding = false;
  }

  private decoded(meta: MonitorFrameMeta, bitmap: B, jpeg: FramePayload): void {
    if (this.disposed || this.paused || (this.shown && !isNewerFrame(meta, this.shown))) {
      bitmap.close();
      this.stats.dropped++;
      return;
    }
    // A newer decode finished before the display refreshed: the older bitmap is never shown.
    this.ready.put({ meta, jpeg, bitmap });
    if (!this.frameRequested) {
      this.frameRequested = true;
      this.deps.requestFrame(this.onAnimationFrame);
    }
  }

  private drawReady(): void {
    this.frameRequested = false;
    const frame = this.ready.take();
    if (!frame) return;
    try {
      this.deps.draw(frame.bitmap, frame.meta, frame.jpeg);
    } finally {
      frame.bitmap.close();
    }
    this.shown = frame.meta;
    this.stats.draw(this.deps.now());
  }

  private dropQueued(): void {
    if (this.pending.take()) this.stats.dropped++;
    const ready = this.ready.take();
    if (ready) {
      ready.bitmap.close();
      this.stats.dropped++;
    }
  }
}
