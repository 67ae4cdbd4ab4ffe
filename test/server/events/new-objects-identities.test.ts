/** Which plates and faces of an event are news to a notifier (new-objects.ts identitiesTold, #58): each object's plate or face once per reading or name. */
import { describe, expect, it } from 'vitest';
import { NewObjects } from '../../../server/events/new-objects.js';
import type { EventRecord } from '../../../server/events/event-record.js';
import type { EventObject, ObjectIdentity } from '../../../shared/events.js';

const object = (label: string, found: ObjectIdentity = {}): EventObject => ({
  id: label === 'car' ? 4 : 5,
  label,
  tracked: label,
  score: 0.6,
  box: [0, 0, 1, 1],
  zones: [],
  at: 1,
  ...found,
});
const record = (id: string, ...objects: EventObject[]): EventRecord => ({ id, camera: 'lot', start: 1, end: null, peakScore: 1, objects });

describe('NewObjects.identitiesTold', () => {
  it('tells a plate once, again when it is read otherwise or named, and afresh in the next event', () => {
    const news = new NewObjects();
    expect(news.identitiesTold('object', record('e1', object('car')))).toEqual([]);
    const read = { text: 'AB123C', confidence: 0.9 };
    expect(news.identitiesTold('object', record('e1', object('car', { plate: read }))).map((o) => o.plate)).toEqual([read]);
    expect(news.identitiesTold('object', record('e1', object('car', { plate: read })))).toEqual([]);
    const named = { ...read, name: "Mum's car" };
    expect(news.identitiesTold('object', record('e1', object('car', { plate: named }))).map((o) => o.plate)).toEqual([named]);
    expect(news.identitiesTold('end', record('e1', object('car', { plate: named })))).toEqual([]);
    expect(news.identitiesTold('object', record('e2', object('car', { plate: named }))).map((o) => o.plate)).toEqual([named]);
  });

  it('tells a face once when seen, again when named, not when only its distance changes, beside a plate of the same event', () => {
    const news = new NewObjects();
    const car = object('car', { plate: { text: 'AB123C', confidence: 0.9 } });
    expect(news.identitiesTold('object', record('e1', car, object('person', { face: { distance: 0.8 } }))).map((o) => o.label)).toEqual(['car', 'person']);
    expect(news.identitiesTold('object', record('e1', car, object('person', { face: { distance: 0.7 } })))).toEqual([]);
    const alice = object('person', { face: { name: 'Alice', person: 'p1', distance: 0.41 } });
    expect(news.identitiesTold('object', record('e1', car, alice)).map((o) => o.face?.name)).toEqual(['Alice']);
    expect(news.identitiesTold('object', record('e1', car, { ...alice, face: { ...alice.face!, distance: 0.38 } }))).toEqual([]);
  });
});
