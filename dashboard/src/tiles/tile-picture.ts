/**
 * A tile's picture, at the end of the frames' path: the camera's JPEGs drawn by the renderer, or its live H.264 on
 * the same canvas while the relay sends it (#30), and what is known of the picture on screen (its size, when it was
 * drawn, its latency) for the tile's status and figures (camera-tile.ts) and for a snapshot.
 */
import type { MonitorFrameMeta, MonitorH264Meta } from '../../../shared/protocol.js';
import type { ServerClock } from '../connection/clock.js';
import { FrameRenderer, type FramePayload } from './renderer.js';
import { decodeJpeg, fetchStill, saveFrame } from './snapshot.js';
import type { TileMarkup } from './tile-markup.js';
import { TileVideo, type TileVideoHost } from './tile-video.js';

export interface TilePictureOptions {
  clock: ServerClock;
  now: () => number;
  /** The H.264 player gave up on this camera: JPEG again (live-codecs.ts says why). */
  fellBack: TileVideoHost['fellBack'];
  /** The first picture is on the canvas. */
  firstDrawn: () => void;
}

export class TilePicture {
  private readonly context: ImageBitmapRenderingContext | null;
  private readonly renderer: FrameRenderer<ImageBitmap>;
  /** Live H.264 on the same canvas while the relay sends it (#30); JPEG is the floor. */
  private readonly video: TileVideo;
  /** When the last picture was drawn (null: none yet). */
  lastDrawAt: number | null = null;
  /** The newest picture's delay behind its capture (relay clock), which the camera's sound is played in step with (#40). */
  latencyMs: number | null = null;
  captureSynced = true;
  browserSynced = true;
  /** The picture on screen, JPEG or H.264: its size and shape are what the tile shows. */
  onScreen: MonitorFrameMeta | null = null;
  /** The frame on screen, as it came: what a snapshot saves. */
  private shown: { jpeg: FramePayload; meta: MonitorFrameMeta } | null = null;
  /** H.264 pictures were drawn since the last JPEG: the JPEGs the relay held back meanwhile are no loss. */
  private afterH264 = false;
  /** An offline camera's last picture, asked of the relay once (it keeps one on disk). */
  private stillAsked = false;

  constructor(
    private readonly dom: TileMarkup,
    private readonly o: TilePictureOptions,
  ) {
    // 'bitmaprenderer' hands the decoded bitmap to the canvas without a copy (drawImage copies
    // every pixel, on the main thread): in a 16-camera grid that copy is most of the page's work.
    this.context = dom.canvas.getContext('bitmaprenderer');
    this.renderer = new FrameRenderer<ImageBitmap>({
      decode: decodeJpeg,
      draw: (bitmap, meta, jpeg) => this.draw(bitmap, meta, jpeg),
      requestFrame: (callback) => requestAnimationFrame(callback),
      now: o.now,
    });
    this.video = new TileVideo({
      canvas: dom.canvas,
      now: o.now,
      drew: (meta) => {
        this.afterH264 = true;
        this.drew(meta);
      },
      fellBack: o.fellBack,
    });
  }

  push(meta: MonitorFrameMeta, jpeg: FramePayload): void {
    // JPEGs sent before the relay switched this camera to H.264 are older than its pictures; those it
    // held back meanwhile were replaced by H.264, not lost.
    if (this.video.showing) return;
    if (this.afterH264) this.renderer.stats.resync();
    this.afterH264 = false;
    this.renderer.push(meta, jpeg);
  }

  pushH264(meta: MonitorH264Meta, au: Uint8Array): void {
    this.video.push(meta, au);
  }

  /** What the canvas shows now. */
  get codec(): 'h264' | 'jpeg' {
    return this.video.showing ? 'h264' : 'jpeg';
  }

  /** The counts of what the tile draws now: the H.264 stream's while it shows, else the JPEGs'. */
  get stats() {
    return this.video.showing ? this.video.stats : this.renderer.stats;
  }

  /** Decodes nothing while paused; true when the JPEGs resumed (the wait for a fresh frame starts again). */
  setPaused(paused: boolean): boolean {
    this.video.setPaused(paused);
    if (paused === this.renderer.isPaused) return false;
    if (paused) {
      this.renderer.pause();
      return false;
    }
    this.renderer.resume();
    return true;
  }

  /** Saves the frame on screen (under H.264, the relay's full-size JPEG of it); false when there is none yet. */
  snapshot(id: string, fullWidth: number | null): boolean {
    if (!this.shown) return false;
    const { jpeg, meta } = this.shown;
    saveFrame(id, { jpeg, width: this.video.showing ? 0 : meta.width, capturedAt: (this.onScreen ?? meta).capturedAt }, fullWidth);
    return true;
  }

  /**
   * A camera that is offline when the page opens (after a relay restart, say) shows its last
   * picture, dimmed like any offline tile; it is not a frame: no count, no latency, no snapshot.
   */
  async showStill(id: string): Promise<void> {
    if (this.lastDrawAt !== null || this.stillAsked) return;
    this.stillAsked = true;
    // None: the tile stays black with its "Camera offline" overlay.
    const bitmap = await fetchStill(id);
    if (!bitmap) return;
    // A live frame came first.
    if (this.lastDrawAt !== null) return bitmap.close();
    this.dom.paint(this.context, bitmap);
  }

  dispose(): void {
    this.renderer.dispose();
    this.video.dispose();
  }

  private draw(bitmap: ImageBitmap, meta: MonitorFrameMeta, jpeg: FramePayload): void {
    this.dom.paint(this.context, bitmap);
    this.shown = { jpeg, meta };
    this.drew(meta);
  }

  /** A picture is on the canvas (a JPEG, or an H.264 picture the player drew there). */
  private drew(meta: MonitorFrameMeta): void {
    // The tile takes the camera's shape (layout.ts, tile.css); H.264 pictures size the canvas themselves.
    if (meta.width !== this.onScreen?.width || meta.height !== this.onScreen.height) this.dom.setAspect(meta.width, meta.height);
    this.onScreen = meta;
    const first = this.lastDrawAt === null;
    this.lastDrawAt = this.o.now();
    this.latencyMs = this.o.clock.now() - meta.capturedAt;
    this.captureSynced = meta.clockSynced;
    this.browserSynced = this.o.clock.synced;
    // Automation hook (benchmarks, tests): costs nothing unless a page script sets it.
    const hook = (window as { __camrelayOnDraw?: (m: MonitorFrameMeta, latencyMs: number) => void }).__camrelayOnDraw;
    hook?.(meta, this.latencyMs);
    // The first picture replaces "Starting" at once, not at the next tick.
    if (first) this.o.firstDrawn();
  }
}
