/** The camera tiles, in the server's order, and the `TileFeed` every receiver hands its frames to (receivers/receiver.ts). */
import type { CameraInfo, MonitorFrameMeta, MonitorH264Meta } from '../../../shared/protocol.js';
import { CameraTile, type CameraDiagnostics, type TileActions, type TileStatus } from './camera-tile.js';
import type { ServerClock } from '../connection/clock.js';
import type { FramePayload } from './renderer.js';

/** Where the grid shows itself: the tile container, and what stands in for tiles before and without any. */
export interface GridElements {
  root: HTMLElement;
  /** Shown until the first camera list arrives: "no cameras" would be a guess before that. */
  loading: HTMLElement;
  empty: HTMLElement;
}

/** What the grid tells about the tiles' sizes (`TileWidths`): which element shows each camera, and which is alone at native size. */
export interface WidthWatch {
  track(cameraId: string, element: Element): void;
  untrack(cameraId: string): void;
  setNative(cameraId: string | null): void;
}

/** Which tiles are in the window (`TileSight`): the page asks the relay only for those. */
export interface SightWatch {
  track(cameraId: string, element: Element): void;
  untrack(cameraId: string): void;
  inView(cameraId: string): boolean;
}

export interface GridOptions {
  now?: () => number;
  widths?: WidthWatch;
  /** None: every shown tile counts as in view (no IntersectionObserver, as in tests of the grid alone). */
  sight?: SightWatch;
}

/** The tiles by camera id, kept in the server's list order, and the empty state when there are none. */
export class Grid {
  private readonly tiles = new Map<string, CameraTile>();
  private readonly root: HTMLElement;
  private readonly loading: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly clock: ServerClock;
  private readonly now: () => number;
  private hidden = false;
  private reachable = true;
  /** The camera shown alone (single view), or null for the grid. */
  private selectedId: string | null = null;
  /** Only this group's cameras are shown, or all with null. */
  private groupShown: string | null = null;
  private readonly actions: TileActions;
  private readonly onListChange: () => void;
  private readonly widths: WidthWatch | null;
  private readonly sight: SightWatch | null;

  constructor(elements: GridElements, clock: ServerClock, actions: TileActions, onListChange: () => void = () => {}, options: GridOptions = {}) {
    this.actions = actions;
    this.onListChange = onListChange;
    this.root = elements.root;
    this.loading = elements.loading;
    this.empty = elements.empty;
    this.clock = clock;
    this.now = options.now ?? (() => performance.now());
    this.widths = options.widths ?? null;
    this.sight = options.sight ?? null;
  }

  /** Applies the full camera list: new ids get a tile, missing ids lose theirs, the rest update. */
  setCameras(list: readonly CameraInfo[]): void {
    const seen = new Set<string>();
    for (const info of list) {
      if (typeof info?.id !== 'string' || seen.has(info.id)) continue;
      let tile = this.tiles.get(info.id);
      if (tile) {
        tile.update(info);
        this.fit(tile);
      } else {
        tile = new CameraTile(info, this.clock, this.now, this.actions);
        this.tiles.set(info.id, tile);
        this.widths?.track(info.id, tile.canvas);
        this.sight?.track(info.id, tile.el);
        this.fit(tile);
      }
      // Move only tiles that are out of place, so an unchanged list touches no DOM.
      const at = this.root.children[seen.size] ?? null;
      if (at !== tile.el) this.root.insertBefore(tile.el, at);
      seen.add(info.id);
    }
    for (const [id, tile] of this.tiles) {
      if (seen.has(id)) continue;
      tile.dispose();
      tile.el.remove();
      this.tiles.delete(id);
      this.widths?.untrack(id);
      this.sight?.untrack(id);
    }
    this.loading.hidden = true;
    this.empty.hidden = this.tiles.size > 0;
    this.root.hidden = this.tiles.size === 0;
    this.root.dataset.count = String(this.tiles.size);
    this.onListChange();
  }

  /** Camera ids in the server's order: those of the group shown. */
  get ids(): string[] {
    return [...this.tiles.values()].filter((t) => this.inGroup(t)).map((t) => t.id);
  }

  /** Every camera id in the server's order, whatever the group shown. */
  get allIds(): string[] {
    return [...this.tiles.keys()];
  }

  /** The groups the cameras are in, sorted; empty when no admin has made any. */
  get groups(): string[] {
    return [...new Set([...this.tiles.values()].map((t) => t.group).filter((g): g is string => g !== null))].sort();
  }

  /** Shows one group's cameras (the others decode nothing), or all with null. */
  setGroup(group: string | null): void {
    this.groupShown = group;
    for (const tile of this.tiles.values()) this.fit(tile);
  }

  private inGroup(tile: CameraTile): boolean {
    return this.groupShown === null || tile.group === this.groupShown;
  }

  tile(id: string): CameraTile | undefined {
    return this.tiles.get(id);
  }

  get selected(): string | null {
    return this.selectedId;
  }

  /** Shows one camera alone (the others decode nothing meanwhile), or all again with null. */
  select(id: string | null): void {
    this.selectedId = id;
    // Shown alone, a camera is shown at its native size.
    this.widths?.setNative(id);
    if (id === null) delete this.root.dataset.view;
    else this.root.dataset.view = 'single';
    for (const tile of this.tiles.values()) this.fit(tile);
  }

  /** The relay answers (or not): while it does not, every tile says so instead of blaming its camera. */
  setRelayReachable(reachable: boolean): void {
    this.reachable = reachable;
    for (const tile of this.tiles.values()) tile.setRelayReachable(reachable);
  }

  /** A tile decodes only while the tab is visible and the tile is on screen. */
  private fit(tile: CameraTile): void {
    const selected = this.selectedId === tile.id;
    if (selected) tile.el.dataset.selected = '';
    else delete tile.el.dataset.selected;
    const shown = selected || (this.selectedId === null && this.inGroup(tile));
    tile.el.toggleAttribute('data-filtered', !this.inGroup(tile) && !selected);
    tile.setHidden(this.hidden || !shown || !(this.sight?.inView(tile.id) ?? true));
    tile.setRelayReachable(this.reachable);
  }

  /** Tiles came into the window or left it (`TileSight`): those out of it decode nothing and say so. */
  sightChanged(): void {
    for (const tile of this.tiles.values()) this.fit(tile);
  }

  /**
   * The cameras to ask the relay for: tiles someone can see (tab visible, shown, in the window) and
   * did not pause. The others are sent nothing, and get the newest frame when they are seen (#28).
   */
  get watchedIds(): string[] {
    return [...this.tiles.values()].filter((t) => t.watched).map((t) => t.id);
  }

  /** Drops every tile and waits for a new list, as at start: the next user may see other cameras. */
  reset(): void {
    this.setCameras([]);
    this.empty.hidden = true;
    this.loading.hidden = false;
  }

  /** Routes a frame to its tile; frames of a camera not (yet) in the list are dropped. */
  frame(meta: MonitorFrameMeta, jpeg: FramePayload): void {
    this.tiles.get(meta.cameraId)?.push(meta, jpeg);
  }

  h264(meta: MonitorH264Meta, au: Uint8Array): void {
    this.tiles.get(meta.cameraId)?.pushH264(meta, au);
  }

  /** Each camera as the page's codec choice needs it (live-video/live-codecs.ts). */
  get codecCandidates(): { id: string; h264: boolean; h264Rungs: boolean; width: number | null }[] {
    return [...this.tiles.values()].map((t) => t.codecCandidate);
  }

  /** The relay's reason for sending a camera smaller than its tile asks, shown on the tile's size. */
  stepped(cameraId: string, reason: string): void {
    const tile = this.tiles.get(cameraId);
    if (tile) tile.stepReason = reason;
  }

  /** A hidden tab decodes nothing; on return each tile draws the next frame that arrives. */
  setHidden(hidden: boolean): void {
    if (hidden === this.hidden) return;
    this.hidden = hidden;
    for (const tile of this.tiles.values()) this.fit(tile);
  }

  tick(): void {
    const now = this.now();
    for (const tile of this.tiles.values()) tile.tick(now);
  }

  /** Every camera's name and the status its tile shows, in list order. */
  statuses(): Array<{ id: string; name: string; status: TileStatus }> {
    return Array.from(this.tiles.values(), (t) => ({ id: t.id, name: t.name, status: t.displayStatus }));
  }

  /** Every camera's figures, for the Diagnostics panel. */
  diagnostics(): CameraDiagnostics[] {
    const now = this.now();
    return Array.from(this.tiles.values(), (tile) => tile.diagnostics(now));
  }

  get size(): number {
    return this.tiles.size;
  }

  /**
   * Whether frames should be arriving: a tile seen, and its camera one the server says is live. The server's
   * word, not the tiles': a tile turns stalled when our own leg stops delivering, which is just what
   * the WebRTC watchdog must notice rather than excuse.
   */
  get expectsFrames(): boolean {
    if (this.hidden) return false;
    // A tile off screen or paused is sent nothing by design: its silence is no stall.
    for (const tile of this.tiles.values()) if (tile.serverLive && tile.watched) return true;
    return false;
  }

  /**
   * Cameras the relay says are live. Not the tiles' own status: a tile off screen draws nothing, and
   * the header said "1 live" in the single view and "0 live" on the events page (issue #25).
   */
  get liveCount(): number {
    let live = 0;
    for (const tile of this.tiles.values()) if (tile.serverLive) live++;
    return live;
  }
}
