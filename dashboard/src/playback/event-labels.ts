/**
 * What an event's objects are called and coloured by (#39): one tone per followed name (person,
 * vehicle, animal, other) shared by the chips, the boxes and the timeline marks, and the events
 * page's label filter, client-side on `MotionEvent.labels`.
 */
import { COCO_LABELS, type CocoLabel } from '../../../common/detect/coco-labels.js';
import { groupOf } from '../../../common/detect/detect-settings.js';
import type { MotionEvent } from '../../../shared/events.js';
import { el } from '../dom.js';
import './labels.css';

export type LabelTone = 'person' | 'vehicle' | 'animal' | 'other';

/** The tone of a followed name (`vehicle`) or a COCO label (`car` → vehicle, `dog` → animal). */
export function toneOf(name: string): LabelTone {
  if (name === 'person' || name === 'vehicle' || name === 'animal') return name;
  const group = (COCO_LABELS as readonly string[]).includes(name) ? groupOf(name as CocoLabel) : null;
  return group ?? 'other';
}

/** `Person`, `Traffic light`: a label as a person reads it. */
export function labelWords(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** A coloured chip saying the label. */
export function labelChip(name: string, testId = 'event-label'): HTMLElement {
  const chip = el('span', 'label-chip', testId, labelWords(name));
  chip.dataset.object = toneOf(name);
  chip.dataset.label = name;
  return chip;
}

/** The events page's filter: every event, those without objects, or those with one label. */
export type EventLabelFilter = { kind: 'all' } | { kind: 'motion' } | { kind: 'label'; label: string };

export const ALL: EventLabelFilter = { kind: 'all' };

/** The labels of `events`, most frequent first (ties by first seen): the filter's choices. */
export function labelsSeen(events: readonly Pick<MotionEvent, 'labels'>[]): string[] {
  const counts = new Map<string, number>();
  for (const e of events) for (const label of e.labels ?? []) counts.set(label, (counts.get(label) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([label]) => label);
}

export function matches(filter: EventLabelFilter, e: Pick<MotionEvent, 'labels'>): boolean {
  const labels = e.labels ?? [];
  if (filter.kind === 'all') return true;
  if (filter.kind === 'motion') return labels.length === 0;
  return labels.includes(filter.label);
}

/** The filter as a `<select>` value, and back. */
export const filterValue = (f: EventLabelFilter): string => (f.kind === 'label' ? `label:${f.label}` : f.kind);
export function parseFilterValue(value: string): EventLabelFilter {
  if (value === 'motion') return { kind: 'motion' };
  if (value.startsWith('label:') && value.length > 6) return { kind: 'label', label: value.slice(6) };
  return ALL;
}

/** What the page says of the events it shows: `3 motion events`, `2 of 5 events: Person`, `No events without objects on this day.` */
export function countText(shown: number, total: number, filter: EventLabelFilter): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (filter.kind === 'all') return total === 0 ? 'No motion events on this day.' : plural(total, 'motion event');
  const what = filter.kind === 'motion' ? 'motion only (no objects)' : labelWords(filter.label);
  if (total === 0) return 'No motion events on this day.';
  if (shown === 0) return filter.kind === 'motion' ? 'No events without objects on this day.' : `No ${filter.label} events on this day.`;
  return `${shown} of ${plural(total, 'event')}: ${what}`;
}

/** The card's headline: `Person, Vehicle` when the detector saw objects, `Motion` otherwise. */
export function eventTitle(e: Pick<MotionEvent, 'labels'>): string {
  const labels = e.labels ?? [];
  return labels.length === 0 ? 'Motion' : labels.map(labelWords).join(', ');
}
