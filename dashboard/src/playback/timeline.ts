/**
 * The day's timeline in the single view: recorded ranges, gaps labelled with their reason, motion
 * events, "now", the playhead and an export range. Click or drag (mouse or finger) to choose a
 * moment; the wheel or the −/+ buttons zoom, ‹ › pan. `data-from`/`data-to` on the track give
 * the window in ms since 1970, so a test can compute where a moment lies.
 */
import { actionButton, el, setText } from '../dom.js';
import { recordedRanges, type DayData } from './day-data.js';
import { eventTitle, toneOf } from './event-labels.js';
import { clockTime, duration, gapWords } from './time.js';
import { tickStep, TimeWindow, zoomLabel } from './time-window.js';

export type ScrubPhase = 'start' | 'move' | 'end';

export interface TimelineHooks {
  /** A moment chosen by pointer: `start` on press, `move` while dragging, `end` on release. */
  scrub(t: number, phase: ScrubPhase): void;
}

export class Timeline {
  readonly root = el('div', 'timeline', 'timeline');
  readonly window = new TimeWindow();
  private readonly track = el('div', 'tl-track', 'timeline-track');
  private readonly layer = el('div', 'tl-layer');
  private readonly axis = el('div', 'tl-axis', 'timeline-axis');
  private readonly info = el('p', 'tl-info', 'timeline-info');
  private readonly zoomText = el('span', 'tl-zoom', 'timeline-zoom');
  private readonly playhead = el('div', 'tl-playhead', 'timeline-playhead');
  private readonly nowMark = el('div', 'tl-now', 'timeline-now');
  private readonly range = el('div', 'tl-range-mark', 'timeline-export-range');
  private day: DayData | null = null;
  private head: number | null = null;
  private marked: { from: number; to: number } | null = null;
  private dragging = false;

  constructor(
    private readonly hooks: TimelineHooks,
    private readonly now: () => number = Date.now,
  ) {
    const tools = el('div', 'tl-tools');
    const button = (text: string, testId: string, label: string, act: () => void) => actionButton('bar-button tl-button', text, testId, label, act);
    tools.append(
      button('‹', 'timeline-earlier', 'Earlier', () => this.pan(-0.5)),
      button('−', 'timeline-zoom-out', 'Zoom out', () => this.zoom(-1)),
      this.zoomText,
      button('+', 'timeline-zoom-in', 'Zoom in', () => this.zoom(1)),
      button('›', 'timeline-later', 'Later', () => this.pan(0.5)),
    );
    this.track.append(this.layer, this.range, this.nowMark, this.playhead);
    this.track.dataset.noSwipe = '';
    this.track.setAttribute('aria-label', 'Timeline: click or drag to play from a moment');
    this.info.setAttribute('aria-live', 'polite');
    this.root.append(this.track, this.axis, tools, this.info);
    this.watchPointer();
    // Ticks and gap labels depend on the width: a window or a phone turned redraws them.
    let width = 0;
    new ResizeObserver(() => {
      if (this.track.clientWidth === width) return;
      width = this.track.clientWidth;
      if (this.day) this.render();
    }).observe(this.track);
  }

  /** Tools (zoom, pan) to place elsewhere, e.g. beside the day's name. */
  get tools(): HTMLElement {
    return this.root.querySelector('.tl-tools')!;
  }

  setDay(day: DayData, keepWindow: boolean): void {
    if (!keepWindow || this.window.dayFrom !== day.from) {
      this.window.setDay(day.from, day.to);
      const ranges = recordedRanges(day.segments);
      if (ranges.length > 0) this.window.fit(ranges[0]!.start, ranges.at(-1)!.end);
    }
    this.day = day;
    this.render();
  }

  setPlayhead(t: number | null): void {
    this.head = t;
    if (t !== null && !this.dragging && this.window.follow(t)) this.render();
    else this.place();
  }

  setMarked(range: { from: number; to: number } | null): void {
    this.marked = range;
    this.place();
  }

  private zoom(delta: number, center?: number): void {
    const head = this.head !== null && this.head >= this.window.dayFrom && this.head < this.window.dayTo ? this.head : null;
    if (this.window.zoom(delta, center ?? head ?? ((span) => this.defaultCenter(span)))) this.render();
  }

  /** Zoomed in without a playhead: the newest recording of the day three quarters across, else now. */
  private defaultCenter(span: number): number {
    const last = this.day?.segments.at(-1);
    return last ? last.end - span / 4 : Math.min(this.now(), this.window.dayTo);
  }

  private pan(share: number): void {
    this.window.pan(share);
    this.render();
  }

  /** Redraws ranges, gaps, events and the axis for the window shown. */
  render(): void {
    const w = this.window;
    this.track.dataset.from = String(w.from);
    this.track.dataset.to = String(w.to);
    setText(this.zoomText, zoomLabel(w.span));
    const nodes: HTMLElement[] = [];
    const width = this.track.clientWidth || 600;
    const span = (cls: string, start: number, end: number, testId?: string) => {
      const a = Math.max(0, w.share(start));
      const b = Math.min(1, w.share(end));
      if (b <= 0 || a >= 1 || b <= a) return null;
      const node = el('div', cls, testId);
      node.style.left = `${a * 100}%`;
      node.style.width = `max(1px, ${(b - a) * 100}%)`;
      nodes.push(node);
      return node;
    };
    for (const g of this.day?.gaps ?? []) {
      const node = span(`tl-gap tl-gap-${g.reason}`, g.start, g.end, 'timeline-gap');
      if (!node) continue;
      const words = gapWords(g.reason);
      node.dataset.reason = g.reason;
      node.title = `${words}: ${clockTime(g.start, false)}–${clockTime(g.end, false)} (${duration(g.end - g.start)})`;
      // Words only where they fit; a narrow gap says it on hover and under the track.
      const px = (Math.min(1, w.share(g.end)) - Math.max(0, w.share(g.start))) * width;
      if (px >= words.length * 6.5 + 10) node.append(el('span', 'tl-gap-label', undefined, words));
    }
    for (const r of recordedRanges(this.day?.segments ?? [])) span('tl-recorded', r.start, r.end, 'timeline-recorded');
    for (const e of this.day?.events ?? []) {
      const node = span('tl-event', e.start, e.end ?? Math.min(this.now(), w.to), 'timeline-event');
      if (!node) continue;
      node.title = `${eventTitle(e)} at ${clockTime(e.start)}${e.end ? ` (${duration(e.end - e.start)})` : ', still going'}`;
      // Coloured by the first object the detector saw (#39); motion alone keeps the amber mark.
      const first = e.labels?.[0];
      if (first) node.dataset.object = toneOf(first);
    }
    this.layer.replaceChildren(...nodes);
    this.renderAxis();
    this.place();
  }

  private renderAxis(): void {
    const w = this.window;
    const step = tickStep(w.span, this.track.clientWidth || 600);
    const ticks: HTMLElement[] = [];
    // Ticks on the local clock: an hour's tick at a whole local hour, even in a half-hour time zone.
    const offset = new Date(w.from).getTimezoneOffset() * 60_000;
    for (let t = Math.ceil((w.from - offset) / step) * step + offset; t <= w.to; t += step) {
      // A label at the very right would be cut in half: the window's end needs none.
      if (w.share(t) > 0.97) break;
      const tick = el('span', 'tl-tick', undefined, clockTime(t, step < 60_000));
      tick.style.left = `${w.share(t) * 100}%`;
      if (w.share(t) < 0.03) tick.dataset.edge = '';
      ticks.push(tick);
    }
    this.axis.replaceChildren(...ticks);
  }

  /** Moves what changes often (playhead, now, export range) without redrawing the rest. */
  private place(): void {
    const w = this.window;
    const at = (node: HTMLElement, t: number | null) => {
      const share = t === null ? -1 : w.share(t);
      node.hidden = share < 0 || share > 1;
      if (!node.hidden) node.style.left = `${share * 100}%`;
    };
    at(this.playhead, this.head);
    at(this.nowMark, this.now());
    if (this.head !== null) this.playhead.dataset.time = String(Math.round(this.head));
    const m = this.marked;
    this.range.hidden = !m || w.share(m.to) < 0 || w.share(m.from) > 1;
    if (m && !this.range.hidden) {
      const a = Math.max(0, w.share(m.from));
      this.range.style.left = `${a * 100}%`;
      this.range.style.width = `max(2px, ${(Math.min(1, w.share(m.to)) - a) * 100}%)`;
    }
  }

  /** What lies at `t`, in words, under the track. */
  private describe(t: number): string {
    const d = this.day;
    if (!d) return '';
    if (t > this.now()) return `${clockTime(t)} · not yet`;
    if (d.segments.some((s) => s.start <= t && t < s.end)) {
      const e = d.events.find((x) => x.start <= t && t < (x.end ?? Infinity));
      return `${clockTime(t)} · recorded${e ? ` · ${e.labels?.length ? e.labels.join(', ') : 'motion'}` : ''}`;
    }
    const g = d.gaps.find((x) => x.start <= t && t < x.end);
    return `${clockTime(t)} · ${g ? `${gapWords(g.reason)} (${duration(g.end - g.start)})` : 'not recorded'}`;
  }

  private watchPointer(): void {
    const timeAt = (e: PointerEvent | WheelEvent) => {
      const box = this.track.getBoundingClientRect();
      return this.window.at((e.clientX - box.left) / box.width);
    };
    this.track.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      this.dragging = true;
      this.track.setPointerCapture(e.pointerId);
      const t = timeAt(e);
      setText(this.info, this.describe(t));
      this.hooks.scrub(t, 'start');
    });
    this.track.addEventListener('pointermove', (e) => {
      const t = timeAt(e);
      setText(this.info, this.describe(t));
      if (this.dragging) this.hooks.scrub(t, 'move');
    });
    const end = (e: PointerEvent) => {
      if (!this.dragging) return;
      this.dragging = false;
      this.hooks.scrub(timeAt(e), 'end');
    };
    this.track.addEventListener('pointerup', end);
    this.track.addEventListener('pointercancel', end);
    this.track.addEventListener('pointerleave', () => this.dragging || setText(this.info, ''));
    // The wheel zooms around the pointer; sideways (or with Shift) it pans.
    this.track.addEventListener(
      'wheel',
      (e) => {
        e.preventDefault();
        if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) return this.pan(Math.sign(e.deltaX || e.deltaY) * 0.25);
        this.zoom(e.deltaY < 0 ? 1 : -1, timeAt(e));
      },
      { passive: false },
    );
  }
}
