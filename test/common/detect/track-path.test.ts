/** Where an object stood: a point per real step, bounded however long it stays. */
import { describe, expect, it } from 'vitest';
import { MAX_PATH, TrackPath } from '../../../common/detect/track-path.js';

describe('TrackPath', () => {
  it('starts at the bottom-centre of the first box, where the object stands', () => {
    expect(new TrackPath([100, 100, 50, 120], 7).list()).toEqual([{ x: 125, y: 220, at: 7 }]);
  });

  it('adds no point for a step under 0.4 of its size', () => {
    const p = new TrackPath([100, 100, 50, 120], 0);
    p.add([130, 100, 50, 120], 1);
    expect(p.list()).toHaveLength(1);
    p.add([140, 100, 50, 120], 2);
    expect(p.list()).toHaveLength(2);
  });

  it(`holds at most ${MAX_PATH} points, keeping its first and newest`, () => {
    const p = new TrackPath([0, 0, 50, 120], 0);
    for (let i = 1; i <= 1000; i++) p.add([i * 40, 0, 50, 120], i);
    const list = p.list();
    expect(list.length).toBeLessThanOrEqual(MAX_PATH);
    expect(list[0]!.at).toBe(0);
    expect(list.at(-1)!.at).toBe(1000);
    expect(list.map((q) => q.at)).toEqual([...list.map((q) => q.at)].sort((a, b) => a - b));
  });
});
