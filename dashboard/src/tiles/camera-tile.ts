/** One camera's tile: its renderer at the end of the frames' path, and its status and figures, refreshed on a timer. */
import type { CameraInfo, CameraStatus, MonitorFrameMeta, MonitorH264Meta } from '../../../shared/protocol.js';
import type { ServerClock } from '../connection/clock.js';
import { setAttr, setText } from '../dom.js';
import { tileStatus } from './indicators.js';
import { FrameRenderer, type FramePayload } from './renderer.js';
import type { TileActions } from './tile-actions.js';
import { decodeJpeg, fetchStill, saveFrame } from './snapshot.js';
import { showFigures } from './tile-figures.js';
import { TileMarkup } from './tile-markup.js';
import { TileVideo } from './tile-video.js';
import { displayedStatus, overlayText, tileDiagnostics, PILL, type CameraDiagnostics, type TileStatus } from './tile-status.js';

export type { CameraDiagnostics, TileStatus } from './tile-status.js';
export type { TileActions } from './tile-actions.js';

/** One camera: its renderer, and its status and indicators, refreshed by `tick` rather than per frame. */
export class CameraTile {
  private readonly dom: TileMarkup;
  /** The detector's boxes over the picture (#39, live-boxes.ts), and the camera's speaker and sound meter (#40, tile-sound.ts). */
  readonly boxes: TileMarkup['boxes'];
  readonly sound: TileMarkup['sound'];
  private readonly context: ImageBitmapRenderingContext | null;
  private readonly renderer: FrameRenderer<ImageBitmap>;
  /** Live H.264 on the same canvas while the relay sends it (#30); JPEG is the floor. */
  private readonly video: TileVideo;
  private readonly clock: ServerClock;
  private readonly now: () => number;
  private info: CameraInfo;
  private status: TileStatus;
  private lastDrawAt: number | null = null;
  /** Why the relay sends this camera smaller than asked, as the size's tooltip; '' when it does not. */
  stepReason = '';
  /** The frame on screen, as it came: what a snapshot saves. */
  private shown: { jpeg: FramePayload; meta: MonitorFrameMeta } | null = null;
  /** The picture on screen, JPEG or H.264: its size and shape are what the tile shows. */
  private onScreen: MonitorFrameMeta | null = null;
  private userPaused = false;
  /** H.264 pictures were drawn since the last JPEG: the JPEGs the relay held back meanwhile are no loss. */
  private afterH264 = false;
  /** An offline camera's last picture, asked of the relay once (it keeps one on disk). */
  private stillAsked = false;
  /** Nobody can see the tile (hidden tab, scrolled away, another view): it is sent nothing and decodes nothing. */
  private unseen = false;
  private relayReachable = true;
  /** Start of the current wait for frames: creation, the camera going live, or the tab becoming visible. */
  private watchingSince: number;
  /** The newest picture's delay behind its capture (relay clock), which the camera's sound is played in step with (#40). */
  latencyMs: number | null = null;
  private captureSynced = true;
  private browserSynced = true;

  constructor(
    info: CameraInfo,
    clock: ServerClock,
    now: () => number,
    private readonly actions: TileActions,
  ) {
    this.dom = new TileMarkup(info.id);
    this.boxes = this.dom.boxes;
    this.sound = this.dom.sound;
    // 'bitmaprenderer' hands the decoded bitmap to the canvas without a copy (drawImage copies
    // every pixel, on the main thread): in a 16-camera grid that copy is most of the page's work.
    this.context = this.dom.canvas.getContext('bitmaprenderer');
    this.renderer = new FrameRenderer<ImageBitmap>({
      decode: decodeJpeg,
      draw: (bitmap, meta, jpeg) => this.draw(bitmap, meta, jpeg),
      requestFrame: (callback) => requestAnimationFrame(callback),
      now,
    });
    this.video = new TileVideo({
      canvas: this.dom.canvas,
      now,
      drew: (meta) => {
        this.afterH264 = true;
        this.drew(meta);
      },
      fellBack: (reason, detail) => actions.fellBack?.(info.id, reason, detail),
    });
    this.clock = clock;
    this.now = now;
    this.info = info;
    this.status = info.status;
    this.watchingSince = now();
    this.dom.wire(actions, { snapshot: () => this.saveSnapshot(), pause: () => this.setUserPaused(!this.userPaused) });
    this.update(info);
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
    // A capture PC that says its camera is busy or unplugged is connected, not live (its last frames may still be arriving).
    return this.info.online && this.info.status === 'live' && !this.info.source;
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

  /** Saves the frame on screen (under H.264, the relay's full-size JPEG of it); false when there is none yet. */
  saveSnapshot(): boolean {
    if (!this.shown) return false;
    const { jpeg, meta } = this.shown;
    saveFrame(this.info.id, { jpeg, width: this.video.showing ? 0 : meta.width, capturedAt: (this.onScreen ?? meta).capturedAt }, this.info.width);
    return true;
  }

  /** The person's own pause of this camera: the page stops asking for it, and this tile decodes nothing. */
  setUserPaused(paused: boolean): void {
    if (paused === this.userPaused) return;
    this.userPaused = paused;
    this.dom.showPaused(paused);
    this.applyPause();
    this.actions.paused?.(this.info.id);
  }

  /** Whether frames of this camera are owed to this tile: someone can see it and did not pause it. */
  get watched(): boolean {
    return !this.unseen && !this.userPaused;
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
    this.dom.boxes.set(info.objects === true, this.actions.boxesOn?.(info.id) ?? false);
    this.dom.sound.set(info.sound === true);
    this.tick();
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

  /** Whether its capture side sends H.264, and its full width: what the page's codec choice needs. */
  get codecCandidate(): { id: string; h264: boolean; h264Rungs: boolean; width: number | null } {
    return { id: this.info.id, h264: this.info.h264 === true, h264Rungs: this.info.h264Rungs === true, width: this.info.width };
  }

  /** The tab went out of sight, or the tile did (scrolled away, behind the single view): decode nothing. */
  setHidden(hidden: boolean): void {
    if (hidden === this.unseen) return;
    this.unseen = hidden;
    this.applyPause();
    this.tick();
  }

  private applyPause(): void {
    const paused = this.userPaused || this.unseen;
    this.video.setPaused(paused);
    if (paused === this.renderer.isPaused) return;
    if (paused) return this.renderer.pause();
    this.renderer.resume();
    this.watchingSince = this.now();
  }

  dispose(): void {
    this.renderer.dispose();
    this.video.dispose();
  }

  /** The counts of what the tile draws now: the H.264 stream's while it shows, else the JPEGs'. */
  private get stats() {
    return this.video.showing ? this.video.stats : this.renderer.stats;
  }

  tick(now = this.now()): void {
    const { dom } = this;
    const { stats } = this;
    const freshSince = Math.max(this.lastDrawAt ?? 0, this.watchingSince);
    this.status = this.displayed(tileStatus(this.info, this.unseen ? null : freshSince, now)); // off screen nothing is drawn: the relay's word stands
    if (this.status === 'offline' && this.lastDrawAt === null && !this.stillAsked) void this.showStill();
    setAttr(dom.root, 'data-status', this.status);
    setText(dom.status, PILL[this.status]);

    dom.overlay.hidden = this.status === 'live';
    if (this.status !== 'live') {
      const sinceDraw = this.lastDrawAt === null ? null : now - this.lastDrawAt;
      const { lastFrameAt, source } = this.info;
      const text = overlayText(this.status, { sinceFresh: now - freshSince, sinceDraw, lastFrameAt, serverNow: this.clock.now(), source });
      setText(dom.overlayTitle, text.title);
      setText(dom.overlayDetail, text.detail);
      setAttr(dom.overlay, 'title', text.tooltip);
    }

    showFigures(dom, {
      stats,
      now,
      latencyMs: this.status === 'live' ? this.latencyMs : null, // the last frame's latency says nothing of a camera that stopped
      captureSynced: this.captureSynced,
      browserSynced: this.browserSynced,
      shown: this.onScreen,
      info: this.info,
      stepReason: this.stepReason,
      codec: this.codecWord(),
    });
  }

  /** This camera's row in the Diagnostics panel; read once a second while the panel is open, never per frame. */
  diagnostics(now = this.now()): CameraDiagnostics {
    const { info, status, lastDrawAt } = this;
    return tileDiagnostics(
      info,
      status,
      this.stats,
      { drawnAgo: lastDrawAt === null ? null : now - lastDrawAt, serverNow: this.clock.now() },
      this.codecWord(),
    );
  }

  private codecWord(): { codec: string; why: string } {
    const shown = this.video.showing ? 'h264' : 'jpeg';
    return this.actions.codecWord?.(this.info.id, shown, this.status === 'live') ?? { codec: shown, why: '' };
  }

  private displayed(status: CameraStatus): TileStatus {
    const { relayReachable, userPaused, unseen } = this;
    return displayedStatus(status, { relayReachable, userPaused, unseen, waitingForCamera: !!this.info.source, drawn: this.lastDrawAt !== null });
  }

  /**
   * A camera that is offline when the page opens (after a relay restart, say) shows its last
   * picture, dimmed like any offline tile; it is not a frame: no count, no latency, no snapshot.
   */
  private async showStill(): Promise<void> {
    this.stillAsked = true;
    // None: the tile stays black with its "Camera offline" overlay.
    const bitmap = await fetchStill(this.info.id);
    if (!bitmap) return;
    if (this.lastDrawAt !== null) return bitmap.close(); // a live frame came first
    this.dom.paint(this.context, bitmap);
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
    this.lastDrawAt = this.now();
    this.latencyMs = this.clock.now() - meta.capturedAt;
    this.captureSynced = meta.clockSynced;
    this.browserSynced = this.clock.synced;
    // Automation hook (benchmarks, tests): costs nothing unless a page script sets it.
    const hook = (window as { __camrelayOnDraw?: (m: MonitorFrameMeta, latencyMs: number) => void }).__camrelayOnDraw;
    hook?.(meta, this.latencyMs);
    // The first picture replaces "Starting" at once, not at the next tick.
    if (first) this.tick();
  }
}
