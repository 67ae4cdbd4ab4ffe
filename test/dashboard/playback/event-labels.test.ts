import { describe, expect, it } from 'vitest';
import { countText, eventTitle, labelsSeen, matches, parseFilterValue, filterValue, toneOf } from '../../../dashboard/src/playback/event-labels.js';

const person = { labels: ['person'] };
const both = { labels: ['vehicle', 'person'] };
const motion = {};
const events = [person, both, motion, { labels: [] }, { labels: ['dog'] }];

describe('toneOf', () => {
  it('colours followed names and COCO labels by their group', () => {
    expect(['person', 'vehicle', 'animal', 'car', 'truck', 'dog', 'bird', 'umbrella', 'not-a-label'].map(toneOf)).toEqual([
      'person',
      'vehicle',
      'animal',
      'vehicle',
      'vehicle',
      'animal',
      'animal',
      'other',
      'other',
    ]);
  });
});

describe('the label filter', () => {
  it('offers the labels seen, most frequent first', () => {
    expect(labelsSeen(events)).toEqual(['person', 'vehicle', 'dog']);
  });

  it('keeps every event, only those without objects, or only those with the label', () => {
    expect(events.filter((e) => matches({ kind: 'all' }, e))).toHaveLength(5);
    expect(events.filter((e) => matches({ kind: 'motion' }, e))).toEqual([motion, { labels: [] }]);
    expect(events.filter((e) => matches({ kind: 'label', label: 'person' }, e))).toEqual([person, both]);
  });

  it('goes through the select’s value and back', () => {
    for (const f of [{ kind: 'all' }, { kind: 'motion' }, { kind: 'label', label: 'traffic light' }] as const)
      expect(parseFilterValue(filterValue(f))).toEqual(f);
    expect(parseFilterValue('label:')).toEqual({ kind: 'all' });
  });

  it('says how many events it shows of how many', () => {
    expect(countText(5, 5, { kind: 'all' })).toBe('5 motion events');
    expect(countText(2, 5, { kind: 'label', label: 'person' })).toBe('2 of 5 events: Person');
    expect(countText(0, 5, { kind: 'label', label: 'person' })).toBe('No person events on this day.');
    expect(countText(1, 5, { kind: 'motion' })).toBe('1 of 5 events: motion only (no objects)');
    expect(countText(0, 0, { kind: 'motion' })).toBe('No motion events on this day.');
  });
});

describe('eventTitle', () => {
  it('names the objects, or says motion', () => {
    expect(eventTitle(both)).toBe('Vehicle, Person');
    expect(eventTitle(motion)).toBe('Motion');
  });
});
