/** One camera's tile: its renderer at the end of the frames' path, and its status and figures, refreshed on a timer. */
import type { CameraInfo, CameraStatus, Link, MonitorFrameMeta } from '../../../shared/protocol.js';
import type { ServerClock } from '../connection/clock.js';
import { setAttr, setText } from '../dom.js';
import { formatFps, formatFrameSize, formatLatency, tileStatus } from './indicators.js';
import { FrameRenderer, type FramePayload } from './renderer.js';
import { parsePin, type Pin } from './rung-pins.js';
import { saveFrame } from './snapshot.js';
import { TileMarkup } from './tile-markup.js';
import { OVERLAY, overlayDetail, PILL, type TileStatus } from './tile-status.js';

export type { TileStatus } from './tile-status.js';

/** Decodes off the main thread; a Uint8Array only arrives outside browsers, so copying it there is fine. */
function decodeJpeg(jpeg: FramePayload): Promise<ImageBitmap> {
  const part = jpeg instanceof ArrayBuffer ? jpeg : new Uint8Array(jpeg);
  return createImageBitmap(new Blob([part], { type: 'image/jpeg' }));
}

/** What a tile may ask of the page around it. */
export interface TileActions {
  open(cameraId: string): void;
  links(cameraId: string): void;
  /** The picture size the person chose for the camera, and the choice of it (rung-pins.ts). */
  pinOf?(cameraId: string): Pin;
  pin?(cameraId: string, pin: Pin): void;
}

/** One camera as the Diagnostics panel lists it: enough to tell which leg is slow. */
export interface CameraDiagnostics {
  id: string;
  name: string;
  status: TileStatus;
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
  private status: TileStatus;
  private lastDrawAt: number | null = null;
  /** Why the relay sends this camera smaller than asked, as the size's tooltip; '' when it does not. */
  stepReason = '';
  /** The frame on screen, as it came: what a snapshot saves. */
  private shown: { jpeg: FramePayload; meta: MonitorFrameMeta } | null = null;
  private userPaused = false;
  /** An offline camera's last picture, asked of the relay once (it keeps one on disk). */
  private stillAsked = false;
  private tabHidden = false;
  private relayReachable = true;
  /** Start of the current wait for frames: creation, the camera going live, or the tab becoming visible. */
  private watchingSince: number;
  private latencyMs: number | null = null;
  private captureSynced = true;
  private browserSynced = true;

  constructor(info: CameraInfo, clock: ServerClock, now: () => number, actions: TileActions) {
    this.dom = new TileMarkup(info.id);
    // 'bitmaprenderer' hands the decoded bitmap to the canvas without a copy (drawImage copies
    // every pixel, on the main thread): in a 16-camera grid that copy is most of the page's work.
    this.context = this.dom.canvas.getContext('bitmaprenderer');
    this.renderer = new FrameRenderer<ImageBitmap>({
      decode: decodeJpeg,
      draw: (bitmap, meta, jpeg) => this.draw(bitmap, meta, jpeg),
      requestFrame: (callback) => requestAnimationFrame(callback),
      now,
    });
    this.clock = clock;
    this.now = now;
    this.info = info;
    this.status = info.status;
    this.watchingSince = now();
    this.wire(actions);
    this.update(info);
  }

  private wire(actions: TileActions): void {
    const { dom } = this;
    const id = this.info.id;
    for (const opener of [dom.open, dom.view]) opener.addEventListener('click', () => actions.open(id));
    dom.links.addEventListener('click', () => actions.links(id));
    dom.snapshot.addEventListener('click', () => this.saveSnapshot());
    dom.pause.addEventListener('click', () => this.setUserPaused(!this.userPaused));
    dom.size.value = String(actions.pinOf?.(id) ?? 'auto');
    dom.size.addEventListener('change', () => actions.pin?.(id, parsePin(dom.size.value)));
    dom.root.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && e.target === dom.root) actions.open(id);
    });
  }

  get el(): HTMLElement {
    return this.dom.root;
  }

  /** Where the frames are drawn: its shown width is the one asked of the relay (tile-widths.ts). */
  get canvas(): HTMLCanvasElement {
    return this.dom.canvas;
  }

  /** The server's word that this camera is live: frames for it are owed to this page. */
  get serverLive(): boolean {
    return this.info.online && this.info.status === 'live';
  }

  /** The status this tile shows, which may be worse than the server's while on screen (see `tileStatus`). */
  get displayStatus(): TileStatus {
    return this.status;
  }

  get id(): string {
    return this.info.id;
  }

  get name(): string {
    return this.info.name || this.info.id;
  }

  get group(): string | null {
    return this.info.group ?? null;
  }

  /** Saves the frame on screen; false when there is none yet. */
  saveSnapshot(): boolean {
    if (!this.shown) return false;
    saveFrame(this.info.id, { jpeg: this.shown.jpeg, width: this.shown.meta.width, capturedAt: this.shown.meta.capturedAt }, this.info.width);
    return true;
  }

  /** The person's own pause of this camera (the server keeps sending; this tile decodes nothing). */
  setUserPaused(paused: boolean): void {
    if (paused === this.userPaused) return;
    this.userPaused = paused;
    this.dom.showPaused(paused);
    this.applyPause();
  }

  /** While the relay cannot be reached, nothing is known about the camera: the tile says so. */
  setRelayReachable(reachable: boolean): void {
    if (reachable === this.relayReachable) return;
    this.relayReachable = reachable;
    if (reachable) this.watchingSince = this.now();
    this.tick();
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

  /** The tab went out of sight (or the tile did, behind the single view): decode nothing. */
  setHidden(hidden: boolean): void {
    if (hidden === this.tabHidden) return;
    this.tabHidden = hidden;
    this.applyPause();
  }

  private applyPause(): void {
    const paused = this.userPaused || this.tabHidden;
    if (paused === this.renderer.isPaused) return;
    if (paused) return this.renderer.pause();
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
    this.status = this.displayed(tileStatus(this.info, this.tabHidden ? null : freshSince, now)); // off screen nothing is drawn: the relay's word stands
    if (this.status === 'offline' && this.lastDrawAt === null && !this.stillAsked) void this.showStill();
    setAttr(dom.root, 'data-status', this.status);
    setText(dom.status, PILL[this.status]);

    const showOverlay = this.status !== 'live';
    dom.overlay.hidden = !showOverlay;
    if (showOverlay) {
      setText(dom.overlayTitle, OVERLAY[this.status]);
      setText(
        dom.overlayDetail,
        overlayDetail(this.status, {
          sinceFresh: now - freshSince,
          sinceDraw: this.lastDrawAt === null ? null : now - this.lastDrawAt,
          lastFrameAt: this.info.lastFrameAt,
          serverNow: this.clock.now(),
        }),
      );
    }

    setText(dom.frames, String(stats.drawn));
    setAttr(dom.frames, 'title', `${stats.drawn} drawn of ${stats.received} received in this browser`);
    setText(dom.fps, formatFps(stats.fps.rate(now)));
    // The latency of the last frame says nothing about a camera that stopped sending.
    const latency = formatLatency(this.status === 'live' ? this.latencyMs : null, this.captureSynced, this.browserSynced);
    setText(dom.latency, latency.text);
    setAttr(dom.latency, 'title', latency.title || 'Capture to screen, on the server clock');
    const [width, height] = this.shown ? [this.shown.meta.width, this.shown.meta.height] : [this.info.width, this.info.height];
    const size = formatFrameSize(width, height, Math.ceil(dom.canvas.clientWidth * devicePixelRatio), this.info.width, dom.size.value !== 'auto');
    setText(dom.resolution, size);
    setAttr(dom.resolution, 'title', size.endsWith('auto') ? this.stepReason : '');
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

  private displayed(status: CameraStatus): TileStatus {
    if (!this.relayReachable) return 'unreachable';
    if (this.userPaused) return 'paused';
    if (status === 'live' && this.lastDrawAt === null && !this.tabHidden) return 'waiting';
    return status;
  }

  /**
   * A camera that is offline when the page opens (after a relay restart, say) shows its last
   * picture, dimmed like any offline tile; it is not a frame: no count, no latency, no snapshot.
   */
  private async showStill(): Promise<void> {
    this.stillAsked = true;
    try {
      const res = await fetch(`api/cameras/${encodeURIComponent(this.info.id)}/snapshot.jpg`, { credentials: 'same-origin' });
      if (!res.ok) return;
      const bitmap = await createImageBitmap(await res.blob());
      if (this.lastDrawAt !== null) return bitmap.close(); // a live frame came first
      this.paint(bitmap);
    } catch {
      // no picture: the tile stays black with its "Camera offline" overlay
    }
  }

  /** Shows a bitmap at its own size (the canvas takes it over: no copy). */
  private paint(bitmap: ImageBitmap): void {
    // A 'bitmaprenderer' canvas keeps its own size (300×150 by default) and scales the bitmap into
    // it; sized to the frame, it shows every pixel, and CSS object-fit letterboxes it in the tile.
    const { canvas } = this.dom;
    if (canvas.width !== bitmap.width || canvas.height !== bitmap.height) {
      canvas.width = bitmap.width;
      canvas.height = bitmap.height;
      // The single view sizes its picture box to the camera's shape (tile.css).
      this.dom.root.style.setProperty('--aspect', `${bitmap.width} / ${bitmap.height}`);
    }
    // The bitmap is detached (the renderer's close() is then a no-op).
    this.context?.transferFromImageBitmap(bitmap);
  }

  private draw(bitmap: ImageBitmap, meta: MonitorFrameMeta, jpeg: FramePayload): void {
    this.paint(bitmap);
    this.shown = { jpeg, meta };
    const first = this.lastDrawAt === null;
    this.lastDrawAt = this.now();
    this.latencyMs = this.clock.now() - meta.capturedAt;
    this.captureSynced = meta.clockSynced;
    this.browserSynced = this.clock.synced;
    // Automation hook (benchmarks, tests): costs nothing unless a page script sets it.
    const hook = (window as { __camrelayOnDraw?: (m: MonitorFrameMeta, latencyMs: number) => void }).__camrelayOnDraw;
    hook?.(meta, this.latencyMs);
    // The first picture replaces "Waiting for the first frame…" at once, not at the next tick.
    if (first) this.tick();
  }
}
