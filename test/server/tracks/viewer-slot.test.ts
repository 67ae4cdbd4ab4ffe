import { describe, expect, it } from 'vitest';
import type { Frame } from '../../../server/relay/frame.js';
import { ViewerSlot } from '../../../server/tracks/viewer-slot.js';
import { frame, ManualSink } from '../../helpers/frames.js';

describe('ViewerSlot', () => {
  describe('#offer', () => {
    it('writes at once when nothing is in flight', () => {
      const sink = new ManualSink();
      const slot = new ViewerSlot(sink);
      slot.offer(frame(1));
      expect(sink.seqs).toEqual([1]);
      expect(slot.held).toBe(1);
    });

    it('replaces the pending frame while one is in flight', () => {
      const sink = new ManualSink();
      const slot = new ViewerSlot(sink);
      for (let i = 1; i <= 5; i++) slot.offer(frame(i));
      expect(sink.seqs).toEqual([1]);
      expect(slot.held).toBe(2);
      expect(slot.dropped).toBe(3);
      sink.release();
      expect(sink.seqs).toEqual([1, 5]);
      sink.release();
      expect(slot.held).toBe(0);
    });

    it('does not send again a frame that is in flight or pending when it is offered again', () => {
      const sink = new ManualSink();
      const slot = new ViewerSlot(sink);
      const first = frame(1);
      const second = frame(2);
      slot.offer(first);
      slot.offer(first);
      slot.offer(second);
      slot.offer(second);
      expect(slot.dropped).toBe(0);
      sink.release();
      sink.release();
      expect(sink.seqs).toEqual([1, 2]);
    });

    it('holds at most two frames for a frozen viewer however many arrive', () => {
      const sink = new ManualSink();
      const slot = new ViewerSlot(sink);
      for (let i = 0; i < 10_000; i++) slot.offer(frame(i));
      expect(slot.held).toBe(2);
      expect(sink.written).toHaveLength(1);
      sink.release();
      expect(sink.seqs.at(-1)).toBe(9999);
    });

    it('ignores a second done from a misbehaving sink', () => {
      let done: (() => void) | undefined;
      const written: number[] = [];
      const slot = new ViewerSlot<Frame>({ write: (f, d) => (written.push(f.seq), (done = d)) });
      slot.offer(frame(1));
      const first = done!;
      slot.offer(frame(2));
      first();
      first();
      slot.offer(frame(3));
      expect(written).toEqual([1, 2]);
      expect(slot.held).toBe(2);
    });
  });

  describe('#window', () => {
    it('keeps as many frames in flight as the window, one pending, and the newest wins for it', () => {
      const sink = new ManualSink();
      const slot = new ViewerSlot(sink);
      slot.window = 3;
      for (let seq = 0; seq < 6; seq++) slot.offer(frame(seq));
      expect(sink.seqs).toEqual([0, 1, 2]);
      expect(slot.held).toBe(4);
      expect(slot.dropped).toBe(2);
      sink.release();
      expect(sink.seqs).toEqual([0, 1, 2, 5]);
    });

    it('takes the pending frame at once when widened, and stays within 1 to 3', () => {
      const sink = new ManualSink();
      const slot = new ViewerSlot(sink);
      slot.offer(frame(0));
      slot.offer(frame(1));
      expect(sink.seqs).toEqual([0]);
      slot.window = 2;
      expect(sink.seqs).toEqual([0, 1]);
      slot.window = 10;
      expect(slot.window).toBe(3);
      slot.window = 0;
      expect(slot.window).toBe(1);
    });
  });

  describe('#setSink', () => {
    it('sends the pending frame through the new sink at once, without waiting for the old one', () => {
      const dead = new ManualSink();
      const fresh = new ManualSink();
      const slot = new ViewerSlot(dead);
      slot.offer(frame(1));
      slot.offer(frame(2));
      slot.setSink(fresh);
      expect(fresh.seqs).toEqual([2]);
      expect(slot.held).toBe(1);
      // A late answer from the old sink releases nothing.
      dead.release();
      slot.offer(frame(3));
      expect(fresh.seqs).toEqual([2]);
      fresh.release();
      expect(fresh.seqs).toEqual([2, 3]);
    });
  });

  describe('#close', () => {
    it('drops what it holds and sends nothing more', () => {
      const sink = new ManualSink();
      const slot = new ViewerSlot(sink);
      slot.offer(frame(1));
      slot.offer(frame(2));
      slot.close();
      sink.release();
      slot.offer(frame(3));
      expect(sink.seqs).toEqual([1]);
      expect(slot.held).toBe(0);
    });
  });
});
