import { describe, expect, it } from 'vitest';
import type { ReviewItem, ReviewSeverity } from '../../../shared/review.js';
import {
  filterItems,
  inWindow,
  matchesSearch,
  narrowsBeyondServer,
  NO_FILTER,
  optionsOf,
  parseMinute,
  searchWords,
  unseenCounts,
} from '../../../dashboard/src/review/review-filters.js';

/** Local 2026-11-28 at `hh:mm`. */
const at = (hh: number, mm = 0) => new Date(2026, 10, 28, hh, mm).getTime();

function item(
  key: string,
  severity: ReviewSeverity,
  o: { camera?: string; labels?: string[]; zones?: string[]; start?: number; seen?: boolean; terms?: string[] } = {},
): ReviewItem {
  const camera = o.camera ?? 'porch';
  const labels = o.labels ?? [];
  const zones = o.zones ?? [];
  return {
    key,
    severity,
    zones,
    seen: o.seen ?? false,
    terms: o.terms ?? [camera, ...labels, ...zones.map((z) => z.toLowerCase())],
    event: {
      id: key,
      camera,
      start: o.start ?? at(12),
      end: null,
      cutShort: false,
      peakScore: null,
      peakAt: null,
      snapshotUrl: null,
      thumbnailUrl: null,
      labels,
    },
  };
}

const items = [
  item('a', 'alert', { labels: ['person'], zones: ['Driveway'], start: at(23, 30) }),
  item('b', 'alert', { camera: 'yard', labels: ['car'], start: at(9), seen: true }),
  item('c', 'detection', { labels: ['dog'], zones: ['Lawn'], start: at(3) }),
  item('d', 'motion', { camera: 'yard', start: at(14) }),
  item('e', 'alert', { labels: ['person', 'car'], zones: ['Driveway', 'Porch'], start: at(7), terms: ['porch', 'person', 'car', 'driveway', 'ab123cd'] }),
];
const keys = (list: ReviewItem[]) => list.map((i) => i.key);

describe('searchWords', () => {
  it('lower-cases the typed words and keeps each once', () => {
    expect(searchWords('  Person  DRIVEWAY person ')).toEqual(['person', 'driveway']);
  });

  it('looks at no more than 8 words of a box cut to 200 characters', () => {
    expect(searchWords(Array.from({ length: 20 }, (_, i) => `w${i}`).join(' '))).toHaveLength(8);
    expect(searchWords('x'.repeat(500))[0]).toHaveLength(200);
  });
});

describe('matchesSearch', () => {
  it('needs every word to be part of one of the terms', () => {
    expect(matchesSearch(['pers', 'drive'], ['porch', 'person', 'driveway'])).toBe(true);
    expect(matchesSearch(['person', 'lawn'], ['porch', 'person', 'driveway'])).toBe(false);
  });

  it('finds a plate typed as it is written on the car, with dashes or dots, or in pieces, and its known name (#58)', () => {
    const terms = ['drive', 'car', 'ab123c', "mum's car"];
    for (const typed of [['ab-123-c'], ['ab.123.c'], ['ab', '123', 'c'], ['mum']]) expect(matchesSearch(typed, terms)).toBe(true);
    expect(matchesSearch(['ab-124-c'], terms)).toBe(false);
    expect(matchesSearch(['-'], ['car'])).toBe(false);
  });

  it('lets everything through when nothing is typed', () => {
    expect(matchesSearch([], [])).toBe(true);
  });
});

describe('the time of day', () => {
  it('reads HH:MM as minutes after midnight, and nothing else', () => {
    expect([parseMinute('07:30'), parseMinute(''), parseMinute('25:00'), parseMinute('7:30')]).toEqual([450, null, null, null]);
  });

  it('keeps [from, to), and wraps past midnight when to comes before from', () => {
    expect([inWindow(600, 540, 660), inWindow(660, 540, 660), inWindow(500, 540, null), inWindow(500, null, 540)]).toEqual([true, false, false, true]);
    expect([inWindow(23 * 60, 22 * 60, 6 * 60), inWindow(3 * 60, 22 * 60, 6 * 60), inWindow(12 * 60, 22 * 60, 6 * 60)]).toEqual([true, true, false]);
  });
});

describe('filterItems', () => {
  it('keeps the tab’s items in the order given', () => {
    expect(keys(filterItems(items, { ...NO_FILTER, severity: 'alert' }))).toEqual(['a', 'b', 'e']);
    expect(keys(filterItems(items, { ...NO_FILTER, severity: 'motion' }))).toEqual(['d']);
  });

  it('narrows by camera, label, zone, time of day and search together', () => {
    const alerts = { ...NO_FILTER, severity: 'alert' as const };
    expect(keys(filterItems(items, { ...alerts, camera: 'yard' }))).toEqual(['b']);
    expect(keys(filterItems(items, { ...alerts, label: 'person' }))).toEqual(['a', 'e']);
    expect(keys(filterItems(items, { ...alerts, zone: 'Porch' }))).toEqual(['e']);
    expect(keys(filterItems(items, { ...alerts, fromMinute: 22 * 60, toMinute: 8 * 60 }))).toEqual(['a', 'e']);
    expect(keys(filterItems(items, { ...alerts, search: 'AB123' }))).toEqual(['e']);
    expect(keys(filterItems(items, { ...alerts, label: 'person', search: 'driveway porch' }))).toEqual(['a', 'e']);
    expect(keys(filterItems(items, { ...alerts, label: 'car', zone: 'Driveway', camera: 'yard' }))).toEqual([]);
  });
});

describe('unseenCounts', () => {
  it('counts the unseen items of each tab that the filters let through', () => {
    expect(unseenCounts(items, NO_FILTER)).toEqual({ alert: 2, detection: 1, motion: 1 });
    expect(unseenCounts(items, { ...NO_FILTER, camera: 'yard' })).toEqual({ alert: 0, detection: 0, motion: 1 });
    expect(unseenCounts(items, { ...NO_FILTER, search: 'driveway' })).toEqual({ alert: 2, detection: 0, motion: 0 });
  });
});

describe('narrowsBeyondServer', () => {
  it('is false for the camera alone (the server’s seen-all takes it) and true for any other filter', () => {
    expect(narrowsBeyondServer({ ...NO_FILTER, camera: 'yard' })).toBe(false);
    expect(narrowsBeyondServer({ ...NO_FILTER, search: '   ' })).toBe(false);
    for (const f of [{ label: 'person' }, { zone: 'Lawn' }, { fromMinute: 0 }, { toMinute: 60 }, { search: 'car' }])
      expect(narrowsBeyondServer({ ...NO_FILTER, ...f })).toBe(true);
  });
});

describe('optionsOf', () => {
  it('offers each camera, label and zone of the day once, most frequent first', () => {
    expect(optionsOf(items)).toEqual({ cameras: ['porch', 'yard'], labels: ['person', 'car', 'dog'], zones: ['Driveway', 'Lawn', 'Porch'] });
  });
});
