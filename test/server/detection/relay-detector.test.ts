/** Which regions the relay's detector asks for a frame, from motion's boxes and the tracked objects' (no worker started). */
import { describe, expect, it } from 'vitest';
import { regionsFor } from '../../../server/detection/relay-detector.js';

const HD = { width: 1280, height: 720 };

describe('regionsFor', () => {
  it('is none (the whole picture) without hints, with hints that hold no box, or with regions turned off', () => {
    expect(regionsFor(undefined)).toBeUndefined();
    expect(regionsFor({ ...HD, motion: [], objects: [] })).toBeUndefined();
    expect(regionsFor({ ...HD, motion: [[900, 420, 31, 65]], objects: [] }, false)).toBeUndefined();
  });

  it('is a region around where motion was, in the picture’s pixels, zoomed in on something that small', () => {
    expect(regionsFor({ ...HD, motion: [[900, 420, 31, 65]], objects: [] })).toEqual([[786, 323, 260, 260]]);
  });

  it('looks around tracked objects too, and at most `max` regions', () => {
    const hints = {
      ...HD,
      motion: [[40, 40, 30, 60]] as [number, number, number, number][],
      objects: [[1100, 500, 60, 120]] as [number, number, number, number][],
    };
    expect(regionsFor(hints)).toHaveLength(2);
    expect(regionsFor(hints, { max: 1 })).toHaveLength(1);
  });
});
