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

/**
 * Newest frame wins, per tile: at most one frame waiting to be decoded, one decode in flight,
 * one decoded bitmap waiting for the next animation frame, and never a frame older than the one shown.
 */
export class FrameRenderer<B extends Closable = ImageBitmap> {
  readonly stats = new Stats();
  private readonly deps: RendererDeps<B>;
  private pendingMeta: MonitorFrameMeta | null = null;
  private pendingJpeg: FramePayload | null = null;
  private decoding = false;
  private ready: B | null = null;
  private readyMeta: MonitorFrameMeta | null = null;
  private readyJpeg: FramePayload | null = null;
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
    if (this.pendingMeta) this.stats.dropped++;
    this.pendingMeta = meta;
    this.pendingJpeg = jpeg;
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
    while (this.pendingMeta && this.pendingJpeg) {
      const meta = this.pendingMeta;
      const jpeg = this.pendingJpeg;
      this.pendingMeta = null;
      this.pendingJpeg = null;
      let bitmap: B;
      try {
        bitmap = await this.deps.decode(jpeg);
      } catch {
        this.stats.decodeErrors++;
        this.stats.dropped++;
        continue;
      }
      this.decoded(meta, bitmap, jpeg);
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
    if (this.ready) {
      this.ready.close();
      this.stats.dropped++;
    }
    this.ready = bitmap;
    this.readyMeta = meta;
    this.readyJpeg = jpeg;
    if (!this.frameRequested) {
      this.frameRequested = true;
      this.deps.requestFrame(this.onAnimationFrame);
    }
  }

  private drawReady(): void {
    this.frameRequested = false;
    const bitmap = this.ready;
    const meta = this.readyMeta;
    const jpeg = this.readyJpeg;
    this.ready = null;
    this.readyMeta = null;
    this.readyJpeg = null;
    if (!bitmap || !meta || !jpeg) return;
    try {
      this.deps.draw(bitmap, meta, jpeg);
    } finally {
      bitmap.close();
    }
    this.shown = meta;
    this.stats.draw(this.deps.now());
  }

  private dropQueued(): void {
    if (this.pendingMeta) this.stats.dropped++;
    this.pendingMeta = null;
    this.pendingJpeg = null;
    if (this.ready) {
      this.ready.close();
      this.stats.dropped++;
    }
    this.ready = null;
    this.readyMeta = null;
    this.readyJpeg = null;
  }
}
