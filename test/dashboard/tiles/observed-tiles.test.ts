import { describe, expect, it } from 'vitest';
import { ObservedTiles } from '../../../dashboard/src/tiles/observed-tiles.js';

function observer() {
  const watched = new Set<Element>();
  return { watched, observe: (e: Element) => void watched.add(e), unobserve: (e: Element) => void watched.delete(e) };
}
const element = (): Element => ({}) as Element;

describe('ObservedTiles', () => {
  it('observes a camera element and names the camera of its entries', () => {
    const o = observer();
    const tiles = new ObservedTiles(o);
    const a = element();
    tiles.track('cam', a);
    expect([...o.watched]).toEqual([a]);
    expect(tiles.cameraOf(a)).toBe('cam');
    expect(tiles.elementOf('cam')).toBe(a);
  });

  it('stops observing the old element when the camera gets a new one', () => {
    const o = observer();
    const tiles = new ObservedTiles(o);
    const [a, b] = [element(), element()];
    tiles.track('cam', a);
    tiles.track('cam', b);
    expect([...o.watched]).toEqual([b]);
    expect(tiles.cameraOf(a)).toBeUndefined();
  });

  it('says whether there was anything to untrack', () => {
    const o = observer();
    const tiles = new ObservedTiles(o);
    tiles.track('cam', element());
    expect(tiles.untrack('cam')).toBe(true);
    expect(tiles.untrack('cam')).toBe(false);
    expect(o.watched.size).toBe(0);
  });
});
