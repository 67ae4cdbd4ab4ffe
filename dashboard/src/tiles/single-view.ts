/**
 * One camera large: opened from a tile (click, Enter), with its own URL (`#/camera/<id>`, so it can
 * be bookmarked and reloaded; `#/camera/<id>/at/<ms>` plays its recording from that moment),
 * left/right (keys, swipe) to the neighbours, Esc or Back to the grid, the Fullscreen API on
 * request, zoom (wheel, pinch, double click), and the recording's timeline (playback/).
 */
import { byTestId, setText } from '../dom.js';
import type { Playback } from '../playback/playback.js';
import type { Grid } from './grid.js';
import { PushedRoute } from './pushed-route.js';
import { Zoom } from './zoom.js';

const ROUTE = /^#\/camera\/([^/]+)(?:\/at\/(\d{1,15}))?$/;

/** The camera id in a location hash, or null for the grid. */
export function routeCamera(hash: string): string | null {
  const m = ROUTE.exec(hash);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return null;
  }
}

/** The moment a location hash asks to play (ms since 1970), or null for live. */
export function routeMoment(hash: string): number | null {
  const m = ROUTE.exec(hash);
  return m?.[2] ? Number(m[2]) : null;
}

export function cameraRoute(id: string, at?: number): string {
  return `#/camera/${encodeURIComponent(id)}${at === undefined ? '' : `/at/${Math.round(at)}`}`;
}

export class SingleView {
  private readonly bar = byTestId('single-bar');
  private readonly title = byTestId('single-title');
  /** Opened by this page itself, Back is the browser's back. */
  private readonly route = new PushedRoute();
  private readonly zoom = new Zoom();

  constructor(
    private readonly grid: Grid,
    private readonly playback: Playback | null = null,
    /** The PTZ pad (ptz/), told which camera is shown alone. */
    private readonly ptz: { show(id: string | null): void } | null = null,
  ) {
    byTestId('single-back').addEventListener('click', () => this.close());
    byTestId('single-prev').addEventListener('click', () => this.step(-1));
    byTestId('single-next').addEventListener('click', () => this.step(1));
    byTestId('single-fullscreen').addEventListener('click', () => void this.fullscreen());
    window.addEventListener('hashchange', () => this.apply());
    document.addEventListener('keydown', (e) => this.onKey(e));
    this.watchSwipes();
  }

  /** Opens a camera, live or (with `at`) playing its recording from that moment; Back returns to where it was opened. */
  open(id: string, at?: number): void {
    if (this.grid.selected === id && at === undefined) return;
    this.route.push(cameraRoute(id, at));
  }

  close(): void {
    if (document.fullscreenElement) void document.exitFullscreen();
    this.route.leave(() => this.apply());
  }

  /** Follows the URL; called again when the camera list changes (a reload asks before the list is here). */
  apply(): void {
    const id = routeCamera(location.hash);
    const known = id !== null && this.grid.tile(id) !== undefined;
    this.grid.select(known ? id : null);
    // A new camera (or the grid) starts unzoomed.
    this.zoom.attach(known ? (this.grid.tile(id)!.el.querySelector<HTMLElement>('[data-testid="tile-view"]') ?? null) : null);
    this.bar.hidden = !known;
    document.body.dataset.view = known ? 'single' : 'grid';
    this.playback?.show(known ? id : null, known ? routeMoment(location.hash) : null);
    this.ptz?.show(known ? id : null);
    if (!known) return;
    const ids = this.neighbours();
    setText(this.title, `${this.grid.tile(id)!.name} · ${ids.indexOf(id) + 1} of ${ids.length}`);
  }

  /** The cameras ←/→ go through: the group shown, or all when the camera is not in it (a bookmark). */
  private neighbours(): string[] {
    const ids = this.grid.ids;
    return ids.includes(this.grid.selected ?? '') ? ids : this.grid.allIds;
  }

  private step(delta: number): void {
    const ids = this.neighbours();
    const at = ids.indexOf(this.grid.selected ?? '');
    if (at < 0 || ids.length < 2) return;
    const next = ids[(at + delta + ids.length) % ids.length]!;
    // Moving between cameras replaces the entry: Back still leads to the grid.
    history.replaceState(null, '', cameraRoute(next));
    this.apply();
  }

  private async fullscreen(): Promise<void> {
    const tile = this.grid.selected ? this.grid.tile(this.grid.selected) : undefined;
    if (!tile) return;
    if (document.fullscreenElement) await document.exitFullscreen();
    else await tile.el.requestFullscreen?.().catch(() => {});
  }

  private onKey(e: KeyboardEvent): void {
    if (this.grid.selected === null || e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
    // Typing in a form field is not navigation, and keys belong to whatever is open over the view
    // (a dialog, a drawer, the menu): Esc closes that, not the camera.
    if ((e.target as HTMLElement | null)?.closest('input, textarea, select, [contenteditable]')) return;
    if (document.querySelector('dialog[open], .drawer:not([hidden]), .bar-menu[data-open]')) return;
    if (this.playback?.onKey(e)) return e.preventDefault();
    if (e.key === 'Escape' && !document.fullscreenElement) this.close();
    else if (e.key === 'ArrowLeft') this.step(-1);
    else if (e.key === 'ArrowRight') this.step(1);
    else return;
    e.preventDefault();
  }

  /** A horizontal swipe of 60 px or more over the picture moves to the neighbour. */
  private watchSwipes(): void {
    let start: { x: number; y: number } | null = null;
    let down = 0;
    document.addEventListener('pointerdown', (e) => {
      // A second finger is a pinch, and zoomed in a drag pans the picture (zoom.ts): no swipe.
      down++;
      // A finger dragging along the timeline is choosing a moment, not asking for another camera.
      const onTimeline = (e.target as Element | null)?.closest?.('[data-no-swipe]');
      start =
        down === 1 && !onTimeline && this.grid.selected !== null && e.pointerType !== 'mouse' && !this.zoom.active ? { x: e.clientX, y: e.clientY } : null;
    });
    const up = () => (down = Math.max(0, down - 1));
    document.addEventListener('pointercancel', up);
    document.addEventListener('pointerup', (e) => {
      up();
      if (!start || this.zoom.active) return ((start = null), undefined);
      const dx = e.clientX - start.x;
      const dy = e.clientY - start.y;
      start = null;
      if (Math.abs(dx) >= 60 && Math.abs(dx) > 2 * Math.abs(dy)) this.step(dx < 0 ? 1 : -1);
    });
  }
}
