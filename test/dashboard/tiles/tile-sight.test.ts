/** Which tiles the Live Monitor asks the relay for: those in the window, told at once when they come and late when they go. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HIDE_AFTER_MS, SHOW_AFTER_MS, SHOW_GAP_MS, TileSight, type SightEntry, type SightObserver } from '../../../dashboard/src/tiles/tile-sight.js';

/** Stands in for IntersectionObserver: a test says which elements entered or left the window. */
class FakeObserver implements SightObserver {
  readonly observed = new Set<Element>();
  constructor(private readonly callback: (entries: readonly SightEntry[]) => void) {}
  observe(target: Element): void {
    this.observed.add(target);
  }
  unobserve(target: Element): void {
    this.observed.delete(target);
  }
  disconnect(): void {
    this.observed.clear();
  }
  see(...changes: Array<[Element, boolean]>): void {
    this.callback(changes.map(([target, isIntersecting]) => ({ target, isIntersecting })));
  }
}

const el = (name: string) => ({ name }) as unknown as Element;

function setup() {
  const state = { changes: 0 };
  let observer!: FakeObserver;
  const sight = new TileSight({
    onChange: () => state.changes++,
    observer: (callback) => (observer = new FakeObserver(callback)),
    now: () => Date.now(),
  });
  const door = el('door');
  const yard = el('yard');
  sight.track('door', door);
  sight.track('yard', yard);
  return { sight, observer, state, door, yard };
}

describe('TileSight', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  describe('#track', () => {
    it('counts a tile out of view until the observer says it is in', () => {
      const { sight, observer, door } = setup();
      expect(sight.inView('door')).toBe(false);
      expect(observer.observed.has(door)).toBe(true);
      observer.see([door, true]);
      expect(sight.inView('door')).toBe(true);
      expect(sight.inView('yard')).toBe(false);
    });
  });

  describe('#inView', () => {
    it('follows the observer at once, whatever has been told', () => {
      const { sight, observer, door } = setup();
      observer.see([door, true]);
      observer.see([door, false]);
      expect(sight.inView('door')).toBe(false);
    });
  });

  describe('onChange', () => {
    it('is called soon after tiles come into view, once for several', () => {
      const { observer, state, door, yard } = setup();
      observer.see([door, true]);
      observer.see([yard, true]);
      vi.advanceTimersByTime(SHOW_AFTER_MS - 1);
      expect(state.changes).toBe(0);
      vi.advanceTimersByTime(1);
      expect(state.changes).toBe(1);
    });

    it('is called only after HIDE_AFTER_MS when a tile leaves, and not at all when it came back meanwhile', () => {
      const { observer, state, door } = setup();
      observer.see([door, true]);
      vi.advanceTimersByTime(SHOW_AFTER_MS);
      observer.see([door, false]);
      vi.advanceTimersByTime(HIDE_AFTER_MS - 1);
      expect(state.changes).toBe(1);
      observer.see([door, true]);
      vi.advanceTimersByTime(HIDE_AFTER_MS);
      expect(state.changes).toBe(1);
      observer.see([door, false]);
      vi.advanceTimersByTime(HIDE_AFTER_MS);
      expect(state.changes).toBe(2);
    });

    it('keeps SHOW_GAP_MS between calls while tiles keep coming into view (a fling)', () => {
      const { observer, state, door, yard } = setup();
      observer.see([door, true]);
      vi.advanceTimersByTime(SHOW_AFTER_MS);
      observer.see([yard, true]);
      vi.advanceTimersByTime(SHOW_GAP_MS - 1);
      expect(state.changes).toBe(1);
      vi.advanceTimersByTime(1);
      expect(state.changes).toBe(2);
    });

    it('brings a pending leave forward when a tile comes into view, in one call', () => {
      const { sight, observer, state, door, yard } = setup();
      observer.see([door, true]);
      vi.advanceTimersByTime(SHOW_AFTER_MS);
      observer.see([door, false], [yard, true]);
      vi.advanceTimersByTime(SHOW_GAP_MS);
      expect(state.changes).toBe(2);
      expect([sight.inView('door'), sight.inView('yard')]).toEqual([false, true]);
      vi.advanceTimersByTime(HIDE_AFTER_MS);
      expect(state.changes).toBe(2);
    });
  });

  describe('#untrack', () => {
    it('stops following the tile, which is out of view from then on', () => {
      const { sight, observer, door } = setup();
      observer.see([door, true]);
      sight.untrack('door');
      expect(observer.observed.has(door)).toBe(false);
      expect(sight.inView('door')).toBe(false);
    });
  });
});
