import { describe, expect, it } from 'vitest';
import { PtzRate } from '../../../../server/transports/socketio/ptz-rate.js';
import type { PtzCommand } from '../../../../shared/ptz.js';

const move: PtzCommand = { op: 'move', pan: 1, tilt: 0, zoom: 0 };

describe('PtzRate', () => {
  describe('#take', () => {
    it('passes ten commands a second per camera, refuses the eleventh, and passes again a second later', () => {
      let now = 0;
      const rate = new PtzRate(10, () => now);
      const taken = Array.from({ length: 11 }, () => rate.take('a', move));
      expect(taken.filter(Boolean)).toHaveLength(10);
      expect(taken.at(-1)).toBe(false);
      expect(rate.take('b', move)).toBe(true);
      now = 1000;
      expect(rate.take('a', move)).toBe(true);
    });

    it('never refuses a stop', () => {
      const rate = new PtzRate(1, () => 0);
      rate.take('a', move);
      expect(rate.take('a', move)).toBe(false);
      expect(rate.take('a', { op: 'stop' })).toBe(true);
    });
  });
});
