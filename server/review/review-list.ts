/**
 * A range's events as the review page lists them (shared/review.ts): each sorted by its camera's alert
 * rule, with its zones, its search terms and whether the caller has seen it, and the unseen counts
 * before a severity narrows the list. Pure: the routes give it the events and the rule and seen lookups.
 */
import type { AlertRule } from '../../common/detect/detect-settings.js';
import type { MotionEvent } from '../../shared/events.js';
import { REVIEW_SEVERITIES, type ReviewItem, type ReviewList, type ReviewSeverity } from '../../shared/review.js';
import { severityOf } from './severity.js';

/** `<camera>/<event id>`: an item's key. */
export const reviewKey = (camera: string, eventId: string): string => `${camera}/${eventId}`;

/** The zones an event's objects were in, each once, first entered first (objects are first seen first). */
export function zonesOf(event: Pick<MotionEvent, 'objects'>): string[] {
  const zones = new Map<string, string>();
  for (const o of event.objects ?? []) for (const z of o.zones) if (!zones.has(z.toLowerCase())) zones.set(z.toLowerCase(), z);
  return [...zones.values()];
}

/**
 * What the page's search box matches: the camera's id, labels, followed names and zones, the plates read with
 * their known names and the names of known faces (#58; only for a caller who may see them: the event comes here as shown to the caller), lower case, each once.
 */
export function termsOf(event: Pick<MotionEvent, 'camera' | 'objects'>): string[] {
  const terms = new Set<string>([event.camera.toLowerCase()]);
  for (const o of event.objects ?? []) {
    for (const t of [o.label, o.tracked, ...o.zones]) terms.add(t.toLowerCase());
    if (o.plate) for (const t of [o.plate.text, o.plate.name ?? '']) if (t) terms.add(t.toLowerCase());
    if (o.face?.name) terms.add(o.face.name.toLowerCase());
  }
  return [...terms];
}

/** One card. */
export function reviewItem(event: MotionEvent, rule: AlertRule, seen: boolean): ReviewItem {
  return { key: reviewKey(event.camera, event.id), event, severity: severityOf(event, rule), zones: zonesOf(event), terms: termsOf(event), seen };
}

/** What a list is built from: the range, its events newest first, and per camera its rule, per key whether seen. */
export interface ReviewSource {
  from: number;
  to: number;
  events: readonly MotionEvent[];
  ruleOf(camera: string): AlertRule;
  seen(key: string): boolean;
}

/** The range's items, of `severity` only when given; `unseen` counts every severity. */
export function reviewList(source: ReviewSource, severity?: ReviewSeverity): ReviewList {
  const unseen = Object.fromEntries(REVIEW_SEVERITIES.map((s) => [s, 0])) as Record<ReviewSeverity, number>;
  const items: ReviewItem[] = [];
  for (const event of source.events) {
    const item = reviewItem(event, source.ruleOf(event.camera), source.seen(reviewKey(event.camera, event.id)));
    if (!item.seen) unseen[item.severity]++;
    if (severity === undefined || item.severity === severity) items.push(item);
  }
  return { from: source.from, to: source.to, items, unseen };
}
