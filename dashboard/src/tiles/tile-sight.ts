/**
 * Which tiles are on screen (issue #28): an IntersectionObserver follows every tile, and the page
 * subscribes only to those, so a tile scrolled away costs the relay and the link nothing. A tile
 * coming into view is told at once (its picture is wanted now); one leaving is told late, so that
 * scrolling back and forth does not flood the relay with subscribes.
 */
import { ObservedTiles } from './observed-tiles.js';

/** The slice of an IntersectionObserverEntry read here, so tests can pass fakes. */
export interface SightEntry {
  readonly target: Element;
  readonly isIntersecting: boolean;
}

/** The slice of IntersectionObserver used here. */
export interface SightObserver {
  observe(target: Element): void;
  unobserve(target: Element): void;
  disconnect(): void;
}

export interface TileSightOptions {
  /** Called when tiles came into view or left it: the page reads `inView` and subscribes again. */
  onChange: () => void;
  observer?: (callback: (entries: readonly SightEntry[]) => void) => SightObserver;
  now?: () => number;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

/** A tile this close to the window counts as seen: its first frame is there by the time it scrolls in. */
export const SIGHT_MARGIN = '100px';
/** A tile that comes into view is told after this, several at once while a scroll goes on. */
export const SHOW_AFTER_MS = 50;
/** Subscribes for tiles coming into view are at least this far apart (a fling passes many tiles). */
export const SHOW_GAP_MS = 250;
/** A tile that left the view is given up after this: a scroll back within it costs no subscribe. */
export const HIDE_AFTER_MS = 1000;

/** Every tile's place in or out of the window, and the (rate-bounded) call that tells the page it changed. */
export class TileSight {
  private readonly onChange: () => void;
  private readonly now: () => number;
  private readonly setTimer: (callback: () => void, ms: number) => unknown;
  private readonly clearTimer: (timer: unknown) => void;
  private readonly observer: SightObserver;
  private readonly tiles: ObservedTiles;
  /** Tiles the observer last said intersect the window (with the margin). */
  private readonly seen = new Set<string>();
  /** What `onChange` last told: the tiles the page subscribed to by our word. */
  private told = new Set<string>();
  private timer: unknown = null;
  private due = Infinity;
  private lastShown = -Infinity;

  constructor(options: TileSightOptions) {
    const opts = {
      observer: (callback: (entries: readonly SightEntry[]) => void): SightObserver => new IntersectionObserver(callback, { rootMargin: SIGHT_MARGIN }),
      now: () => performance.now(),
      setTimer: (callback: () => void, ms: number): unknown => setTimeout(callback, ms),
      clearTimer: (timer: unknown) => clearTimeout(timer as ReturnType<typeof setTimeout>),
      ...options,
    };
    this.onChange = opts.onChange;
    this.now = opts.now;
    this.setTimer = opts.setTimer;
    this.clearTimer = opts.clearTimer;
    this.observer = opts.observer((entries) => this.observed(entries));
    this.tiles = new ObservedTiles(this.observer);
  }

  /** Follows a camera's tile; it counts as out of view until the observer says otherwise. */
  track(cameraId: string, element: Element): void {
    if (this.tiles.elementOf(cameraId) === element) return;
    // A new element for the camera: what was known of the old one goes with it.
    this.untrack(cameraId);
    this.tiles.track(cameraId, element);
  }

  /** The camera's tile is gone. */
  untrack(cameraId: string): void {
    if (!this.tiles.untrack(cameraId)) return;
    this.seen.delete(cameraId);
    this.told.delete(cameraId);
  }

  /** Whether the camera's tile is in the window (or within the margin) now. */
  inView(cameraId: string): boolean {
    return this.seen.has(cameraId);
  }

  dispose(): void {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
    this.observer.disconnect();
  }

  private observed(entries: readonly SightEntry[]): void {
    for (const entry of entries) {
      const id = this.tiles.cameraOf(entry.target);
      if (id === undefined) continue;
      if (entry.isIntersecting) this.seen.add(id);
      else this.seen.delete(id);
    }
    const now = this.now();
    const shown = [...this.seen].some((id) => !this.told.has(id));
    const hidden = [...this.told].some((id) => !this.seen.has(id));
    if (shown) this.schedule(Math.max(now + SHOW_AFTER_MS, this.lastShown + SHOW_GAP_MS));
    else if (hidden) this.schedule(now + HIDE_AFTER_MS);
  }

  /** Tells no later than `at`: an earlier deadline replaces a later one, never the reverse. */
  private schedule(at: number): void {
    if (this.timer !== null && this.due <= at) return;
    if (this.timer !== null) this.clearTimer(this.timer);
    this.due = at;
    this.timer = this.setTimer(() => this.flush(), Math.max(0, at - this.now()));
  }

  private flush(): void {
    this.timer = null;
    this.due = Infinity;
    const shown = [...this.seen].some((id) => !this.told.has(id));
    if (shown) this.lastShown = this.now();
    const same = this.seen.size === this.told.size && [...this.seen].every((id) => this.told.has(id));
    this.told = new Set(this.seen);
    if (!same) this.onChange();
  }
}
