import type { CameraInfo, CameraStatus, Link, MonitorFrameMeta } from '../../shared/protocol.js';
import type { ServerClock } from './clock.js';
import { setAttr, setText } from './dom.js';
import { formatAge, formatFps, formatLatency, formatResolution, tileStatus } from './indicators.js';
import { FrameRenderer, type FramePayload } from './renderer.js';
import { TileMarkup } from './tile-markup.js';

/** Decodes off the main thread; a Uint8Array only arrives outside browsers, so copying it there is fine. */
function decodeJpeg(jpeg: FramePayload): Promise<ImageBitmap> {
  const part = jpeg instanceof ArrayBuffer ? jpeg : new Uint8Array(jpeg);
  return createImageBitmap(new Blob([part], { type: 'image/jpeg' }));
}

const OVERLAY: Record<CameraStatus, string> = {
  live: 'Waiting for video…',
  stalled: 'Stalled',
  offline: 'Camera offline',
};

/** One camera as the Diagnostics panel lists it: enough to tell which leg is slow. */
export interface CameraDiagnostics {
  id: string;
  name: string;
  status: CameraStatus;
  ingest: Link | null;
  drawn: number;
  lost: number;
  /** Ms since this browser last drew a frame of the camera, or null before the first. */
  drawnAgo: number | null;
  /** Ms since the server last received a frame from the camera, or null before the first. */
  receivedAgo: number | null;
}

const LOST_HELP = 'Gaps in the frame sequence: frames the camera produced that never reached this browser.';

/** One camera: its renderer, and its status and indicators, refreshed by `tick` rather than per frame. */
export class CameraTile {
  private readonly dom: TileMarkup;
  private readonly context: ImageBitmapRenderingContext | null;
  private readonly renderer: FrameRenderer<ImageBitmap>;
  private readonly clock: ServerClock;
  private readonly now: () => number;
  private info: CameraInfo;
  private status: CameraStatus;
  private lastDrawAt: number | null = null;
  /** Start of the current wait for frames: creation, the camera going live, or the tab becoming visible. */
  private watchingSince: number;
  private latencyMs: number | null = null;
  private captureSynced = true;
  private browserSynced = true;
  private frameSize = { width: 0, height: 0 };

  constructor(info: CameraInfo, clock: ServerClock, now: () => number) {
    this.dom = new TileMarkup(info.id);
    // 'bitmaprenderer' hands the decoded bitmap to the canvas without a copy (drawImage copies
    // every pixel, on the main thread): in a 16-camera grid that copy is most of the page's work.
    this.context = this.dom.canvas.getContext('bitmaprenderer');
    this.renderer = new FrameRenderer<ImageBitmap>({
      decode: decodeJpeg,
      draw: (bitmap, meta) => this.draw(bitmap, meta),
      requestFrame: (callback) => requestAnimationFrame(callback),
      now,
    });
    this.clock = clock;
    this.now = now;
    this.info = info;
    this.status = info.status;
    this.watchingSince = now();
    this.update(info);
  }

  get el(): HTMLElement {
    return this.dom.root;
  }

  /** The server's word that this camera is live: frames for it are owed to this page. */
  get serverLive(): boolean {
    return this.info.online && this.info.status === 'live';
  }

  /** The status this tile shows, which may be worse than the server's (see `tileStatus`). */
  get displayStatus(): CameraStatus {
    return this.status;
  }

  /** Takes the server's latest word on this camera. */
  update(info: CameraInfo): void {
    const wasLive = this.info.online && this.info.status === 'live';
    this.info = info;
    if (!wasLive && info.online && info.status === 'live') this.watchingSince = this.now();
    setText(this.dom.name, info.name || info.id);
    setText(this.dom.id, info.id);
    this.tick();
  }

  push(meta: MonitorFrameMeta, jpeg: FramePayload): void {
    this.renderer.push(meta, jpeg);
  }

  pause(): void {
    this.renderer.pause();
  }

  resume(): void {
    this.renderer.resume();
    this.watchingSince = this.now();
  }

  dispose(): void {
    this.renderer.dispose();
  }

  tick(now = this.now()): void {
    const { dom } = this;
    const stats = this.renderer.stats;
    const freshSince = Math.max(this.lastDrawAt ?? 0, this.watchingSince);
    this.status = tileStatus(this.info, freshSince, now);
    setAttr(dom.root, 'data-status', this.status);
    setText(dom.status, this.status);

    const showOverlay = this.status !== 'live' || this.lastDrawAt === null;
    dom.overlay.hidden = !showOverlay;
    if (showOverlay) {
      setText(dom.overlayTitle, OVERLAY[this.status]);
      setText(dom.overlayDetail, this.overlayDetail(now - freshSince));
    }

    setText(dom.frames, String(stats.drawn));
    setAttr(dom.frames, 'title', `${stats.drawn} drawn of ${stats.received} received in this browser`);
    setText(dom.fps, formatFps(stats.fps.rate(now)));
    // The latency of the last frame says nothing about a camera that stopped sending.
    const latency = formatLatency(this.status === 'live' ? this.latencyMs : null, this.captureSynced, this.browserSynced);
    setText(dom.latency, latency.text);
    setAttr(dom.latency, 'title', latency.title || 'Capture to screen, on the server clock');
    const drawn = this.lastDrawAt !== null;
    setText(dom.resolution, formatResolution(drawn ? this.frameSize.width : this.info.width, drawn ? this.frameSize.height : this.info.height));
    setText(dom.ingest, this.info.ingest ?? '—');
    setText(dom.lost, String(stats.lost));
    setAttr(dom.lost, 'title', `${LOST_HELP} ${stats.dropped} more arrived but were skipped here to stay current.`);
  }

  /** This camera's row in the Diagnostics panel; read once a second while the panel is open, never per frame. */
  diagnostics(now = this.now()): CameraDiagnostics {
    const { stats } = this.renderer;
    const last = this.info.lastFrameAt;
    return {
      id: this.info.id,
      name: this.info.name || this.info.id,
      status: this.status,
      ingest: this.info.ingest,
      drawn: stats.drawn,
      lost: stats.lost,
      drawnAgo: this.lastDrawAt === null ? null : now - this.lastDrawAt,
      receivedAgo: last === null ? null : this.clock.now() - last,
    };
  }

  private overlayDetail(sinceFresh: number): string {
    if (this.status === 'stalled') return `no new frame for ${formatAge(sinceFresh)}`;
    if (this.status === 'live') return '';
    const last = this.info.lastFrameAt;
    return last === null ? 'no frame received yet' : `last frame ${formatAge(this.clock.now() - last)} ago`;
  }

  private draw(bitmap: ImageBitmap, meta: MonitorFrameMeta): void {
    // The canvas takes the bitmap's size; the bitmap is detached (the renderer's close() is then a no-op).
    this.context?.transferFromImageBitmap(bitmap);
    this.frameSize = { width: meta.width, height: meta.height };
    this.lastDrawAt = this.now();
    this.latencyMs = this.clock.now() - meta.capturedAt;
    this.captureSynced = meta.clockSynced;
    this.browserSynced = this.clock.synced;
    // Automation hook (benchmarks, tests): costs nothing unless a page script sets it.
    const hook = (window as { __camrelayOnDraw?: (m: MonitorFrameMeta, latencyMs: number) => void }).__camrelayOnDraw;
    hook?.(meta, this.latencyMs);
  }
}
