/** The part of a day a timeline shows: the whole day, or a zoomed span that pans within it. */
import { HOUR, MINUTE, SECOND } from './time.js';

/** The spans a timeline zooms through, widest first; the last is fine enough to hit one frame at 10 fps on a desktop. */
export const ZOOMS = [24 * HOUR, 6 * HOUR, HOUR, 10 * MINUTE, MINUTE] as const;

/** The spans a day opens at, narrowest first: the first that holds its recorded hours and a margin (#31). */
const OPENING = [10 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 1.5 * HOUR, 2 * HOUR, 3 * HOUR, 4 * HOUR, 6 * HOUR, 8 * HOUR, 12 * HOUR];
/** Room either side of the recorded hours, so their ends are not on the timeline's edges. */
const MARGIN = 1.2;

/** The tick step for a span and a width: labels at least ~70 px apart. */
export function tickStep(span: number, widthPx: number): number {
  const steps = [10 * SECOND, 30 * SECOND, MINUTE, 5 * MINUTE, 10 * MINUTE, 30 * MINUTE, HOUR, 3 * HOUR, 6 * HOUR];
  const wanted = (span * 70) / Math.max(widthPx, 1);
  return steps.find((s) => s >= wanted) ?? 6 * HOUR;
}

export function zoomLabel(span: number): string {
  // An opening span can be 1.5 h: one decimal, and none on whole hours.
  return span >= HOUR ? `${Math.round((span / HOUR) * 10) / 10} h` : span >= MINUTE ? `${Math.round(span / MINUTE)} min` : `${Math.round(span / SECOND)} s`;
}

export class TimeWindow {
  /** The day's bounds; the window never leaves them. */
  dayFrom = 0;
  dayTo = 0;
  from = 0;
  to = 0;
  /** The index in ZOOMS of the span shown; between two (x.5) for an opening span that is none of them. */
  level = 0;

  /** A new day, shown whole. */
  setDay(from: number, to: number): void {
    this.dayFrom = from;
    this.dayTo = to;
    this.level = 0;
    this.from = from;
    this.to = to;
  }

  /**
   * Shows the moments `from`–`to` (the day's recorded hours) at the narrowest opening span that holds
   * them: an hour recorded in a day fills most of the width instead of a 24th of it. The whole day
   * when they need more than 12 h.
   */
  fit(from: number, to: number): void {
    const span = OPENING.find((s) => s >= (to - from) * MARGIN);
    if (span === undefined || span >= this.dayTo - this.dayFrom) return;
    const wider = ZOOMS.findLastIndex((z) => z > span);
    this.level = ZOOMS[wider + 1] === span ? wider + 1 : wider + 0.5;
    this.place((from + to) / 2 - span / 2, span);
  }

  get span(): number {
    return this.to - this.from;
  }

  /** Zooms one level in (+1) or out (-1) around `center` (a moment, or one chosen for the new span), kept inside the day. */
  zoom(delta: number, center: number | ((span: number) => number)): boolean {
    // From an opening span between two zooms, in goes to the narrower one and out to the wider.
    const next = delta > 0 ? Math.floor(this.level + delta) : Math.ceil(this.level + delta);
    const level = Math.min(ZOOMS.length - 1, Math.max(0, next));
    if (level === this.level) return false;
    this.level = level;
    // A DST day is 23 or 25 h long: "whole day" is its own length.
    const span = level === 0 ? this.dayTo - this.dayFrom : ZOOMS[level]!;
    const c = typeof center === 'number' ? center : center(span);
    this.place(c - span / 2, span);
    return true;
  }

  /** Moves by a share of the span (negative: earlier). */
  pan(share: number): void {
    this.place(this.from + share * this.span, this.span);
  }

  /** Makes `t` visible, putting it a tenth in from the edge it passed. */
  follow(t: number): boolean {
    if (t >= this.from && t <= this.to) return false;
    this.place(t < this.from ? t - this.span * 0.9 : t - this.span * 0.1, this.span);
    return true;
  }

  private place(from: number, span: number): void {
    const f = Math.min(Math.max(from, this.dayFrom), this.dayTo - span);
    this.from = Math.max(this.dayFrom, f);
    this.to = Math.min(this.dayTo, this.from + span);
  }

  /** Share of the width (0-1) at which `t` lies. */
  share(t: number): number {
    return (t - this.from) / this.span;
  }

  /** The moment at a share of the width (clamped to the window). */
  at(share: number): number {
    return this.from + Math.min(1, Math.max(0, share)) * this.span;
  }
}
