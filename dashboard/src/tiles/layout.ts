/**
 * How many cameras side by side. "Auto" picks the fewest columns that fit every camera in the
 * window (five cameras at 1280×800: three across, no scrolling); when none does (a phone, many
 * cameras) tiles stay at least MIN_TILE_PX wide and the page scrolls.
 */
import type { Density } from './preferences.js';

export const GAP_PX = 18;
/** Below this a tile's stats and buttons no longer fit on one line. */
export const MIN_TILE_PX = 320;
/** A tile's head and stats rows around its 16:9 picture. */
const HEAD_PX = 46;
const STATS_PX = 36;

export interface Space {
  count: number;
  width: number;
  height: number;
  compact: boolean;
}

/** Columns for `auto`: the fewest that fit all tiles in the height; else as many as keep tiles wide enough. */
export function fitColumns({ count, width, height, compact }: Space): number {
  if (count <= 1) return 1;
  const widest = Math.max(1, Math.floor((width + GAP_PX) / (MIN_TILE_PX + GAP_PX)));
  for (let cols = 1; cols <= Math.min(count, widest); cols++) {
    const tile = (width - (cols - 1) * GAP_PX) / cols;
    const tall = (tile * 9) / 16 + HEAD_PX + (compact ? 0 : STATS_PX);
    const rows = Math.ceil(count / cols);
    if (rows * tall + (rows - 1) * GAP_PX <= height) return cols;
  }
  return Math.min(count, widest);
}

export function columnsFor(density: Density, space: Space): number {
  return density === 'auto' ? fitColumns(space) : Math.min(Number(density), Math.max(1, Math.floor((space.width + GAP_PX) / (200 + GAP_PX))));
}

/** Applies the density and compact choice to the grid element, and refits when the window or the list changes. */
export class GridLayout {
  private density: Density = 'auto';
  private compact = false;

  constructor(private readonly root: HTMLElement) {
    window.addEventListener('resize', () => this.fit());
  }

  set(density: Density, compact: boolean): void {
    this.density = density;
    this.compact = compact;
    this.root.dataset.density = density;
    this.root.toggleAttribute('data-compact', compact);
    this.fit();
  }

  fit(): void {
    const count = this.root.querySelectorAll(':scope > .tile:not([data-filtered])').length;
    const top = this.root.getBoundingClientRect().top + window.scrollY;
    // The page's bottom padding stays visible too.
    const space = { count, width: this.root.clientWidth || window.innerWidth, height: window.innerHeight - top - 32, compact: this.compact };
    this.root.style.setProperty('--cols', String(columnsFor(this.density, space)));
  }
}
