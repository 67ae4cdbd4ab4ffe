/**
 * How large the tiles are. "Auto" picks the fewest columns that fit every camera in the window
 * (five cameras at 1280×800: three across; sixteen: six across; 25 at 1920×1080: seven across, no
 * scrolling); when none does, tiles stay at least MIN_FIT_TILE_PX wide (MIN_TILE_PX on a phone, one
 * across) and the page scrolls. A column count sets the pictures' height (a 16:9 tile's); each tile
 * then takes its own camera's shape in justified rows (justify.ts).
 */
import { justify, type Justified } from './justify.js';
import type { Density } from './preferences.js';

export const GAP_PX = 18;
/** A phone's tiles no narrower: one across, its buttons and figures whole (tile-figures.css). */
export const MIN_TILE_PX = 320;
/**
 * On a wider window Auto makes tiles this small before the page scrolls, so 16 cameras fit at
 * 1280×800 and 25 at 1920×1080 (#37 item 15): a camera off screen is paused, which is worse than a
 * small one. Such a tile keeps its name, status, frames and lost count (tile-figures.css drops the others).
 */
export const MIN_FIT_TILE_PX = 160;
/** A grid narrower than this is a phone's: Auto keeps its tiles MIN_TILE_PX wide. */
const PHONE_GRID_PX = 700;
/** A portrait camera's tile no narrower: its name and status still show (tile-figures.css hides its buttons). */
export const MIN_PICTURE_PX = 120;
/** A tile's border, head and stats rows around its picture. */
const BORDER_PX = 2;
const HEAD_PX = 46;
const STATS_PX = 37;
/** The wall page's padding (wall.css `.page`). */
const WALL_PAD_PX = 8;

export interface Space {
  /** Width / height of each shown camera's picture (16/9 until its first frame). */
  aspects: readonly number[];
  width: number;
  height: number;
  compact: boolean;
  /** A tile's head and borders as laid out (a phone's head is taller); HEAD_PX when not measured. */
  head?: number;
}

/** The picture height of a 16:9 tile when `cols` of them fill `width`. */
export function columnHeight(cols: number, width: number): number {
  return (((width - (cols - 1) * GAP_PX) / cols - BORDER_PX) * 9) / 16;
}

/** What a tile adds to its picture's height. */
function chromeOf({ compact, head }: Space): number {
  return (head ?? HEAD_PX) + (compact ? 0 : STATS_PX);
}

/** The tiles' widths and rows with pictures about `height` tall, none taller than the window (or than `cap`). */
export function arrange(height: number, space: Space, cap = Infinity): Justified {
  const { aspects, width, height: room } = space;
  const chrome = chromeOf(space);
  const maxHeight = Math.min(cap, Math.max((MIN_TILE_PX * 9) / 16, room - chrome));
  // At one column's height, one camera across (a phone, the "1" layout): a portrait camera does not share its row.
  const perRow = height >= columnHeight(1, width) - 0.5 ? 1 : Infinity;
  return justify({ aspects, width, height, gap: GAP_PX, minWidth: MIN_PICTURE_PX, border: BORDER_PX, maxHeight, perRow });
}

/** The grid's height for rows of pictures this tall. */
function gridHeight(rows: readonly number[], chrome: number): number {
  return rows.reduce((sum, r) => sum + r + chrome, 0) + GAP_PX * Math.max(0, rows.length - 1);
}

/**
 * The picture height for `auto`: that of the fewest 16:9 columns that fit all tiles in the height,
 * then as tall as still fits below one column fewer (a portrait camera's narrow tile leaves room in
 * a row); when nothing fits, that of as many columns as keep tiles MIN_FIT_TILE_PX (a phone's MIN_TILE_PX) wide.
 */
export function fitHeight(space: Space): number {
  const count = space.aspects.length;
  const at = (cols: number) => columnHeight(cols, space.width);
  if (count <= 1) return at(1);
  const smallest = space.width < PHONE_GRID_PX ? MIN_TILE_PX : MIN_FIT_TILE_PX;
  const widest = Math.max(1, Math.floor((space.width + GAP_PX) / (smallest + GAP_PX)));
  const fits = (h: number) => gridHeight(arrange(h, space).rows, chromeOf(space)) <= space.height;
  let cols = 1;
  while (cols < Math.min(count, widest) && !fits(at(cols))) cols++;
  if (cols === 1 || !fits(at(cols))) return at(cols);
  let [lo, hi] = [at(cols), at(cols - 1)];
  for (let i = 0; i < 16; i++) {
    const mid = (lo + hi) / 2;
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * The wall's picture height (wall/): the tallest at which rows held that tall (narrower than the window,
 * centred) fill its height, when that beats Auto's rows, which always fill its width: 16 cameras at
 * 1920×1080 are four rows of four, not three of five and a lone one with a sixth of the screen empty.
 * Null on a phone's width, or when Auto's are as tall.
 */
export function fillWindow(space: Space): number | null {
  if (space.width < PHONE_GRID_PX || space.aspects.length < 2) return null;
  const chrome = chromeOf(space);
  const auto = fitHeight(space);
  for (let rows = 1; rows <= space.aspects.length; rows++) {
    const h = (space.height - GAP_PX * (rows - 1)) / rows - chrome;
    if (h <= auto) return null;
    if (gridHeight(arrange(h, space, h).rows, chrome) <= space.height + 0.5) return h;
  }
  return null;
}

export function heightFor(density: Density, space: Space): number {
  if (density === 'auto') return fitHeight(space);
  return columnHeight(Math.min(Number(density), Math.max(1, Math.floor((space.width + GAP_PX) / (200 + GAP_PX)))), space.width);
}

/** A tile's picture shape from its `--aspect` ("1280 / 720", set at its first frame), 16:9 before. */
function aspectOf(tile: HTMLElement): number {
  const [w, h] = tile.style.getPropertyValue('--aspect').split('/').map(Number);
  return w! > 0 && h! > 0 ? w! / h! : 16 / 9;
}

/** Applies the density and compact choice to the grid element, and refits when the window, the list or a camera's shape changes. */
export class GridLayout {
  private density: Density = 'auto';
  private compact = false;
  /** The wall view (wall/): Auto, and tiles that are all picture, their name and state over it (wall.css). */
  private wall = false;

  constructor(private readonly root: HTMLElement) {
    window.addEventListener('resize', () => this.fit());
    // A tile's first picture tells its shape (tile-markup.ts).
    root.addEventListener('tile-aspect', () => this.fit());
  }

  set(density: Density, compact: boolean): void {
    this.density = density;
    this.compact = compact;
    this.root.dataset.density = density;
    this.root.toggleAttribute('data-compact', compact);
    this.fit();
  }

  setWall(wall: boolean): void {
    this.wall = wall;
    this.fit();
  }

  fit(): void {
    const tiles = [...this.root.querySelectorAll<HTMLElement>(':scope > .tile:not([data-filtered])')];
    const top = this.root.getBoundingClientRect().top + window.scrollY;
    // A head's height with the tile's two borders; 0 (not laid out yet): the estimate.
    const head = tiles[0]?.querySelector<HTMLElement>('.tile-head')?.offsetHeight ?? 0;
    // The page's bottom padding stays visible too (the wall's is WALL_PAD_PX, wall.css).
    const space = {
      aspects: tiles.map(aspectOf),
      width: this.root.clientWidth || window.innerWidth,
      height: window.innerHeight - top - (this.wall ? WALL_PAD_PX : 32),
      compact: this.compact || this.wall,
      // The wall's tile is its picture and two borders.
      head: this.wall ? BORDER_PX : head > 0 ? head + 2 : undefined,
    };
    const filled = this.wall ? fillWindow(space) : null;
    const { widths, margins } = filled ? arrange(filled, space, filled) : arrange(heightFor(this.wall ? 'auto' : this.density, space), space);
    // In shares of the grid's width: a scroll bar coming or going (the grid narrower, the window not)
    // scales every row alike, and no row grows past the width (the gaps stay, the tiles shrink).
    const share = (px: number) => `${(px / space.width) * 100}%`;
    tiles.forEach((tile, i) => {
      tile.style.setProperty('--tile-w', share(widths[i]!));
      tile.style.setProperty('--tile-ml', share(margins[i]![0]));
      tile.style.setProperty('--tile-mr', share(margins[i]![1]));
    });
  }
}
