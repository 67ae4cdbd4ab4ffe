import { describe, expect, it } from 'vitest';
import { knownPeople, unknownFaces } from '../../../dashboard/src/review/name-face.js';

describe('"Who is this?" on a review card', () => {
  it('offers to name only persons seen with a face no one enrolled whose own picture is kept, from untrusted JSON', () => {
    const person = (id: unknown, face: unknown, pictureUrl: unknown = '/p.jpg') => ({ id, label: 'person', face, pictureUrl });
    const objects = [
      person(1, { distance: 0.8 }),
      person(2, { name: 'Alice', distance: 0.3 }),
      person(3, undefined),
      person(4, { distance: 0.9 }, null),
      { id: 5, label: 'car', face: {}, pictureUrl: '/c.jpg' },
      person('6', {}),
      null,
      person(7, {}),
    ];
    expect(unknownFaces({ objects } as never)).toEqual([1, 7]);
    expect(unknownFaces({ objects: 'x' } as never)).toEqual([]);
    expect(unknownFaces({ objects: Array.from({ length: 10 }, (_, i) => person(i, {})) } as never)).toHaveLength(4);
  });

  it('asks for the known people, and gives no form to a user the relay refuses them (a viewer)', async () => {
    const answer = (ok: boolean, body: unknown) => (() => Promise.resolve({ ok, status: ok ? 200 : 403, body })) as never;
    expect(await knownPeople(answer(true, { people: [{ id: 'a', name: 'Alice', faces: [] }] }))).toEqual([{ id: 'a', name: 'Alice' }]);
    expect(await knownPeople(answer(false, { error: 'FORBIDDEN', message: 'no' }))).toBeNull();
  });
});
