/**
 * The events page (`#/events`): the motion events of a day, by camera, newest first, with a picture
 * of each (its thumbnail, or the recorded frame at its start); a camera filter and day navigation.
 * A card opens that camera's single view playing from 5 s before the event, or from where its
 * recording begins when that is later; an event the relay's stop cut short says so. An event with
 * detected objects shows their labels as chips and its picture with their boxes (#39); a label
 * filter (all, motion only, each label seen that day) hides the other cards, client-side.
 */
import './events.css';
import { actionButton, byTestId, el, setText } from '../dom.js';
import type { PageOverGridDeps } from '../page-over-grid.js';
import {
  ALL,
  countText,
  eventTitle,
  filterValue,
  labelChip,
  labelsSeen,
  labelWords,
  matches,
  parseFilterValue,
  type EventLabelFilter,
} from './event-labels.js';
import { loadEvents, type EventItem } from './events-data.js';
import { offsiteLine, offsiteText, OffsiteWatch } from './offsite-status.js';
import { boxesLayer } from './snapshot-boxes.js';
import { addLocalDays, clockTime, dayLabel, duration, localDayStart } from './time.js';

export type EventsPageDeps = PageOverGridDeps;

export const EVENTS_ROUTE = '#/events';
/** Playback starts this long before the event: what led up to it. */
export const LEAD_MS = 5000;
/** The card's picture frame (events.css `.ev-picture`): boxes are placed for a picture covering it. */
const PICTURE_ASPECT = 16 / 9;

export class EventsPage {
  private readonly root = byTestId('events-page');
  private readonly list = el('div', 'ev-list', 'events-list');
  private readonly status = el('p', 'ev-status', 'events-status');
  private readonly dayName = el('span', 'pb-day-name', 'events-day');
  private readonly camera = el('select', 'ev-camera', 'events-camera');
  private readonly labelSelect = el('select', 'ev-camera ev-label', 'events-label');
  private filter: EventLabelFilter = ALL;
  private items: EventItem[] = [];
  private readonly nextDay: HTMLButtonElement;
  private readonly now: () => number;
  private dayFrom = 0;
  private loads = 0;
  private readonly offsite: OffsiteWatch;

  constructor(private readonly deps: EventsPageDeps) {
    this.now = deps.now ?? Date.now;
    this.offsite = new OffsiteWatch(deps.get);
    const button = (text: string, testId: string, label: string, act: () => void) => actionButton('bar-button', text, testId, label, act);
    const title = el('h1', 'ev-title', undefined, 'Motion events');
    const back = button('← Live', 'events-close', 'Back to the live cameras', () => this.close());
    const prev = button('‹', 'events-prev-day', 'Previous day', () => this.load(addLocalDays(this.dayFrom, -1)));
    this.nextDay = button('›', 'events-next-day', 'Next day', () => this.load(addLocalDays(this.dayFrom, 1)));
    const nav = el('div', 'pb-day-nav');
    nav.append(prev, this.dayName, this.nextDay);
    this.camera.setAttribute('aria-label', 'Camera');
    this.camera.addEventListener('change', () => this.load(this.dayFrom));
    this.labelSelect.setAttribute('aria-label', 'Objects');
    this.labelSelect.addEventListener('change', () => {
      this.filter = parseFilterValue(this.labelSelect.value);
      this.render();
    });
    const head = el('div', 'ev-head');
    head.append(back, title, nav, this.camera, this.labelSelect);
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
        this.items = [];
        this.list.replaceChildren();
        return setText(this.status, `The events could not be listed: ${r.message}`);
      }
      this.items = r.items;
      this.render();
      this.offsite.watch(this.list, dayFrom, addLocalDays(dayFrom, 1), camera);
    });
  }

  /** The label filter's choices: every event, motion only, then each label of the day's events (and the one chosen). */
  private fillLabels(): void {
    const seen = labelsSeen(this.items.map((i) => i.event));
    if (this.filter.kind === 'label' && !seen.includes(this.filter.label)) seen.push(this.filter.label);
    const options = [
      new Option('All events', 'all'),
      new Option('Motion only (no objects)', 'motion'),
      ...seen.map((l) => new Option(labelWords(l), `label:${l}`)),
    ];
    this.labelSelect.replaceChildren(...options);
    this.labelSelect.value = filterValue(this.filter);
  }

  /** One section per camera (in the page's order), its cards newest first, of the events the label filter lets through. */
  private render(): void {
    this.fillLabels();
    const items = this.items.filter((i) => matches(this.filter, i.event));
    setText(this.status, countText(items.length, this.items.length, this.filter));
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
      `${eventTitle(e)} at ${clockTime(e.start)}, ${this.deps.name(e.camera)}${e.cutShort ? ', cut short by the relay stopping' : ''}${offsite ? `, ${offsite}` : ''}: ${plays}`,
    );
    card.append(this.picture(item));
    if (e.labels?.length) {
      const chips = el('span', 'ev-labels', 'event-labels');
      chips.append(...e.labels.slice(0, 8).map((l) => labelChip(l)));
      card.append(chips);
    }
    card.append(el('span', 'ev-time', 'event-time', what));
    // An end the restarted relay set, not the detector: the motion may have gone on.
    if (e.cutShort) card.append(el('span', 'ev-cut-short', 'event-cut-short', 'Cut short: the relay stopped'));
    if (e.offsite) card.append(offsiteLine(e.offsite));
    card.addEventListener('click', () => this.deps.play(e.camera, from));
    return card;
  }

  /** The event's picture in its frame, with the detector's boxes over it when it has them. */
  private picture(item: EventItem): HTMLElement {
    const frame = el('div', 'ev-picture', 'event-picture');
    frame.append(this.thumbnail(item));
    // Boxes are in the snapshot's pixels: only over the thumbnail (the snapshot made smaller), not a recorded frame.
    if (item.event.thumbnailUrl && item.event.boxes?.boxes.length) frame.append(boxesLayer(item.event.boxes, PICTURE_ASPECT));
    return frame;
  }

  /** The event's thumbnail; without one, the recorded frame at its start (a paused video at that time). */
  private thumbnail(item: EventItem): HTMLElement {
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
