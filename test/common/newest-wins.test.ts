/** The one newest-wins waiting place every level of camrelay uses. */
import { describe, expect, it } from 'vitest';
import { NewestWins } from '../../common/newest-wins.js';

describe('NewestWins', () => {
  describe('#put', () => {
    it('keeps only the newest item and counts the replaced ones as dropped', () => {
      const dropped: number[] = [];
      const slot = new NewestWins<number>((n) => dropped.push(n));
      slot.put(1);
      slot.put(2);
      slot.put(3);
      expect(slot.take()).toBe(3);
      expect(dropped).toEqual([1, 2]);
      expect(slot.dropped).toBe(2);
    });
  });

  describe('#take', () => {
    it('empties the waiting place', () => {
      const slot = new NewestWins<string>();
      slot.put('a');
      expect(slot.waiting).toBe(true);
      expect(slot.take()).toBe('a');
      expect(slot.waiting).toBe(false);
      expect(slot.take()).toBeNull();
    });
  });

  describe('#peek', () => {
    it('shows the waiting item without taking it', () => {
      const slot = new NewestWins<string>();
      expect(slot.peek()).toBeNull();
      slot.put('a');
      expect(slot.peek()).toBe('a');
      expect(slot.take()).toBe('a');
    });
  });

  describe('#clear', () => {
    it('empties the waiting place without counting a drop', () => {
      const onDrop: string[] = [];
      const slot = new NewestWins<string>((s) => onDrop.push(s));
      slot.put('a');
      slot.clear();
      slot.put('b');
      expect(slot.dropped).toBe(0);
      expect(onDrop).toEqual([]);
      expect(slot.take()).toBe('b');
    });
  });
});
