import { describe, expect, it } from 'vitest';
import { lookAt, shownAt } from '../../../dashboard/src/playback/playback-boxes.js';
import { LIVE_OBJECTS_SHOWN_MS, type RecordedLook } from '../../../shared/live-objects.js';

const person = { label: 'person', score: 0.9, box: [1, 2, 3, 4] as [number, number, number, number] };
const looks: RecordedLook[] = [
  { at: 1000, width: 640, height: 360, boxes: [person] },
  { at: 2000, width: 640, height: 360, boxes: [] },
  { at: 2500, width: 640, height: 360, boxes: [person, person] },
];

describe('lookAt', () => {
  it('finds the latest look at or before a moment, or none before the first', () => {
    expect(lookAt(looks, 999)).toBeNull();
    expect(lookAt(looks, 1000)).toBe(looks[0]);
    expect(lookAt(looks, 2499)).toBe(looks[1]);
    expect(lookAt(looks, 90_000)).toBe(looks[2]);
    expect(lookAt([], 1000)).toBeNull();
  });
});

describe('shownAt', () => {
  it('shows a look for the live tile’s window after it, and an empty look clears the boxes', () => {
    expect(shownAt(looks, 1500)).toBe(looks[0]);
    expect(shownAt(looks, 2100)).toBeNull();
    expect(shownAt(looks, 2500 + LIVE_OBJECTS_SHOWN_MS - 1)).toBe(looks[2]);
    expect(shownAt(looks, 2500 + LIVE_OBJECTS_SHOWN_MS)).toBeNull();
  });
});
