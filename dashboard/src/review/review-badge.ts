/**
 * The header's "Review" entry and its badge: today's unseen alerts for the signed-in user, asked on
 * sign-in, after each mark and every BADGE_MS, so a person sees there is something to go through.
 */
import { byTestId, setText } from '../dom.js';
import { addLocalDays, localDayStart } from '../playback/time.js';
import { loadReview, type Get } from './review-data.js';

/** How often the badge asks again while nobody marks anything: one small listing a minute. */
export const BADGE_MS = 60_000;

/** `3 unseen alerts today`: the badge's words for a screen reader (the badge itself shows the number). */
export function badgeLabel(n: number): string {
  return n === 0 ? 'Review: no unseen alerts today' : `Review: ${n} unseen alert${n === 1 ? '' : 's'} today`;
}

export class ReviewBadge {
  readonly toggle = byTestId<HTMLButtonElement>('review-toggle');
  private readonly badge = byTestId('review-badge');
  // On a phone the entry is behind the menu: the menu button carries a dot while there are unseen alerts (review.css).
  private readonly menu = byTestId('menu-toggle');
  private timer: ReturnType<typeof setInterval> | null = null;
  private asks = 0;

  constructor(
    private readonly get: Get,
    private readonly now: () => number,
  ) {}

  /** Signed in, the badge follows today's alerts; signed out, the entry goes. */
  setSignedIn(signedIn: boolean): void {
    this.toggle.hidden = !signedIn;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (!signedIn) return this.show(0);
    this.refresh();
    this.timer = setInterval(() => this.refresh(), BADGE_MS);
  }

  /** Asks for today's unseen alerts now; an error leaves the badge as it was. */
  refresh(): void {
    const ask = ++this.asks;
    const from = localDayStart(this.now());
    void loadReview(this.get, from, addLocalDays(from, 1)).then((r) => {
      if (ask === this.asks && r.ok) this.show(r.list.unseen.alert);
    });
  }

  private show(n: number): void {
    setText(this.badge, n > 99 ? '99+' : String(n));
    this.badge.hidden = n === 0;
    this.menu.toggleAttribute('data-review-unseen', n > 0);
    this.toggle.setAttribute('aria-label', badgeLabel(n));
  }
}
