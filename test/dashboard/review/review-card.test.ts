import { describe, expect, it } from 'vitest';
import type { ReviewItem } from '../../../shared/review.js';
import { cardLabel, whenText } from '../../../dashboard/src/review/review-card.js';

const start = new Date(2026, 10, 28, 14, 3, 22).getTime();
const item: ReviewItem = {
  key: `porch/${start}`,
  severity: 'alert',
  zones: ['Driveway', 'Porch'],
  terms: [],
  seen: false,
  event: {
    id: String(start),
    camera: 'porch',
    start,
    end: start + 4000,
    cutShort: false,
    peakScore: null,
    peakAt: null,
    snapshotUrl: null,
    thumbnailUrl: null,
    labels: ['person', 'vehicle'],
  },
};

describe('whenText', () => {
  it('says the start and the length, or that the event is still going', () => {
    expect(whenText(item)).toBe('14:03:22 · 4 s');
    expect(whenText({ ...item, event: { ...item.event, end: null } })).toBe('14:03:22 · still going');
  });
});

describe('cardLabel', () => {
  it('says first whether the card is seen, then what, when, where and what a click does', () => {
    expect(cardLabel(item, 'Front door')).toBe('Unseen alert: Person, Vehicle at 14:03:22 · 4 s, Front door, in Driveway, Porch. Play from 5 s before');
    expect(cardLabel({ ...item, seen: true, severity: 'motion', zones: [], event: { ...item.event, labels: [] } }, 'Front door')).toBe(
      'Seen motion event: Motion at 14:03:22 · 4 s, Front door. Play from 5 s before',
    );
  });
});
