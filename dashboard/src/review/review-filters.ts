/**
 * The review page's filters, client-side over the loaded day (#57 item 4): the tab (severity), camera,
 * label, zone, time of day and a search box whose every word must match one of an item's `terms`.
 * Pure: the page and its unit tests share it.
 */
import type { ReviewItem, ReviewSeverity } from '../../../shared/review.js';

/** What narrows the cards; an empty string (or null) lets everything through. */
export interface ReviewFilter {
  severity: ReviewSeverity;
  camera: string;
  label: string;
  zone: string;
  /** Minutes after local midnight, inclusive from, exclusive to; null for no bound. */
  fromMinute: number | null;
  toMinute: number | null;
  search: string;
}

export const NO_FILTER: Omit<ReviewFilter, 'severity'> = { camera: '', label: '', zone: '', fromMinute: null, toMinute: null, search: '' };

/** The search box is typed by a person: more words or longer ones than this are not looked at. */
export const SEARCH_MAX_WORDS = 8;
export const SEARCH_MAX_LENGTH = 200;

/** The typed words, lower case, each once: at most SEARCH_MAX_WORDS of a box cut to SEARCH_MAX_LENGTH characters. */
export function searchWords(text: string): string[] {
  const words = text.slice(0, SEARCH_MAX_LENGTH).toLowerCase().split(/\s+/).filter(Boolean);
  return [...new Set(words)].slice(0, SEARCH_MAX_WORDS);
}

/**
 * True when every word is part of one of the terms (`pers` finds `person`); no words match everything. A plate typed
 * with dashes or dots finds it as read (`ab-123-c` finds `ab123c`: plates are kept to letters and digits, #58).
 */
export function matchesSearch(words: readonly string[], terms: readonly string[]): boolean {
  return words.every((w) => {
    const bare = w.replace(/[-.·]/g, '');
    return terms.some((t) => t.includes(w) || (bare !== '' && bare !== w && t.includes(bare)));
  });
}

/** `HH:MM` from an `<input type="time">` as minutes after midnight; null when empty or not a time. */
export function parseMinute(value: string): number | null {
  const m = /^(\d\d):(\d\d)/.exec(value);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  return h < 24 && min < 60 ? h * 60 + min : null;
}

/** Minutes after the local midnight of the day it falls in. */
export function minuteOfDay(ms: number): number {
  const d = new Date(ms);
  return d.getHours() * 60 + d.getMinutes();
}

/** Whether `minute` lies in [from, to); a `to` at or before the `from` wraps past midnight (22:00 to 06:00 is the night). */
export function inWindow(minute: number, from: number | null, to: number | null): boolean {
  if (from === null) return to === null || minute < to;
  if (to === null) return minute >= from;
  return to > from ? minute >= from && minute < to : minute >= from || minute < to;
}

/** An item's labels: the followed names of its event (`person`, `vehicle`). */
export const labelsOf = (item: ReviewItem): readonly string[] => item.event.labels ?? [];

/** Whether `item` passes every filter but the tab's severity. */
export function passesFilters(item: ReviewItem, f: Omit<ReviewFilter, 'severity'>, words: readonly string[] = searchWords(f.search)): boolean {
  if (f.camera && item.event.camera !== f.camera) return false;
  if (f.label && !labelsOf(item).includes(f.label)) return false;
  if (f.zone && !item.zones.includes(f.zone)) return false;
  if (!inWindow(minuteOfDay(item.event.start), f.fromMinute, f.toMinute)) return false;
  return matchesSearch(words, item.terms);
}

/** The items of the tab that pass the filters, in the order given (the server's: newest first). */
export function filterItems(items: readonly ReviewItem[], f: ReviewFilter): ReviewItem[] {
  const words = searchWords(f.search);
  return items.filter((i) => i.severity === f.severity && passesFilters(i, f, words));
}

/** Unseen items per severity among those the filters (but not the tab) let through. */
export function unseenCounts(items: readonly ReviewItem[], f: Omit<ReviewFilter, 'severity'>): Record<ReviewSeverity, number> {
  const counts: Record<ReviewSeverity, number> = { alert: 0, detection: 0, motion: 0 };
  const words = searchWords(f.search);
  for (const i of items) if (!i.seen && passesFilters(i, f, words)) counts[i.severity]++;
  return counts;
}

/** True when any filter but the tab and the camera narrows the list (the server's seen-all knows only those two). */
export function narrowsBeyondServer(f: Omit<ReviewFilter, 'severity'>): boolean {
  return f.label !== '' || f.zone !== '' || f.fromMinute !== null || f.toMinute !== null || searchWords(f.search).length > 0;
}

/** The filters' choices from the day's items: each camera, label and zone once, most frequent first (ties by first seen). */
export function optionsOf(items: readonly ReviewItem[]): { cameras: string[]; labels: string[]; zones: string[] } {
  const rank = (values: Iterable<string>) => {
    const counts = new Map<string, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([v]) => v);
  };
  return {
    cameras: rank(items.map((i) => i.event.camera)),
    labels: rank(items.flatMap((i) => [...labelsOf(i)])),
    zones: rank(items.flatMap((i) => i.zones)),
  };
}
