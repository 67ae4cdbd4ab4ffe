import { describe, expect, it } from 'vitest';
import { fragment, initSegment, mp4Boxes } from '../../../common/codec/fmp4.js';

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

  describe('#mp4Boxes', () => {
    it('walks what initSegment and fragment write, payloads without their headers', () => {
      const init = initSegment(640, 360, SPS, PPS);
      expect([...mp4Boxes(init)].map(([t]) => t)).toEqual(['ftyp', 'moov']);
      const moov = [...mp4Boxes(init)][1]![1];
      expect([...mp4Boxes(moov)].map(([t]) => t)).toEqual(['mvhd', 'trak', 'mvex']);
      const sample = new Uint8Array([0, 0, 0, 1, 0x65]);
      const mdat = [...mp4Boxes(fragment(1, 0, 6000, true, sample))][1]!;
      expect([mdat[0], Array.from(mdat[1])]).toEqual(['mdat', Array.from(sample)]);
    });

    it('stops at a box cut short, a size under 8 and a size past the end, without reading beyond', () => {
      const f = fragment(1, 0, 6000, true, new Uint8Array(100));
      const moofEnd = new DataView(f.buffer).getUint32(0);
      expect([...mp4Boxes(f.subarray(0, f.length - 1))].map(([t]) => t)).toEqual(['moof']);
      expect([...mp4Boxes(f.subarray(0, 7))]).toEqual([]);
      const zero = Uint8Array.from(f);
      new DataView(zero.buffer).setUint32(moofEnd, 0);
      expect([...mp4Boxes(zero)].map(([t]) => t)).toEqual(['moof']);
      const huge = Uint8Array.from(f);
      new DataView(huge.buffer).setUint32(0, 0xffffffff);
      expect([...mp4Boxes(huge)]).toEqual([]);
    });

    it('walks 1 MB of empty 8-byte boxes one by one, each within the bytes', () => {
      const many = new Uint8Array(1024 * 1024);
      const v = new DataView(many.buffer);
      for (let at = 0; at < many.length; at += 8) v.setUint32(at, 8);
      let n = 0;
      for (const [, payload] of mp4Boxes(many)) n += payload.length === 0 ? 1 : 0;
      expect(n).toBe(many.length / 8);
    });
  });
});
