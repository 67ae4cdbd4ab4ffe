/** A range's review list: keys, zones and search terms per item, and unseen counts taken before a severity narrows it. */
import { describe, expect, it } from 'vitest';
import { reviewList, termsOf, zonesOf } from '../../../server/review/review-list.js';
import type { EventObject, MotionEvent } from '../../../shared/events.js';

const object = (label: string, tracked: string, zones: string[]): EventObject => ({ label, tracked, zones, score: 0.7, box: [0, 0, 10, 10], at: 1 });
const event = (camera: string, id: string, objects?: EventObject[]): MotionEvent => ({
  id,
  camera,
  start: Number(id),
  end: Number(id) + 4000,
  cutShort: false,
  peakScore: 5,
  peakAt: Number(id) + 500,
  snapshotUrl: null,
  thumbnailUrl: null,
  ...(objects ? { objects } : {}),
});

describe('zonesOf', () => {
  it('gives each zone once, first entered first, across objects', () => {
    expect(zonesOf({ objects: [object('person', 'person', ['Porch', 'Lawn']), object('dog', 'animal', ['lawn', 'Gate'])] })).toEqual(['Porch', 'Lawn', 'Gate']);
    expect(zonesOf({})).toEqual([]);
  });
});

describe('termsOf', () => {
  it('gives the camera, labels, followed names and zones in lower case, each once', () => {
    expect(termsOf({ camera: 'Front-Door', objects: [object('car', 'vehicle', ['Drive']), object('truck', 'vehicle', ['drive'])] })).toEqual([
      'front-door',
      'car',
      'vehicle',
      'drive',
      'truck',
    ]);
  });
});

describe('reviewList', () => {
  const events = [
    event('yard', '0000000003000'),
    event('yard', '0000000002000', [object('dog', 'animal', [])]),
    event('door', '0000000001000', [object('person', 'person', ['Porch'])]),
  ];
  const source = {
    from: 0,
    to: 10_000,
    events,
    ruleOf: () => ({ labels: ['person' as const], zones: [] }),
    seen: (key: string) => key === 'yard/0000000003000',
  };

  it('keeps the events’ order and keys them camera/event id', () => {
    const list = reviewList(source);
    expect(list.items.map((i) => [i.key, i.severity, i.seen])).toEqual([
      ['yard/0000000003000', 'motion', true],
      ['yard/0000000002000', 'detection', false],
      ['door/0000000001000', 'alert', false],
    ]);
    expect(list.items[2]).toMatchObject({ zones: ['Porch'], terms: ['door', 'person', 'porch'], event: events[2] });
  });

  it('counts the unseen of every severity when a severity narrows the items', () => {
    const list = reviewList(source, 'alert');
    expect(list.items.map((i) => i.key)).toEqual(['door/0000000001000']);
    expect(list.unseen).toEqual({ alert: 1, detection: 1, motion: 0 });
    expect([list.from, list.to]).toEqual([0, 10_000]);
  });
});
