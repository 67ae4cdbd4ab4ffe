import { describe, expect, it } from 'vitest';
import { FpsLimit } from '../../../server/relay/fps-limit.js';

describe('FpsLimit', () => {
  describe('#take', () => {
    it('lets half a second of frames through at once, then the rate', () => {
      let now = 0;
      const limit = new FpsLimit(10, () => now);
      const burst = [...Array(8)].map(() => limit.take('cam'));
      expect(burst.filter(Boolean)).toHaveLength(5);
      now += 100;
      expect(limit.take('cam')).toBe(true);
      expect(limit.take('cam')).toBe(false);
    });

    it('counts each camera on its own', () => {
      const limit = new FpsLimit(2, () => 0);
      expect([limit.take('a'), limit.take('a'), limit.take('a')]).toEqual([true, true, false]);
      expect(limit.take('b')).toBe(true);
    });

    it('lets everything through without a limit', () => {
      const limit = new FpsLimit(undefined, () => 0);
      expect([...Array(100)].every(() => limit.take('cam'))).toBe(true);
    });
  });

  describe('#forget', () => {
    it('gives a forgotten camera a full bucket again', () => {
      const limit = new FpsLimit(2, () => 0);
      limit.take('a');
      limit.take('a');
      expect(limit.take('a')).toBe(false);
      limit.forget('a');
      expect(limit.take('a')).toBe(true);
    });
  });
});
