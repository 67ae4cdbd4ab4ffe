import { describe, expect, it } from 'vitest';
import { moved, settingsOf } from '../../../dashboard/src/admin/cameras-view.js';

describe('settingsOf', () => {
  it("sends a blank name or group as null (the capture client's name, no group)", () => {
    expect(settingsOf('  Front door ', '')).toEqual({ name: 'Front door', group: null });
    expect(settingsOf('', ' Outside ')).toEqual({ name: null, group: 'Outside' });
  });
});

describe('moved', () => {
  it('swaps a camera with its neighbour, and leaves the ends where they are', () => {
    expect(moved(['a', 'b', 'c'], 1, -1)).toEqual(['b', 'a', 'c']);
    expect(moved(['a', 'b', 'c'], 1, 1)).toEqual(['a', 'c', 'b']);
    expect(moved(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moved(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });
});
