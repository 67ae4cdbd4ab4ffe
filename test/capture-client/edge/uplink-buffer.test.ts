/** The H.264 uplink buffer with fake access units: every unit kept up to its limits, then a hole until a keyframe fits. */
import { describe, expect, it } from 'vitest';
import type { EdgeAccessUnit } from '../../../capture-client/edge/edge-h264.js';
import { h264Meta, UplinkBuffer } from '../../../capture-client/edge/uplink-buffer.js';

/** A fake unit of `bytes` bytes captured at `t` ms. */
function au(t: number, keyframe = false, bytes = 100): EdgeAccessUnit {
  return { data: Buffer.alloc(bytes), keyframe, capturedAt: t, width: 1280, height: 720 };
}

/** Offers a GOP of `n` units (a keyframe, then P-frames) 100 ms apart from `t0`: which were held. */
function gop(buf: UplinkBuffer, t0: number, n: number, bytes = 100): boolean[] {
  return Array.from({ length: n }, (_, i) => buf.offer(au(t0 + i * 100, i === 0, bytes)));
}

describe('UplinkBuffer', () => {
  describe('#ctor', () => {
    it('throws a TypeError for a limit that is not above 0', () => {
      expect(() => new UplinkBuffer({ maxBytes: 0 })).toThrow(TypeError);
      expect(() => new UplinkBuffer({ maxMs: Number.NaN })).toThrow(TypeError);
    });
  });

  describe('#offer', () => {
    it('drops what comes before the first keyframe, as a stream must start at one', () => {
      const buf = new UplinkBuffer();
      expect(buf.offer(au(0))).toBe(false);
      expect(buf.offer(au(100, true))).toBe(true);
      expect(buf.next()?.seq).toBe(1);
      expect(buf.stats).toMatchObject({ dropped: 1, holes: 0 });
    });

    it('past its seconds, drops until the next keyframe, counts one hole, and the next unit sent jumps in seq', () => {
      const buf = new UplinkBuffer({ maxMs: 1000 });
      expect(gop(buf, 0, 10)).toEqual(Array(10).fill(true));
      // Nothing is acked (a stalled link): 1.1 s after the oldest is over the limit.
      expect(buf.offer(au(1100))).toBe(false);
      expect(buf.offer(au(1200))).toBe(false);
      for (let s = 0; s < 10; s++) buf.ack(buf.next()!.seq);
      expect(buf.offer(au(1300))).toBe(false);
      expect(buf.offer(au(1400, true))).toBe(true);
      expect(buf.next()).toMatchObject({ seq: 13, au: { keyframe: true, capturedAt: 1400 } });
      expect(buf.stats).toMatchObject({ dropped: 3, holes: 1, ackedBytes: 1000 });
    });

    it('past its bytes, drops the same way, also a keyframe that does not fit yet', () => {
      const buf = new UplinkBuffer({ maxBytes: 1000 });
      expect(gop(buf, 0, 4, 250)).toEqual([true, true, true, true]);
      expect(buf.offer(au(400, false, 250))).toBe(false);
      expect(buf.offer(au(500, true, 250))).toBe(false);
      buf.ack(buf.next()!.seq);
      expect(buf.offer(au(600, false, 250))).toBe(false);
      expect(buf.offer(au(700, true, 250))).toBe(true);
      expect(buf.bytes).toBe(1000);
      expect(buf.stats).toMatchObject({ dropped: 3, holes: 1 });
    });
  });

  describe('#next', () => {
    it('hands out units oldest first, once each, until rewind() after a reconnect', () => {
      const buf = new UplinkBuffer();
      gop(buf, 0, 3);
      expect([buf.next()?.seq, buf.next()?.seq, buf.next()?.seq, buf.next()]).toEqual([0, 1, 2, undefined]);
      buf.ack(0);
      buf.rewind();
      expect([buf.next()?.seq, buf.next()?.seq]).toEqual([1, 2]);
    });
  });

  describe('#clear', () => {
    it('forgets what it holds and waits for a keyframe again, keeping seq counting', () => {
      const buf = new UplinkBuffer();
      gop(buf, 0, 3);
      buf.clear();
      expect([buf.length, buf.bytes]).toEqual([0, 0]);
      expect(buf.offer(au(300))).toBe(false);
      expect(buf.offer(au(400, true))).toBe(true);
      expect(buf.next()?.seq).toBe(4);
    });
  });
});

describe('h264Meta', () => {
  it('gives the h264 event the unit’s seq, capture time, keyframe flag and size, and the clock offset when known', () => {
    const unit = { seq: 7, au: au(1234, true) };
    expect(h264Meta(unit)).toEqual({ seq: 7, capturedAt: 1234, keyframe: true, width: 1280, height: 720 });
    expect(h264Meta(unit, -15, 's1')).toMatchObject({ clockOffset: -15, session: 's1' });
  });

  it("says codec h265 for an H.265 main stream's unit sent by copy, and nothing of a codec for H.264", () => {
    expect(h264Meta({ seq: 1, au: { ...au(1234, true), codec: 'h265' } })).toMatchObject({ codec: 'h265' });
    expect(h264Meta({ seq: 1, au: au(1234, true) })).not.toHaveProperty('codec');
  });
});
