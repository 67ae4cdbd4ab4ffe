/** Tells screen readers when a camera's state changes (an `aria-live` region), once per change, not per tick. */
import type { TileStatus } from './tile-status.js';
import { PILL } from './tile-status.js';

const STARTING = new Set<TileStatus>(['starting', 'waiting']);

export class Announcer {
  private readonly last = new Map<string, TileStatus>();

  constructor(private readonly region: HTMLElement) {}

  /** The current state of every camera; writes the ones that changed since the last call. */
  update(cameras: ReadonlyArray<{ id: string; name: string; status: TileStatus }>): void {
    const changes: string[] = [];
    for (const { id, name, status } of cameras) {
      // Scrolling is not news: a tile off screen keeps the status it had (back in view as it was: silent).
      if (status === 'off-screen') continue;
      const before = this.last.get(id);
      this.last.set(id, status);
      // A new camera, or its first frame arriving (at the relay: starting, then here: waiting), is not news.
      if (before === undefined || (STARTING.has(before) && (status === 'live' || STARTING.has(status)))) continue;
      if (before !== status) changes.push(`${name}: ${PILL[status]}`);
    }
    if (changes.length) this.region.textContent = changes.join('. ');
  }
}
