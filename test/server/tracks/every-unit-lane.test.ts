import { describe, expect, it } from 'vitest';
import { EveryUnitLane } from '../../../server/tracks/every-unit-lane.js';
import { slowSink } from '../../helpers/slow-sink.js';

describe('EveryUnitLane', () => {
  describe('#ctor', () => {
    it('throws if given no bound, in units or bytes', () => {
      expect(() => new EveryUnitLane<number>(slowSink().sink, { sizeOf: () => 1, window: 1 })).toThrow(TypeError);
    });

    it('throws if its window is under one unit', () => {
      expect(() => new EveryUnitLane<number>(slowSink().sink, { sizeOf: () => 1, window: 0, maxWaiting: 4 })).toThrow(/window must be at least 1/);
    });
  });

  describe('#offer', () => {
    it('drops the oldest waiting past whichever bound comes first, units or bytes, and tells each drop', () => {
      const { got, acks, sink } = slowSink();
      const dropped: number[] = [];
      // Units 0-4 are 10 bytes, 5-9 are 30: the wait hits its 3 units first, then the 70 bytes.
      const lane = new EveryUnitLane<number>(sink, {
        sizeOf: (u) => (u < 5 ? 10 : 30),
        window: 1,
        maxWaiting: 3,
        maxBytes: 70,
        onDrop: (u) => dropped.push(u),
      });
      for (let i = 0; i < 5; i++) lane.offer(i);
      expect(dropped).toEqual([1]);
      for (let i = 5; i < 8; i++) lane.offer(i);
      expect(lane.heldBytes).toBeLessThanOrEqual(70);
      expect(dropped).toEqual([1, 2, 3, 4, 5]);
      expect(lane.dropped).toBe(5);
      while (acks.length > 0) acks.shift()!();
      expect(got).toEqual([0, 6, 7]);
      expect(lane.held).toBe(0);
    });

    it('counts a unit offered while paused or closed as dropped, unsent', () => {
      const { got, sink } = slowSink();
      const dropped: number[] = [];
      const lane = new EveryUnitLane<number>(sink, { sizeOf: () => 1, window: 2, maxWaiting: 4, onDrop: (u) => dropped.push(u) });
      lane.pause();
      lane.offer(1);
      lane.close();
      lane.offer(2);
      expect(got).toEqual([]);
      expect(dropped).toEqual([1, 2]);
    });
  });

  describe('#resume', () => {
    it('restarts with a mark: what waited is dropped and counted, and the window is free again', () => {
      const { got, acks, sink } = slowSink();
      const lane = new EveryUnitLane<number>(sink, { sizeOf: () => 1, window: 1, maxBytes: 100 });
      for (let i = 0; i < 3; i++) lane.offer(i);
      expect(lane.resume(1)).toBe(true);
      expect(lane.dropped).toBe(2);
      expect(lane.held).toBe(0);
      lane.offer(3);
      // The ack of unit 0, from before the restart, counts for nothing.
      acks.shift()!();
      lane.offer(4);
      expect(got).toEqual([0, 3]);
      expect(lane.held).toBe(2);
    });
  });
});
