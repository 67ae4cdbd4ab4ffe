/**
 * The wall view (`#/wall`, #41 item 6): every camera of the grid fitted to the window, no page chrome,
 * each tile's name and state large over its picture, for a monitor on the wall. It reuses the grid's
 * tiles and their Auto fit (layout.ts); it only marks the page (`body[data-wall]`, wall.css) and asks
 * the layout for tiles without head or figures rows. Esc or the exit button (shown while the mouse
 * moves) returns to the grid; this browser remembers the wall, so a reload with no address opens it.
 */
import './wall.css';
import { byTestId, el } from '../dom.js';
import { readStored, writeStored } from '../local-store.js';
import { isWallRoute, startRoute, WALL_KEY, WALL_REMEMBERED, WALL_ROUTE } from './wall-route.js';
import { PushedRoute } from '../tiles/pushed-route.js';

/** The exit button hides this long after the mouse last moved: a wall shows only cameras. */
const EXIT_SHOWN_MS = 3000;

export interface WallDeps {
  /** Shown or hidden: the layout refits its tiles (with or without their rows). */
  onShow(open: boolean): void;
}

export class WallView {
  private readonly exitButton = el('button', 'bar-button wall-exit', 'wall-exit', '← Leave wall');
  /** True when this page opened the wall itself, so leaving can be the browser's back. */
  private readonly route = new PushedRoute();
  /** True while full screen is the wall's own (asked on the Wall button's click): leaving it leaves the wall. */
  private ownFullscreen = false;
  private hideTimer: ReturnType<typeof setTimeout> | undefined;
  private shown = false;

  constructor(private readonly deps: WallDeps) {
    // At load, before anything reads the address: a browser left on the wall opens it again.
    const start = startRoute(location.hash, readStored(WALL_KEY));
    if (start) history.replaceState(null, '', start);
    this.exitButton.type = 'button';
    this.exitButton.title = 'Back to the grid (Esc)';
    this.exitButton.hidden = true;
    this.exitButton.addEventListener('click', () => this.exit());
    document.body.append(this.exitButton);
    byTestId('wall-toggle').addEventListener('click', () => this.enter());
    window.addEventListener('hashchange', () => this.apply());
    document.addEventListener('keydown', (e) => this.onKey(e));
    document.addEventListener('pointermove', () => this.showExit());
    document.addEventListener('fullscreenchange', () => {
      if (!document.fullscreenElement && this.ownFullscreen && this.open) this.exit();
    });
  }

  get open(): boolean {
    return isWallRoute(location.hash);
  }

  /** The Wall button: full screen while the click still counts as a gesture (browsers refuse it later), then the wall. */
  enter(): void {
    if (this.open) return;
    if (!document.fullscreenElement && document.documentElement.requestFullscreen) {
      this.ownFullscreen = true;
      document.documentElement.requestFullscreen().catch(() => (this.ownFullscreen = false));
    }
    this.route.push(WALL_ROUTE);
  }

  /** Esc or the exit button: the grid, full screen left, and this browser no longer opens on the wall. */
  exit(): void {
    writeStored(WALL_KEY, null);
    this.ownFullscreen = false;
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => {});
    this.route.leave(() => this.apply());
  }

  /** Follows the URL. */
  apply(): void {
    const open = this.open;
    if (open) writeStored(WALL_KEY, WALL_REMEMBERED);
    else this.ownFullscreen = false;
    document.body.toggleAttribute('data-wall', open);
    byTestId('wall-toggle').setAttribute('aria-pressed', String(open));
    if (!open) this.exitButton.hidden = true;
    if (open === this.shown) return;
    this.shown = open;
    this.deps.onShow(open);
  }

  private showExit(): void {
    if (!this.open) return;
    this.exitButton.hidden = false;
    clearTimeout(this.hideTimer);
    this.hideTimer = setTimeout(() => (this.exitButton.hidden = true), EXIT_SHOWN_MS);
  }

  private onKey(e: KeyboardEvent): void {
    if (!this.open || e.key !== 'Escape' || e.defaultPrevented) return;
    // Esc belongs to whatever is open over the wall (a dialog, a drawer) first.
    if (document.querySelector('dialog[open], .drawer:not([hidden])')) return;
    e.preventDefault();
    this.exit();
  }
}
