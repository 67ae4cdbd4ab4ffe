/** Which tracked objects a look crops around: moving ones every look, stationary ones once per interval (fake clock). */
import { describe, expect, it } from 'vitest';
import type { Box } from '../../../common/detect/boxes.js';
import { RESTING_LOOK_MS, RestingLooks } from '../../../server/detection/resting-looks.js';

const walker = { state: 'active' as const, lastBox: [10, 10, 40, 90] as Box };
const parked = { state: 'stationary' as const, lastBox: [600, 300, 200, 120] as Box };

describe('RestingLooks', () => {
  describe('#boxes', () => {
    it('gives a moving object’s box on every look', () => {
      const r = new RestingLooks();
      for (let t = 0; t < 3_000; t += 500) expect(r.boxes('drive', [walker], t)).toEqual([walker.lastBox]);
    });

    it('gives a parked car’s box on one look in every 5 s, not on the looks between', () => {
      const r = new RestingLooks();
      const looks = Array.from({ length: 40 }, (_, i) => i * 500); // 20 s at 2 looks a second
      const withCar = looks.filter((t) => r.boxes('drive', [walker, parked], t).length === 2);
      expect(RESTING_LOOK_MS).toBe(5_000);
      expect(withCar).toEqual([0, 5_000, 10_000, 15_000]);
      // The walker is in every look all the same.
      expect(r.boxes('drive', [walker, parked], 19_900)).toEqual([walker.lastBox]);
    });

    it('keeps each camera’s turn apart, and starts a forgotten camera’s afresh', () => {
      const r = new RestingLooks(1_000);
      expect(r.boxes('drive', [parked], 0)).toEqual([parked.lastBox]);
      expect(r.boxes('yard', [parked], 100)).toEqual([parked.lastBox]);
      expect(r.boxes('drive', [parked], 200)).toEqual([]);
      r.forget('drive');
      expect(r.boxes('drive', [parked], 300)).toEqual([parked.lastBox]);
    });

    it('refuses an interval that is not a positive number of milliseconds', () => {
      expect(() => new RestingLooks(0)).toThrow('everyMs must be a positive number of milliseconds, not 0.');
    });
  });
});
