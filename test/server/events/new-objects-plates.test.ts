/** Which plates of an event are news to a notifier (new-objects.ts platesTold, #58): each object's plate once per reading or name. */
import { describe, expect, it } from 'vitest';
import { NewObjects } from '../../../server/events/new-objects.js';
import type { EventRecord } from '../../../server/events/event-record.js';
import type { EventPlate } from '../../../shared/events.js';

const record = (id: string, plate?: EventPlate): EventRecord => ({
  id,
  camera: 'lot',
  start: 1,
  end: null,
  peakScore: 1,
  objects: [{ id: 4, label: 'car', tracked: 'car', score: 0.6, box: [0, 0, 1, 1], zones: [], at: 1, ...(plate ? { plate } : {}) }],
});

describe('NewObjects.platesTold', () => {
  it('tells a plate once, again when it is read otherwise or named, and afresh in the next event', () => {
    const news = new NewObjects();
    expect(news.platesTold('object', record('e1'))).toEqual([]);
    const read = { text: 'AB123C', confidence: 0.9 };
    expect(news.platesTold('object', record('e1', read)).map((o) => o.plate)).toEqual([read]);
    expect(news.platesTold('object', record('e1', read))).toEqual([]);
    const named = { ...read, name: "Mum's car" };
    expect(news.platesTold('object', record('e1', named)).map((o) => o.plate)).toEqual([named]);
    expect(news.platesTold('end', record('e1', named))).toEqual([]);
    expect(news.platesTold('object', record('e2', named)).map((o) => o.plate)).toEqual([named]);
  });
});
