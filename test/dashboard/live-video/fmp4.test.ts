import { describe, expect, it } from 'vitest';
import { fragment, initSegment } from '../../../dashboard/src/live-video/fmp4.js';

interface Box {
  type: string;
  start: number;
  end: number;
}

/** The boxes directly inside bytes [from, to). */
function boxes(b: Uint8Array, from = 0, to = b.length): Box[] {
  const v = new DataView(b.buffer, b.byteOffset);
  const out: Box[] = [];
  for (let at = from; at < to;) {
    const size = v.getUint32(at);
    expect(size).toBeGreaterThanOrEqual(8);
    out.push({ type: String.fromCharCode(...b.subarray(at + 4, at + 8)), start: at, end: at + size });
    at += size;
  }
  expect(out.at(-1)?.end).toBe(to);
  return out;
}

const child = (b: Uint8Array, parent: Box, type: string, skip = 0) => boxes(b, parent.start + 8 + skip, parent.end).find((x) => x.type === type)!;
const SPS = new Uint8Array([0x67, 0x42, 0xc0, 0x1e, 0xda]);
const PPS = new Uint8Array([0x68, 0xce, 0x3c, 0x80]);

describe('fmp4', () => {
  describe('#initSegment', () => {
    it('is an ftyp and a moov whose track carries the SPS and PPS in its avcC', () => {
      const init = initSegment(640, 360, SPS, PPS);
      const [ftyp, moov] = boxes(init);
      expect([ftyp!.type, moov!.type]).toEqual(['ftyp', 'moov']);
      expect(boxes(init, moov!.start + 8, moov!.end).map((x) => x.type)).toEqual(['mvhd', 'trak', 'mvex']);
      const stbl = child(init, child(init, child(init, child(init, moov!, 'trak'), 'mdia'), 'minf'), 'stbl');
      const avc1 = child(init, child(init, stbl, 'stsd'), 'avc1', 8);
      const v = new DataView(init.buffer);
      expect([v.getUint16(avc1.start + 32), v.getUint16(avc1.start + 34)]).toEqual([640, 360]);
      const avcC = child(init, avc1, 'avcC', 78);
      const body = init.subarray(avcC.start + 8, avcC.end);
      expect(Array.from(body.subarray(8, 8 + SPS.length))).toEqual(Array.from(SPS));
      expect(Array.from(body.subarray(body.length - PPS.length))).toEqual(Array.from(PPS));
    });
  });

  describe('#fragment', () => {
    it("is a moof and an mdat, the trun's data offset pointing at the sample", () => {
      const sample = new Uint8Array([0, 0, 0, 3, 0x65, 1, 2]);
      const f = fragment(7, 90_000, 6000, true, sample);
      const [moof, mdat] = boxes(f);
      expect([moof!.type, mdat!.type]).toEqual(['moof', 'mdat']);
      const trun = child(f, child(f, moof!, 'traf'), 'trun');
      const v = new DataView(f.buffer);
      const dataOffset = v.getUint32(trun.start + 16);
      expect(Array.from(f.subarray(moof!.start + dataOffset, moof!.start + dataOffset + sample.length))).toEqual(Array.from(sample));
      expect(v.getUint32(trun.start + 20)).toBe(6000);
      expect(v.getUint32(trun.start + 24)).toBe(sample.length);
      const tfdt = child(f, child(f, moof!, 'traf'), 'tfdt');
      expect(Number(v.getBigUint64(tfdt.start + 12))).toBe(90_000);
    });
  });
});
