/**
 * The events page (`#/events`): the motion events of a day, by camera, newest first, with a picture
 * of each (its thumbnail, or the recorded frame at its start); a camera filter and day navigation.
 * A card opens that camera's single view playing from 5 s before the event, or from where its
 * recording begins when that is later; an event the relay's stop cut short says so.
 */
import './events.css';
import { byTestId, el, setText } from '../dom.js';
import { type Get } from './day-data.js';
import { loadEvents, type EventItem } from './events-data.js';
import { offsiteLine, offsiteText, OffsiteWatch } from './offsite-status.js';
import { addLocalDays, clockTime, dayLabel, duration, localDayStart } from './time.js';

export interface EventsPageDeps {
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

export const EVENTS_ROUTE = '#/events';
/** Playback starts this long before the event: what led up to it. */
export const LEAD_MS = 5000;

export class EventsPage {
  private readonly root = byTestId('events-page');
  private readonly list = el('div', 'ev-list', 'events-list');
  private readonly status = el('p', 'ev-status', 'events-status');
  private readonly dayName = el('span', 'pb-day-name', 'events-day');
  private readonly camera = el('select', 'ev-camera', 'events-camera');
  private readonly nextDay: HTMLButtonElement;
  private readonly now: () => number;
  private dayFrom = 0;
  private loads = 0;
  private readonly offsite: OffsiteWatch;

  constructor(private readonly deps: EventsPageDeps) {
    this.now = deps.now ?? Date.now;
    this.offsite = new OffsiteWatch(deps.get);
    const button = (text: string, testId: string, label: string, act: () => void) => {
      const b = el('button', 'bar-button', testId, text);
      b.type = 'button';
      b.setAttribute('aria-label', label);
      b.title = label;
      b.addEventListener('click', act);
      return b;
    };
    const title = el('h1', 'ev-title', undefined, 'Motion events');
    const back = button('← Live', 'events-close', 'Back to the live cameras', () => this.close());
    const prev = button('‹', 'events-prev-day', 'Previous day', () => this.load(addLocalDays(this.dayFrom, -1)));
    this.nextDay = button('›', 'events-next-day', 'Next day', () => this.load(addLocalDays(this.dayFrom, 1)));
    const nav = el('div', 'pb-day-nav');
    nav.append(prev, this.dayName, this.nextDay);
    this.camera.setAttribute('aria-label', 'Camera');
    this.camera.addEventListener('change', () => this.load(this.dayFrom));
    const head = el('div', 'ev-head');
    head.append(back, title, nav, this.camera);
    this.status.setAttribute('role', 'status');
    this.root.append(head, this.status, this.list);
    byTestId('events-toggle').addEventListener('click', () => (location.hash === EVENTS_ROUTE ? this.close() : (location.hash = EVENTS_ROUTE)));
    window.addEventListener('hashchange', () => this.apply());
    this.apply();
  }

  private signedIn = true;

  get open(): boolean {
    return this.signedIn && location.hash === EVENTS_ROUTE;
  }

  /** Signed out there are no events to show, nor a button to them. */
  setSignedIn(signedIn: boolean): void {
    this.signedIn = signedIn;
    byTestId('events-toggle').hidden = !signedIn;
    this.apply();
  }

  /** Follows the URL. */
  apply(): void {
    const open = this.open;
    const was = !this.root.hidden;
    this.root.hidden = !open;
    byTestId('events-toggle').setAttribute('aria-pressed', String(open));
    if (open) document.body.dataset.page = 'events';
    else delete document.body.dataset.page;
    this.deps.onShow(open);
    if (!open) this.offsite.stop();
    if (open && !was) this.load(this.dayFrom || localDayStart(this.now()));
  }

  close(): void {
    history.replaceState(null, '', location.pathname + location.search);
    this.apply();
  }

  /** The camera list changed: the filter offers what the page shows. */
  camerasChanged(): void {
    const chosen = this.camera.value;
    const options = [new Option('All cameras', ''), ...this.deps.cameras().map((id) => new Option(this.deps.name(id), id))];
    this.camera.replaceChildren(...options);
    this.camera.value = options.some((o) => o.value === chosen) ? chosen : '';
  }

  private load(dayFrom: number): void {
    this.dayFrom = dayFrom;
    const now = this.now();
    setText(this.dayName, dayLabel(dayFrom, now));
    this.nextDay.disabled = addLocalDays(dayFrom, 1) > now;
    setText(this.status, 'Loading…');
    const load = ++this.loads;
    const camera = this.camera.value || null;
    this.offsite.stop();
    void loadEvents(this.deps.get, dayFrom, addLocalDays(dayFrom, 1), camera, this.deps.cameras(), LEAD_MS).then((r) => {
      if (load !== this.loads) return;
      if (!r.ok) {
        this.list.replaceChildren();
        return setText(this.status, `The events could not be listed: ${r.message}`);
      }
      const n = r.items.length;
      setText(this.status, n === 0 ? 'No motion events on this day.' : `${n} motion event${n === 1 ? '' : 's'}`);
      this.render(r.items);
      this.offsite.watch(this.list, dayFrom, addLocalDays(dayFrom, 1), camera);
    });
  }

  /** One section per camera (in the page's order), its cards newest first. */
  private render(items: EventItem[]): void {
    const order = this.deps.cameras();
    const byCamera = new Map<string, EventItem[]>();
    for (const item of items) byCamera.set(item.event.camera, [...(byCamera.get(item.event.camera) ?? []), item]);
    const ids = [...byCamera.keys()].sort((a, b) => (order.indexOf(a) + 1 || 1e9) - (order.indexOf(b) + 1 || 1e9));
    this.list.replaceChildren(
      ...ids.map((id) => {
        const section = el('section', 'ev-camera-group', 'events-camera-group');
        section.dataset.camera = id;
        const cards = el('div', 'ev-cards');
        cards.append(...byCamera.get(id)!.map((item) => this.card(item)));
        section.append(el('h2', 'ev-camera-name', undefined, this.deps.name(id)), cards);
        return section;
      }),
    );
  }

  private card(item: EventItem): HTMLElement {
    const e = item.event;
    const card = el('button', 'ev-card', 'event-card');
    card.type = 'button';
    card.dataset.camera = e.camera;
    card.dataset.start = String(e.start);
    const what = `${clockTime(e.start)}${e.end === null ? ' · still going' : ` · ${duration(e.end - e.start)}`}${e.peakScore === null ? '' : ` · ${e.peakScore.toFixed(1)}% changed`}`;
    const from = item.playFrom ?? e.start - LEAD_MS;
    const lead = e.start - from;
    const plays =
      lead === LEAD_MS ? `play from ${LEAD_MS / 1000} s before` : lead > 0 ? `play from ${duration(lead)} before` : 'play from where its recording begins';
    const offsite = e.offsite ? offsiteText(e.offsite) : null;
    card.setAttribute(
      'aria-label',
      `Motion at ${clockTime(e.start)}, ${this.deps.name(e.camera)}${e.cutShort ? ', cut short by the relay stopping' : ''}${offsite ? `, ${offsite}` : ''}: ${plays}`,
    );
    card.append(this.picture(item), el('span', 'ev-time', 'event-time', what));
    // An end the restarted relay set, not the detector: the motion may have gone on.
    if (e.cutShort) card.append(el('span', 'ev-cut-short', 'event-cut-short', 'Cut short: the relay stopped'));
    if (e.offsite) card.append(offsiteLine(e.offsite));
    card.addEventListener('click', () => this.deps.play(e.camera, from));
    return card;
  }

  /** The event's thumbnail; without one, the recorded frame at its start (a paused video at that time). */
  private picture(item: EventItem): HTMLElement {
    const { event: e, segment: s } = item;
    if (e.thumbnailUrl) {
      const img = el('img', 'ev-thumb', 'event-thumbnail');
      img.alt = '';
      img.loading = 'lazy';
      img.src = this.deps.url(e.thumbnailUrl);
      return img;
    }
    if (s && s.format === 'h264') {
      const video = el('video', 'ev-thumb', 'event-thumbnail');
      video.muted = true;
      video.preload = 'metadata';
      // A media fragment: the browser shows the frame at that time, and loads no more than it needs.
      video.src = `${this.deps.url(s.url)}#t=${Math.max(0, (e.start - s.start) / 1000).toFixed(3)}`;
      return video;
    }
    return el('span', 'ev-thumb ev-no-picture', 'event-thumbnail', 'no picture');
  }
}
