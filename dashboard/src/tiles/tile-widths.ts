/**
 * The width each tile shows its camera at, for the relay's rendition ladder (issue #17): measured
 * by a ResizeObserver, in device pixels, and reported at most once per COALESCE_MS, only when some
 * camera's rung changed, so that dragging a window's edge does not flood the relay with subscribes.
 */
import { ObservedTiles } from './observed-tiles.js';
import { RENDITION_ASK_MAX, RENDITION_ASK_MIN, renditionFor } from '../../../shared/subscription.js';

/** The slice of a ResizeObserverEntry read here, so tests can pass fakes. */
export interface SizeEntry {
  readonly target: Element;
  readonly contentRect: { readonly width: number };
}

/** The slice of ResizeObserver used here. */
export interface SizeObserver {
  observe(target: Element): void;
  unobserve(target: Element): void;
  disconnect(): void;
}

export interface TileWidthsOptions {
  /** Called when the rungs differ from those last taken: the page subscribes again (with `take()`). */
  onChange: () => void;
  observer?: (callback: (entries: readonly SizeEntry[]) => void) => SizeObserver;
  pixelRatio?: () => number;
  /** Calls back on every devicePixelRatio change (zoom, another screen); returns what stops it. */
  watchPixelRatio?: (onChange: () => void) => () => void;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

/** A window drag resizes tiles every frame: one look per 100 ms is enough to follow it. */
export const COALESCE_MS = 100;

/** The width in device pixels a subscription asks for, or null for an element with no width (not laid out). */
export function deviceWidth(cssWidth: number, pixelRatio: number): number | null {
  if (!(cssWidth > 0)) return null;
  // Less a hair: 300 CSS px at 1.1 is 330.00000000000006, which is 330 device pixels, not 331.
  const width = Math.ceil(cssWidth * (pixelRatio > 0 ? pixelRatio : 1) - 1e-6);
  return Math.min(RENDITION_ASK_MAX, Math.max(RENDITION_ASK_MIN, width));
}

/** Re-arms a `(resolution: Ndppx)` media query: it fires once, when the ratio leaves N. */
function watchDevicePixelRatio(onChange: () => void): () => void {
  let query: MediaQueryList | null = null;
  const arm = (): void => {
    query?.removeEventListener('change', changed);
    query = matchMedia(`(resolution: ${devicePixelRatio}dppx)`);
    query.addEventListener('change', changed);
  };
  const changed = (): void => {
    arm();
    onChange();
  };
  arm();
  return () => query?.removeEventListener('change', changed);
}

/** Every tile's shown width by camera id, and the callback that tells the relay when a rung changes. */
export class TileWidths {
  private readonly onChange: () => void;
  private readonly pixelRatio: () => number;
  private readonly setTimer: (callback: () => void, ms: number) => unknown;
  private readonly clearTimer: (timer: unknown) => void;
  private readonly observer: SizeObserver;
  private readonly stopWatching: () => void;
  private readonly tiles: ObservedTiles;
  /** Last width seen in CSS pixels; a tile that is not laid out (display: none) keeps the one it had. */
  private readonly cssWidths = new Map<string, number>();
  /** The rungs of the widths last taken: what the relay has. */
  private taken = new Map<string, number | null>();
  private nativeId: string | null = null;
  private timer: unknown = null;

  constructor(options: TileWidthsOptions) {
    const opts = {
      observer: (callback: (entries: readonly SizeEntry[]) => void): SizeObserver => new ResizeObserver(callback),
      pixelRatio: () => globalThis.devicePixelRatio || 1,
      watchPixelRatio: watchDevicePixelRatio,
      setTimer: (callback: () => void, ms: number): unknown => setTimeout(callback, ms),
      clearTimer: (timer: unknown) => clearTimeout(timer as ReturnType<typeof setTimeout>),
      ...options,
    };
    this.onChange = opts.onChange;
    this.pixelRatio = opts.pixelRatio;
    this.setTimer = opts.setTimer;
    this.clearTimer = opts.clearTimer;
    this.observer = opts.observer((entries) => this.resized(entries));
    this.tiles = new ObservedTiles(this.observer);
    this.stopWatching = opts.watchPixelRatio(() => this.schedule());
  }

  /** Follows the element a camera is drawn in (its tile's canvas). */
  track(cameraId: string, element: Element): void {
    if (this.tiles.elementOf(cameraId) === element) return;
    // A new element for the camera: what was known of the old one goes with it.
    this.untrack(cameraId);
    this.tiles.track(cameraId, element);
  }

  /** The camera's tile is gone. */
  untrack(cameraId: string): void {
    if (!this.tiles.untrack(cameraId)) return;
    if (this.cssWidths.delete(cameraId)) this.schedule();
  }

  /** The camera the single view shows at native size (left out of `widths`), or null for none. */
  setNative(cameraId: string | null): void {
    if (cameraId === this.nativeId) return;
    this.nativeId = cameraId;
    this.schedule();
  }

  /** The widths to subscribe with, by camera id, in device pixels; their rungs become the ones the relay has. */
  take(): Record<string, number> {
    const widths = this.current();
    this.taken = this.rungs(widths);
    return widths;
  }

  dispose(): void {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
    this.observer.disconnect();
    this.stopWatching();
  }

  private current(): Record<string, number> {
    const ratio = this.pixelRatio();
    const widths: Record<string, number> = {};
    for (const [id, css] of this.cssWidths) {
      const width = id === this.nativeId ? null : deviceWidth(css, ratio);
      if (width !== null) widths[id] = width;
    }
    return widths;
  }

  private rungs(widths: Record<string, number>): Map<string, number | null> {
    const rungs = new Map<string, number | null>();
    // No entry and a width above the top rung both mean native: only rungs are kept.
    for (const [id, width] of Object.entries(widths)) {
      const rung = renditionFor(width);
      if (rung !== null) rungs.set(id, rung);
    }
    return rungs;
  }

  private resized(entries: readonly SizeEntry[]): void {
    for (const entry of entries) {
      const id = this.tiles.cameraOf(entry.target);
      if (id !== undefined && entry.contentRect.width > 0) this.cssWidths.set(id, entry.contentRect.width);
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.timer !== null) return;
    this.timer = this.setTimer(() => {
      this.timer = null;
      this.flush();
    }, COALESCE_MS);
  }

  private flush(): void {
    const rungs = this.rungs(this.current());
    const same = rungs.size === this.taken.size && [...rungs].every(([id, rung]) => this.taken.get(id) === rung);
    if (!same) this.onChange();
  }
}
