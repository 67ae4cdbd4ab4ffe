/** What a page shown over the live grid (events, review: pages-over-grid.ts) is given by the page's wiring. */
import type { Get } from './playback/day-data.js';

export interface PageOverGridDeps {
  get: Get;
  url(path: string): string;
  /** Camera ids the page shows, in order, and their names. */
  cameras(): string[];
  name(id: string): string;
  /** The single view playing `camera` from moment `at`. */
  play(camera: string, at: number): void;
  /** Shown or hidden (the live grid need not decode meanwhile). */
  onShow(open: boolean): void;
  now?: () => number;
}
