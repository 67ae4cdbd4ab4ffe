/**
 * What an event card says of its off-site copy (docs/offsite.md), in the viewer's local time, and
 * the watch that reads those lines again while a copy is under way, so a card turns from "Queued"
 * to "Copied off-site" in place, with no reload of the page's pictures.
 */
import type { EventList, OffsiteStatus } from '../../../shared/events.js';
import { el } from '../dom.js';
import type { Get } from './day-data.js';
import { clockTime, spans } from './time.js';

/** How often the lines of copies under way are read again. */
export const OFFSITE_REFRESH_MS = 5000;

export function offsiteText(s: OffsiteStatus): string {
  const again = s.retryAt === undefined ? '' : ` (${s.state === 'held' ? 'copies' : 'retrying'} at ${clockTime(s.retryAt, false)})`;
  switch (s.state) {
    case 'copied':
      return 'Copied off-site';
    case 'copying':
      return 'Copying off-site…';
    case 'queued':
      return 'Queued for off-site copy';
    case 'held':
      return `Off-site copy held: ${s.detail ?? 'daily cap reached'}${again}`;
    case 'failed':
      // The next try first: a long reason is cut on a small card, the time must not be.
      return `Off-site copy failed${again}: ${s.detail ?? 'unknown error'}`;
  }
}

/** Copied, or failed for good: nothing more will happen to it. */
const settled = (s: OffsiteStatus) => s.state === 'copied' || (s.state === 'failed' && s.retryAt === undefined);

/** A card's line: its words, coloured by state (events.css), all of it in the title where a long reason is cut. */
export function offsiteLine(s: OffsiteStatus): HTMLElement {
  const text = offsiteText(s);
  const line = el('span', 'ev-offsite', 'event-offsite', text);
  line.dataset.state = s.state;
  if (!settled(s)) line.dataset.pending = 'true';
  line.title = text;
  return line;
}

export class OffsiteWatch {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private round = 0;

  constructor(private readonly get: Get) {}

  /** Reads the events of [from, to) again soon while any card in `list` has a copy under way. */
  watch(list: HTMLElement, from: number, to: number, camera: string | null): void {
    this.stop();
    if (!list.querySelector('[data-testid="event-offsite"][data-pending]')) return;
    const round = this.round;
    this.timer = setTimeout(() => void this.refresh(list, from, to, camera, round), OFFSITE_REFRESH_MS);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.round++;
  }

  private async refresh(list: HTMLElement, from: number, to: number, camera: string | null, round: number): Promise<void> {
    for (const [a, b] of spans(from, to)) {
      const r = await this.get<EventList>(`/api/events?from=${a}&to=${b}${camera ? `&camera=${encodeURIComponent(camera)}` : ''}`);
      // The page moved on meanwhile, or the relay did not answer (the next round tries again).
      if (round !== this.round) return;
      if (!r.ok) continue;
      for (const e of r.body.events) {
        const card = list.querySelector(`[data-testid="event-card"][data-camera="${CSS.escape(e.camera)}"][data-start="${e.start}"]`);
        const old = card?.querySelector('[data-testid="event-offsite"]');
        if (!card || !e.offsite || old?.textContent === offsiteText(e.offsite)) continue;
        const line = offsiteLine(e.offsite);
        if (old) {
          // The card's label says it too (events-page.ts).
          const label = card.getAttribute('aria-label');
          if (label && old.textContent) card.setAttribute('aria-label', label.replace(old.textContent, line.textContent!));
          old.replaceWith(line);
        } else card.append(line);
      }
    }
    this.watch(list, from, to, camera);
  }
}
