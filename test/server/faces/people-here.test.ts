import { describe, expect, it } from 'vitest';
import { PeopleHere, UNKNOWN_PERSON } from '../../../server/faces/people-here.js';

describe('PeopleHere: who the cameras see by face', () => {
  it('names each followed person by their known person or as unknown, and forgets them as they leave, as their camera clears, and as a person is removed', () => {
    const here = new PeopleHere();
    let told = 0;
    here.onChange(() => told++);
    here.named('door', 1, { name: 'Alice', person: 'a', distance: 0.3 });
    here.named('yard', 7, { name: 'Alice', person: 'a', distance: 0.4 });
    here.named('door', 2, { distance: 0.8 });
    expect([...here.where()]).toEqual([
      ['a', ['door', 'yard']],
      [UNKNOWN_PERSON, ['door']],
    ]);
    // The same reading again tells nothing; a better one replaces the one before.
    here.named('door', 1, { name: 'Alice', person: 'a', distance: 0.2 });
    expect(told).toBe(3);
    here.named('door', 2, { name: 'Bob', person: 'b', distance: 0.5 });
    expect(here.where().get(UNKNOWN_PERSON)).toBeUndefined();
    here.left('door', 1);
    expect(here.where().get('a')).toEqual(['yard']);
    here.cleared('yard');
    expect(here.where().get('a')).toBeUndefined();
    here.forgetPerson('b');
    expect([...here.where()]).toEqual([]);
    // Nothing left to forget: no one is told.
    const before = told;
    here.left('door', 2);
    here.cleared('porch');
    expect(told).toBe(before);
  });

  it('remembers at most 256 objects a camera, forgetting the oldest named', () => {
    const here = new PeopleHere();
    here.named('door', 0, { name: 'Alice', person: 'a' });
    for (let id = 1; id <= 256; id++) here.named('door', id, {});
    expect([...here.where()]).toEqual([[UNKNOWN_PERSON, ['door']]]);
  });
});
