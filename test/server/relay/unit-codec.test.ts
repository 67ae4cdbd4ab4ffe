import { describe, expect, it } from 'vitest';
import type { H264Unit } from '../../../server/tracks/h264-lane.js';
import { decodeUnit, encodeUnit } from '../../../server/relay/unit-codec.js';
import { ACCESS_UNIT_MAX } from '../../../common/codec/annexb.js';

// An IDR access unit with its SPS (profile 66, constraints C0, level 30) and PPS in-band, as libx264 makes one.
const IDR = Buffer.from([0, 0, 0, 1, 0x67, 0x42, 0xc0, 0x1e, 0xab, 0, 0, 0, 1, 0x68, 0xce, 0x38, 0x80, 0, 0, 0, 1, 0x65, 0x88, 0x84]);
const P = Buffer.from([0, 0, 0, 1, 0x41, 0x9a, 0x02]);

const unit = (keyframe: boolean, over: Partial<H264Unit['meta']> = {}): H264Unit => ({
  meta: {
    cameraId: 'yard',
    seq: 7,
    epoch: 3,
    capturedAt: 1000,
    clockSynced: true,
    receivedAt: 1010,
    width: 1280,
    height: 720,
    keyframe,
    codec: 'ignored',
    ...over,
  },
  au: keyframe ? IDR : P,
});

/** A message with this head (as JSON) and these bytes. */
function message(head: unknown, au: Buffer = P): Buffer {
  const h = Buffer.from(JSON.stringify(head));
  const len = Buffer.alloc(4);
  len.writeUInt32BE(h.length, 0);
  return Buffer.concat([len, h, au]);
}

describe('unit-codec', () => {
  describe('#decodeUnit', () => {
    it("keeps a catch-up mark: a unit of the GOP node A replays to B's reader is decoded, not drawn, on B too", () => {
      expect(decodeUnit(encodeUnit(null, unit(false, { catchUp: true })))?.unit.meta.catchUp).toBe(true);
      expect(decodeUnit(encodeUnit(null, unit(false)))?.unit.meta).not.toHaveProperty('catchUp');
      expect(decodeUnit(message({ ...unit(false).meta, rung: null, catchUp: 'yes' }))).toBeNull();
    });

    it('gives back what encodeUnit framed, the codec read from the keyframe’s SPS', () => {
      const d = decodeUnit(encodeUnit(320, unit(true)));
      expect(d?.rung).toBe(320);
      expect(d?.unit.meta).toEqual({ ...unit(true).meta, codec: 'avc1.42C01E' });
      expect(Buffer.from(d!.unit.au).equals(IDR)).toBe(true);
      expect(decodeUnit(encodeUnit(null, unit(false)))?.rung).toBeNull();
    });

    it('drops a keyframe without its SPS', () => {
      expect(decodeUnit(encodeUnit(null, { ...unit(true), au: P }))).toBeNull();
    });

    it('drops a unit past the size a capture client may send', () => {
      expect(decodeUnit(encodeUnit(null, { ...unit(false), au: Buffer.alloc(ACCESS_UNIT_MAX + 1) }))).toBeNull();
    });

    it('drops short, truncated, oversized-head and non-JSON messages', () => {
      expect(decodeUnit(Buffer.alloc(3))).toBeNull();
      expect(decodeUnit(Buffer.from([0, 0, 0, 9, 1, 2]))).toBeNull();
      expect(decodeUnit(Buffer.concat([Buffer.from([0, 0, 0x10, 0]), Buffer.alloc(5000)]))).toBeNull();
      expect(decodeUnit(Buffer.concat([Buffer.from([0, 0, 0, 3]), Buffer.from('{x}'), P]))).toBeNull();
      expect(decodeUnit(message(null))).toBeNull();
      // A head and no unit after it.
      expect(decodeUnit(message(unit(false).meta, Buffer.alloc(0)))).toBeNull();
    });

    it('drops a head with a field out of bounds', () => {
      const good = { ...unit(false).meta, rung: null };
      expect(decodeUnit(message(good))).not.toBeNull();
      for (const bad of [
        { cameraId: '' },
        { cameraId: 'x'.repeat(257) },
        { rung: 0 },
        { rung: 1.5 },
        { seq: -1 },
        { epoch: 1.5 },
        { capturedAt: Number.NaN },
        { clockSynced: 'yes' },
        { width: 0 },
        { height: 9000 },
        { keyframe: 1 },
      ])
        expect(decodeUnit(message({ ...good, ...bad })), JSON.stringify(bad)).toBeNull();
    });
  });
});
