/** The part of a day a timeline shows: the whole day, or a zoomed span that pans within it. */
import { HOUR, MINUTE, SECOND } from './time.js';

/** The spans a timeline zooms through, widest first; the last is fine enough to hit one frame at 10 fps on a desktop. */
export const ZOOMS = [24 * HOUR, 6 * HOUR, HOUR, 10 * MINUTE, MINUTE] as const;

/** The tick step for a span and a width: labels at least ~70 px apart. */
export function tickStep(span: number, widthPx: number): number {
  const steps = [10 * SECOND, 30 * SECOND, MINUTE, 5 * MINUTE, 10 * MINUTE, 30 * MINUTE, HOUR, 3 * HOUR, 6 * HOUR];
  const wanted = (span * 70) / Math.max(widthPx, 1);
  return steps.find((s) => s >= wanted) ?? 6 * HOUR;
}

export function zoomLabel(span: number): string {
  return span >= HOUR ? `${Math.round(span / HOUR)} h` : span >= MINUTE ? `${Math.round(span / MINUTE)} min` : `${Math.round(span / SECOND)} s`;
}

export class TimeWindow {
  /** The day's bounds; the window never leaves them. */
  dayFrom = 0;
  dayTo = 0;
  from = 0;
  to = 0;
  level = 0;

  /** A new day, shown whole. */
  setDay(from: number, to: number): void {
    this.dayFrom = from;
    this.dayTo = to;
    this.level = 0;
    this.from = from;
    this.to = to;
  }

  get span(): number {
    return this.to - this.from;
  }

  /** Zooms one level in (+1) or out (-1) around `center` (a moment, or one chosen for the new span), kept inside the day. */
  zoom(delta: number, center: number | ((span: number) => number)): boolean {
    const level = Math.min(ZOOMS.length - 1, Math.max(0, this.level + delta));
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
