import { describe, expect, it } from 'vitest';
import { moved, parseRevisions, rowChange, settingsOf } from '../../../dashboard/src/admin/cameras-view.js';

describe('settingsOf', () => {
  it("sends a blank name or group as null (the capture client's name, no group)", () => {
    expect(settingsOf('  Front door ', '')).toEqual({ name: 'Front door', group: null });
    expect(settingsOf('', ' Outside ')).toEqual({ name: null, group: 'Outside' });
  });
});

describe('rowChange', () => {
  it('sends only the field typed differently, so a group change never sends back a name another admin changed since (#55 item 6)', () => {
    const loaded = { name: 'Porch', group: '' };
    expect(rowChange(loaded, { name: 'Porch', group: 'Outside' })).toEqual({ group: 'Outside' });
    expect(rowChange(loaded, { name: ' Front porch ', group: '' })).toEqual({ name: 'Front porch' });
    expect(rowChange(loaded, { name: '', group: 'Outside' })).toEqual({ name: null, group: 'Outside' });
    expect(rowChange(loaded, { name: 'Porch ', group: '  ' })).toBeNull();
  });
});

describe('parseRevisions', () => {
  it("reads each camera's revision and last save, and nothing from what is not an answer", () => {
    const map = parseRevisions({ cameras: { porch: { revision: '0123456789abcdef', savedBy: 'ana', savedAt: 5 }, yard: { revision: 7 } } });
    expect(map.get('porch')).toEqual({ revision: '0123456789abcdef', savedBy: 'ana', savedAt: 5 });
    expect(map.get('yard')).toEqual({ revision: null, savedBy: null, savedAt: null });
    expect(parseRevisions(null).size).toBe(0);
    expect(parseRevisions({ cameras: 'x' }).size).toBe(0);
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
