import { describe, expect, it } from 'vitest';
import { facesKept, parsePeople } from '../../../dashboard/src/admin/faces-data.js';

describe('parsePeople', () => {
  it("reads the people of the relay's answer, leaving out entries and faces that are not whole", () => {
    const face = { id: 'f1', at: 5, url: '/api/faces/face/f1.jpg' };
    const body = {
      people: [{ id: 'p1', name: 'Barack', faces: [face, { id: 'f2', url: 7 }] }, { id: 'p2', name: 'Joe' }, { id: 3, name: 'Nobody' }, 'x'],
    };
    expect(parsePeople(body)).toEqual([
      { id: 'p1', name: 'Barack', faces: [face] },
      { id: 'p2', name: 'Joe', faces: [] },
    ]);
    expect(parsePeople(null)).toEqual([]);
    expect(parsePeople({ people: 'x' })).toEqual([]);
  });
});

describe('facesKept', () => {
  it('says a person with no face yet needs a photo, and counts the faces of the others', () => {
    expect(facesKept(0)).toBe('No face yet: add a photo.');
    expect(facesKept(1)).toBe('1 face kept');
    expect(facesKept(3)).toBe('3 faces kept');
  });
});
