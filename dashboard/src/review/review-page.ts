/**
 * The review page (`#/review`, #57 item 4, docs/review.md): a day's alerts, detections and motion as
 * cards, as Frigate's review page has them, each seen or unseen for the signed-in user. A card plays
 * its moment in the single view from 5 s before (as the events page does) and is marked seen; "Mark
 * all seen" marks the tab's. Filters are client-side over the loaded day (review-filters.ts); the
 * day is asked again on open, on a day change, after "Mark all seen", and when the relay sends news
 * of an event (`event-news`, gathered for NEWS_MS) or the page's socket comes back (news it missed):
 * no asking on a timer.
 */
import type { ReviewItem, ReviewList, ReviewSeverity } from '../../../shared/review.js';
import type { ApiResult } from '../api.js';
import { actionButton, byTestId, el, setText } from '../dom.js';
import { LEAD_MS } from '../playback/events-page.js';
import { addLocalDays, dayLabel, localDate, localDayStart } from '../playback/time.js';
import { ReviewBadge } from './review-badge.js';
import { reviewCard } from './review-card.js';
import { emptyText, loadReview, markAllSeen, markSeen, severityWords, tabText, type Post } from './review-data.js';
import { ReviewFilterBar } from './review-filter-bar.js';
import { filterItems, narrowsBeyondServer, NO_FILTER, optionsOf, unseenCounts, type ReviewFilter } from './review-filters.js';
import { moveFocus } from './review-keys.js';
import { keepFace, knownPeople, unknownFaces, type KnownPeople } from './name-face.js';
import type { PageOverGridDeps } from '../page-over-grid.js';
import './review.css';

export interface ReviewPageDeps extends PageOverGridDeps {
  post: Post;
}

export const REVIEW_ROUTE = '#/review';
/** News of events is gathered this long before the day is asked again: an event's start, objects and end are one ask. */
export const NEWS_MS = 1000;
/** Cameras whose detection is asked about when a day has motion only: enough for any one relay's page. */
const DETECTION_ASKED_MAX = 32;
const SEVERITY_ORDER: ReviewSeverity[] = ['alert', 'detection', 'motion'];

export class ReviewPage {
  private readonly root = byTestId('review-page');
  private readonly badge: ReviewBadge;
  private readonly list = el('div', 'rv-cards', 'review-list');
  private readonly status = el('p', 'ev-status rv-status', 'review-status');
  private readonly dayName = el('span', 'pb-day-name', 'review-day');
  private readonly date = el('input', 'ev-camera', 'review-date');
  private readonly nextDay: HTMLButtonElement;
  private readonly markAll = el('button', 'bar-button rv-mark-all', 'review-mark-all', 'Mark all seen');
  private readonly tabs = new Map<ReviewSeverity, HTMLButtonElement>();
  private readonly filters: ReviewFilterBar;
  private readonly now: () => number;
  private filter: ReviewFilter = { severity: 'alert', ...NO_FILTER };
  private day: ReviewList | null = null;
  private detectionOff = false;
  private dayFrom = 0;
  private loads = 0;
  private newsTimer: ReturnType<typeof setTimeout> | null = null;
  private signedIn = true;
  /** The known people, asked with a day that has unknown faces; null: the user may not name faces (not an admin). */
  private people: KnownPeople | null = null;

  constructor(private readonly deps: ReviewPageDeps) {
    this.now = deps.now ?? Date.now;
    this.badge = new ReviewBadge(deps.get, this.now);
    const button = (text: string, testId: string, label: string, act: () => void) => actionButton('bar-button', text, testId, label, act);
    const back = button('← Live', 'review-close', 'Back to the live cameras', () => this.close());
    const prev = button('‹', 'review-prev-day', 'Previous day', () => this.load(addLocalDays(this.dayFrom, -1)));
    this.nextDay = button('›', 'review-next-day', 'Next day', () => this.load(addLocalDays(this.dayFrom, 1)));
    const reload = button('Reload', 'review-reload', 'Ask the relay for the day again', () => this.load(this.dayFrom));
    reload.classList.add('rv-reload');
    this.date.type = 'date';
    this.date.setAttribute('aria-label', 'Day');
    this.date.addEventListener('change', () => {
      const [y, m, d] = this.date.value.split('-').map(Number);
      if (y && m && d) this.load(new Date(y, m - 1, d).getTime());
    });
    const nav = el('div', 'pb-day-nav rv-day-nav');
    nav.append(prev, this.dayName, this.date, this.nextDay);
    const head = el('div', 'ev-head rv-head-row');
    head.append(back, el('h1', 'ev-title', undefined, 'Review'), nav, reload);

    const tabBar = el('div', 'rv-tabs', 'review-tabs');
    tabBar.setAttribute('role', 'group');
    tabBar.setAttribute('aria-label', 'What to review');
    for (const s of SEVERITY_ORDER) {
      const tab = el('button', 'rv-tab', `review-tab-${s}`);
      tab.type = 'button';
      tab.addEventListener('click', () => this.setSeverity(s));
      this.tabs.set(s, tab);
      tabBar.append(tab);
    }
    this.filters = new ReviewFilterBar(deps.name, (f) => {
      this.filter = { ...f, severity: this.filter.severity };
      this.render();
    });
    this.markAll.type = 'button';
    this.markAll.addEventListener('click', () => void this.markAllShown());
    const actions = el('div', 'rv-actions');
    actions.append(this.status, this.filters.toggle, this.markAll);
    this.status.setAttribute('role', 'status');
    this.list.addEventListener('keydown', (e) => moveFocus(this.list, e));
    this.root.append(head, tabBar, actions, this.filters.root, this.list);
    this.badge.toggle.addEventListener('click', () => (location.hash === REVIEW_ROUTE ? this.close() : (location.hash = REVIEW_ROUTE)));
    window.addEventListener('hashchange', () => this.apply());
    this.apply();
  }

  get open(): boolean {
    return this.signedIn && location.hash === REVIEW_ROUTE;
  }

  /** Signed out there is nothing to review, nor a button to it. */
  setSignedIn(signedIn: boolean): void {
    this.signedIn = signedIn;
    this.badge.setSignedIn(signedIn);
    this.apply();
  }

  /** Follows the URL. */
  apply(): void {
    const open = this.open;
    const was = !this.root.hidden;
    this.root.hidden = !open;
    this.badge.toggle.setAttribute('aria-pressed', String(open));
    document.body.toggleAttribute('data-review', open);
    this.deps.onShow(open);
    if (open && !was) this.load(this.dayFrom || localDayStart(this.now()));
  }

  close(): void {
    history.replaceState(null, '', location.pathname + location.search);
    this.apply();
  }

  /** The relay's news of an event (`event-news`), or news missed (the socket came back): the badge, and the day shown when it is today, asked again once the news settles. */
  news(): void {
    if (this.newsTimer || !this.signedIn) return;
    this.newsTimer = setTimeout(() => {
      this.newsTimer = null;
      // A face being named keeps its form: the day is asked again once the admin is done with it.
      if (this.list.querySelector('.rv-name-face:focus-within')) return this.news();
      this.badge.refresh();
      const now = this.now();
      if (this.open && this.dayFrom <= now && now < addLocalDays(this.dayFrom, 1)) this.load(this.dayFrom, true);
    }, NEWS_MS);
  }

  private setSeverity(severity: ReviewSeverity): void {
    this.filter = { ...this.filter, severity };
    this.render();
  }

  /** Asks for the day; `quiet` (news) keeps the cards on screen meanwhile and an error's words out of the way. */
  private load(dayFrom: number, quiet = false): void {
    this.dayFrom = dayFrom;
    const now = this.now();
    setText(this.dayName, dayLabel(dayFrom, now));
    this.date.value = localDate(dayFrom);
    this.date.max = localDate(now);
    this.nextDay.disabled = addLocalDays(dayFrom, 1) > now;
    if (!quiet) setText(this.status, 'Loading…');
    const load = ++this.loads;
    void loadReview(this.deps.get, dayFrom, addLocalDays(dayFrom, 1)).then(async (r) => {
      if (load !== this.loads) return;
      if (!r.ok) {
        if (quiet) return;
        this.day = null;
        this.list.replaceChildren();
        this.markAll.disabled = true;
        return setText(this.status, `The day could not be loaded: ${r.message}`);
      }
      const onlyMotion = r.list.items.length > 0 && r.list.items.every((i) => i.severity === 'motion');
      // Whom an admin may name a face as: asked only when the day has a face no one enrolled.
      const people = r.list.items.some((i) => unknownFaces(i.event).length > 0) ? await knownPeople(this.deps.get) : null;
      // A quiet ask keeps what the day's first load learnt: no detection asks at every event.
      const off = onlyMotion ? (quiet ? this.detectionOff : await this.detectionIsOff()) : false;
      if (load !== this.loads) return;
      this.day = r.list;
      this.people = people;
      this.detectionOff = off;
      this.render();
    });
  }

  /** True when every camera asked says its detection is off (a viewer may not ask: then it is not known, so false). */
  private async detectionIsOff(): Promise<boolean> {
    const ids = this.deps.cameras().slice(0, DETECTION_ASKED_MAX);
    if (ids.length === 0) return false;
    const answers = await Promise.all(ids.map((id) => this.deps.get<{ settings?: { enabled?: unknown } }>(`/api/cameras/${encodeURIComponent(id)}/detection`)));
    return answers.every((a: ApiResult<{ settings?: { enabled?: unknown } }>) => a.ok && a.body.settings?.enabled === false);
  }

  private render(): void {
    const day = this.day;
    const items = day?.items ?? [];
    this.filters.setOptions(optionsOf(items));
    const counts = unseenCounts(items, this.filter);
    for (const [s, tab] of this.tabs) {
      setText(tab, tabText(s, counts[s]));
      tab.setAttribute('aria-pressed', String(s === this.filter.severity));
    }
    if (!day) return;
    const { severity } = this.filter;
    const shown = filterItems(items, this.filter);
    const total = items.filter((i) => i.severity === severity).length;
    const unseen = shown.filter((i) => !i.seen).length;
    this.markAll.disabled = unseen === 0;
    this.markAll.textContent = narrowsBeyondServer(this.filter) ? `Mark these ${unseen} seen` : 'Mark all seen';
    const dayWords = new Date(this.dayFrom).toLocaleDateString(undefined, { day: 'numeric', month: 'short' });
    const filtered = shown.length < total;
    if (shown.length === 0) {
      const onlyMotion = items.length > 0 && items.every((i) => i.severity === 'motion');
      setText(this.status, emptyText(severity, dayWords, { total, filtered, onlyMotion, detectionOff: this.detectionOff }));
    } else {
      const what = filtered ? `${shown.length} of ${total} ${severityWords(severity, total)}` : `${total} ${severityWords(severity, total)}`;
      setText(this.status, `${what}, ${unseen} unseen`);
    }
    // The card that has the focus keeps it across a refresh: the person's place in the list.
    const focused = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const key = focused && this.list.contains(focused) ? (focused.closest<HTMLElement>('[data-key]')?.dataset.key ?? null) : null;
    const testId = focused?.dataset.testid;
    this.list.replaceChildren(
      ...shown.map((item) =>
        reviewCard(item, {
          url: this.deps.url,
          name: this.deps.name,
          play: (i) => this.play(i),
          mark: (i, seen) => void this.mark([i], seen),
          nameFace: this.people
            ? {
                people: this.people,
                save: (i, object, choice) => keepFace(this.deps.post, i.event, object, choice),
                saved: () => this.load(this.dayFrom, true),
              }
            : undefined,
        }),
      ),
    );
    if (key !== null) {
      const card = [...this.list.querySelectorAll<HTMLElement>('[data-key]')].find((c) => c.dataset.key === key);
      card?.querySelector<HTMLElement>(`[data-testid="${testId}"]`)?.focus();
    }
  }

  private play(item: ReviewItem): void {
    if (!item.seen) void this.mark([item], true);
    this.deps.play(item.event.camera, item.event.start - LEAD_MS);
  }

  /** Marks the items for the signed-in user; shown at once, undone with the server's words if it refused. */
  private async mark(items: ReviewItem[], seen: boolean): Promise<void> {
    const changed = items.filter((i) => i.seen !== seen);
    for (const i of changed) i.seen = seen;
    this.render();
    const error = await markSeen(
      this.deps.post,
      changed.map((i) => i.key),
      seen,
    );
    if (error) {
      for (const i of changed) i.seen = !seen;
      this.render();
      setText(this.status, `Could not mark ${seen ? 'seen' : 'unseen'}: ${error}`);
    }
    this.badge.refresh();
  }

  /** Every unseen card of the tab seen: the server's seen-all when only the camera narrows the tab, else the cards shown. */
  private async markAllShown(): Promise<void> {
    if (!this.day) return;
    const f = this.filter;
    if (narrowsBeyondServer(f)) return this.mark(filterItems(this.day.items, f), true);
    this.markAll.disabled = true;
    const error = await markAllSeen(this.deps.post, this.day.from, this.day.to, f.severity, f.camera);
    if (error) {
      this.markAll.disabled = false;
      setText(this.status, `Could not mark all seen: ${error}`);
      return;
    }
    this.badge.refresh();
    this.load(this.dayFrom, true);
  }
}
