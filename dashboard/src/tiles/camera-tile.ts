/** One camera's tile: its status and figures, refreshed on a timer; its picture, at the end of the frames' path, is tile-picture.ts. */
import type { CameraInfo, CameraStatus, MonitorFrameMeta, MonitorH264Meta } from '../../../shared/protocol.js';
import type { ServerClock } from '../connection/clock.js';
import { setAttr, setText } from '../dom.js';
import { tileStatus } from './indicators.js';
import type { FramePayload } from './renderer.js';
import type { TileActions } from './tile-actions.js';
import { showFigures } from './tile-figures.js';
import { TileMarkup } from './tile-markup.js';
import { TilePicture } from './tile-picture.js';
import { displayedStatus, overlayText, tileDiagnostics, PILL, type CameraDiagnostics, type TileStatus } from './tile-status.js';

export type { CameraDiagnostics, TileStatus } from './tile-status.js';
export type { TileActions } from './tile-actions.js';

/** One camera: its picture, and its status and indicators, refreshed by `tick` rather than per frame. */
export class CameraTile {
  private readonly dom: TileMarkup;
  /** The detector's boxes over the picture (#39, live-boxes.ts), and the camera's speaker and sound meter (#40, tile-sound.ts). */
  readonly boxes: TileMarkup['boxes'];
  readonly sound: TileMarkup['sound'];
  /** The camera's JPEGs or live H.264 on the canvas, and what is known of the picture on screen (tile-picture.ts). */
  private readonly picture: TilePicture;
  private readonly clock: ServerClock;
  private readonly now: () => number;
  private info: CameraInfo;
  private status: TileStatus;
  /** Why the relay sends this camera smaller than asked, as the size's tooltip; '' when it does not. */
  stepReason = '';
  private userPaused = false;
  /** Nobody can see the tile (hidden tab, scrolled away, another view): it is sent nothing and decodes nothing. */
  private unseen = false;
  private relayReachable = true;
  /** Start of the current wait for frames: creation, the camera going live, or the tab becoming visible. */
  private watchingSince: number;

  constructor(
    info: CameraInfo,
    clock: ServerClock,
    now: () => number,
    private readonly actions: TileActions,
  ) {
    this.dom = new TileMarkup(info.id);
    this.boxes = this.dom.boxes;
    this.sound = this.dom.sound;
    this.picture = new TilePicture(this.dom, {
      clock,
      now,
      fellBack: (reason, detail) => actions.fellBack?.(info.id, reason, detail),
      firstDrawn: () => this.tick(),
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

  /** The newest picture's delay behind its capture (relay clock), which the camera's sound is played in step with (#40). */
  get latencyMs(): number | null {
    return this.picture.latencyMs;
  }

  /** Saves the frame on screen (under H.264, the relay's full-size JPEG of it); false when there is none yet. */
  saveSnapshot(): boolean {
    return this.picture.snapshot(this.info.id, this.info.width);
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
    this.picture.push(meta, jpeg);
  }

  pushH264(meta: MonitorH264Meta, au: Uint8Array): void {
    this.picture.pushH264(meta, au);
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
    if (this.picture.setPaused(this.userPaused || this.unseen)) this.watchingSince = this.now();
  }

  dispose(): void {
    this.picture.dispose();
  }

  tick(now = this.now()): void {
    const { dom, picture } = this;
    const { lastDrawAt } = picture;
    const freshSince = Math.max(lastDrawAt ?? 0, this.watchingSince);
    // Off screen (another camera alone, the events page, a hidden tab) the tile decodes nothing: the relay's word stands.
    this.status = this.displayed(tileStatus(this.info, this.unseen ? null : freshSince, now));
    if (this.status === 'offline') void picture.showStill(this.info.id);
    setAttr(dom.root, 'data-status', this.status);
    setText(dom.status, PILL[this.status]);

    dom.overlay.hidden = this.status === 'live';
    if (this.status !== 'live') {
      const sinceDraw = lastDrawAt === null ? null : now - lastDrawAt;
      const { lastFrameAt, source } = this.info;
      const text = overlayText(this.status, { sinceFresh: now - freshSince, sinceDraw, lastFrameAt, serverNow: this.clock.now(), source });
      setText(dom.overlayTitle, text.title);
      setText(dom.overlayDetail, text.detail);
      setAttr(dom.overlay, 'title', text.tooltip);
    }

    showFigures(dom, {
      stats: picture.stats,
      now,
      // The last frame's latency says nothing of a camera that stopped.
      latencyMs: this.status === 'live' ? picture.latencyMs : null,
      captureSynced: picture.captureSynced,
      browserSynced: picture.browserSynced,
      shown: picture.onScreen,
      info: this.info,
      stepReason: this.stepReason,
      codec: this.codecWord(),
    });
  }

  /** This camera's row in the Diagnostics panel; read once a second while the panel is open, never per frame. */
  diagnostics(now = this.now()): CameraDiagnostics {
    const { info, status } = this;
    const { lastDrawAt } = this.picture;
    return tileDiagnostics(
      info,
      status,
      this.picture.stats,
      { drawnAgo: lastDrawAt === null ? null : now - lastDrawAt, serverNow: this.clock.now() },
      this.codecWord(),
    );
  }

  private codecWord(): { codec: string; why: string } {
    const shown = this.picture.codec;
    return this.actions.codecWord?.(this.info.id, shown, this.status === 'live') ?? { codec: shown, why: '' };
  }

  private displayed(status: CameraStatus): TileStatus {
    const { relayReachable, userPaused, unseen } = this;
    return displayedStatus(status, { relayReachable, userPaused, unseen, waitingForCamera: !!this.info.source, drawn: this.picture.lastDrawAt !== null });
  }
}
