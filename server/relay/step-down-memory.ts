/**
 * What a page's links taught the relay, kept for a while after it disconnects (#30's future work): a phone on a
 * thin link that reconnects (a tunnel, a cell change) starts again at the rung its link could carry, rather than at
 * full size with ~2 s of skipped GOPs before the step-down finds it again. Keyed by user and the page's own random
 * id (`MonitorAuth.page`), so a new page, or another person, starts fresh. Bounded in entries and time.
 */

/** One camera's H.264 step-down as a page left it. */
export interface RememberedStep {
  /** The size the page asked (`<width> <pinned>`): remembered steps apply only to the same ask. */
  asked: string;
  steps: number;
  /** The quiet the next step up waits for. */
  quietMs: number;
}

export const REMEMBER_MS = 60_000;
/** Pages remembered at once; the oldest goes first. */
export const REMEMBER_MAX = 1000;

export class StepDownMemory {
  private readonly pages = new Map<string, { at: number; cameras: ReadonlyMap<string, RememberedStep> }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A page's connection ended: keep what it learnt (nothing, when it had stepped nothing down). */
  keep(key: string, cameras: ReadonlyMap<string, RememberedStep>): void {
    this.pages.delete(key);
    if (cameras.size === 0) return;
    const now = this.now();
    for (const [k, p] of this.pages) if (now - p.at >= REMEMBER_MS || this.pages.size >= REMEMBER_MAX) this.pages.delete(k);
    this.pages.set(key, { at: now, cameras });
  }

  /** The page is back: what it left, once, if not too long ago. */
  take(key: string): ReadonlyMap<string, RememberedStep> | undefined {
    const p = this.pages.get(key);
    this.pages.delete(key);
    return p && this.now() - p.at < REMEMBER_MS ? p.cameras : undefined;
  }
}
