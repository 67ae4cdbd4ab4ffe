import { describe, expect, it } from 'vitest';
import { RecordLane } from '../../../server/recording/record-lane.js';
import { slowSink } from '../../helpers/slow-sink.js';

describe('RecordLane', () => {
  describe('#offer', () => {
    it('sends every unit in order to a sink that takes them at once', () => {
      const got: number[] = [];
      const lane = new RecordLane<number>({ write: (u, done) => (got.push(u), done()) }, { sizeOf: () => 10 });
      for (let i = 0; i < 1000; i++) lane.offer(i);
      expect(got).toEqual([...Array(1000).keys()]);
      expect(lane.dropped).toBe(0);
      expect(lane.held).toBe(0);
    });

    it('drops the oldest waiting unit past its byte bound, and counts each', () => {
      const { got, acks, sink } = slowSink();
      const dropped: number[] = [];
      const lane = new RecordLane<number>(sink, { sizeOf: () => 10, maxBytes: 50, onDrop: (u) => dropped.push(u) });
      for (let i = 0; i < 10; i++) lane.offer(i);
      expect(lane.heldBytes).toBeLessThanOrEqual(50);
      expect(dropped).toEqual([1, 2, 3, 4, 5]);
      expect(lane.dropped).toBe(5);
      while (acks.length > 0) acks.shift()!();
      expect(got).toEqual([0, 6, 7, 8, 9]);
    });
  });

  describe('#resume', () => {
    it('restarts at a clean start point with a mark: what waited is dropped and counted, not sent', () => {
      const { got, acks, sink } = slowSink();
      const dropped: number[] = [];
      const lane = new RecordLane<number>(sink, { sizeOf: () => 1, onDrop: (u) => dropped.push(u) });
      for (let i = 0; i < 3; i++) lane.offer(i);
      expect(lane.resume(1)).toBe(true);
      lane.offer(3);
      acks.shift()!();
      expect(got).toEqual([0, 3]);
      expect(dropped).toEqual([1, 2]);
    });
  });

  describe('#close', () => {
    it('counts what waited as dropped and sends nothing more', () => {
      const { got, acks, sink } = slowSink();
      const lane = new RecordLane<number>(sink, { sizeOf: () => 1 });
      for (let i = 0; i < 4; i++) lane.offer(i);
      lane.close();
      acks.shift()!();
      lane.offer(9);
      expect(got).toEqual([0]);
      expect(lane.dropped).toBe(4);
    });
  });
});
