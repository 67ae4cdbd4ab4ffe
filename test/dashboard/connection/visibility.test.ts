import { describe, expect, it } from 'vitest';
import { Visibility, type VisibilitySource } from '../../../dashboard/src/connection/visibility.js';

class FakeDocument implements VisibilitySource {
  hidden = false;
  private readonly listeners = new Set<() => void>();
  addEventListener(_type: 'visibilitychange', listener: () => void): void {
    this.listeners.add(listener);
  }
  removeEventListener(_type: 'visibilitychange', listener: () => void): void {
    this.listeners.delete(listener);
  }
  set(hidden: boolean): void {
    this.hidden = hidden;
    for (const listener of this.listeners) listener();
  }
  get listenerCount(): number {
    return this.listeners.size;
  }
}

describe('Visibility', () => {
  describe('#onChange', () => {
    it('calls back with the new state on every change', () => {
      const doc = new FakeDocument();
      const visibility = new Visibility(doc);
      const seen: boolean[] = [];
      visibility.onChange((hidden) => seen.push(hidden));
      doc.set(true);
      doc.set(false);
      expect(seen).toEqual([true, false]);
      expect(visibility.hidden).toBe(false);
    });

    it('returns a function that unsubscribes', () => {
      const doc = new FakeDocument();
      const visibility = new Visibility(doc);
      const seen: boolean[] = [];
      const off = visibility.onChange((hidden) => seen.push(hidden));
      off();
      doc.set(true);
      expect(seen).toEqual([]);
    });
  });

  describe('#dispose', () => {
    it('stops listening to the document', () => {
      const doc = new FakeDocument();
      new Visibility(doc).dispose();
      expect(doc.listenerCount).toBe(0);
    });
  });
});
