import { describe, expect, it } from 'vitest';
import { boxHeader, childBox, decodeTime, fragment, initSegment, movieTimescale, mp4Boxes, trafExtent, trexDuration } from '../../../common/codec/fmp4.js';

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

  describe('#initSegment with sound', () => {
    const path = (b: Uint8Array, ...types: string[]): Uint8Array => {
      let at = b;
      for (const t of types) at = [...mp4Boxes(at)].find(([x]) => x === t)![1];
      return at;
    };
    const soundTrak = (init: Uint8Array) => [...mp4Boxes(path(init, 'moov'))].filter(([t]) => t === 'trak')[1]![1];

    it('adds an AAC track 2 as mp4a, its AudioSpecificConfig inside the esds, and a trex for it', () => {
      const init = initSegment(640, 360, SPS, PPS, { codec: 'aac', sampleRate: 48_000, channels: 2, config: '1190' });
      const moov = path(init, 'moov');
      expect([...mp4Boxes(moov)].map(([t]) => t)).toEqual(['mvhd', 'trak', 'trak', 'mvex']);
      expect([...mp4Boxes(path(init, 'moov', 'mvex'))].map(([t]) => t)).toEqual(['trex', 'trex']);
      const trak = soundTrak(init);
      expect(new DataView(path(trak, 'tkhd').buffer, path(trak, 'tkhd').byteOffset).getUint32(12)).toBe(2);
      expect(String.fromCharCode(...path(trak, 'mdia', 'hdlr').subarray(8, 12))).toBe('soun');
      const mdhd = path(trak, 'mdia', 'mdhd');
      expect(new DataView(mdhd.buffer, mdhd.byteOffset).getUint32(12), 'timescale: the sample rate').toBe(48_000);
      const stsd = path(trak, 'mdia', 'minf', 'stbl', 'stsd');
      const [entry, body] = [...mp4Boxes(stsd.subarray(8))][0]!;
      expect(entry).toBe('mp4a');
      const v = new DataView(body.buffer, body.byteOffset);
      expect([v.getUint16(16), v.getUint16(18), v.getUint32(24) / 0x10000]).toEqual([2, 16, 48_000]);
      const esds = [...mp4Boxes(body.subarray(28))].find(([t]) => t === 'esds')![1];
      // Tag 5, the DecoderSpecificInfo: 2 bytes, the config.
      const at = esds.findIndex((x, i) => x === 5 && esds[i + 1] === 2);
      expect(Array.from(esds.subarray(at + 2, at + 4))).toEqual([0x11, 0x90]);
      expect(esds[esds.length - 3]).toBe(6);
    });

    it("adds an Opus track as Opus with the event's dOps body, on a 48 kHz timescale", () => {
      // Version 0, 1 channel, pre-skip 312, captured at 16 kHz, no gain, mapping family 0.
      const config = '0001013800003e80000000';
      const init = initSegment(640, 360, SPS, PPS, { codec: 'opus', sampleRate: 16_000, channels: 1, config });
      const trak = soundTrak(init);
      const mdhd = path(trak, 'mdia', 'mdhd');
      expect(new DataView(mdhd.buffer, mdhd.byteOffset).getUint32(12)).toBe(48_000);
      const [entry, body] = [...mp4Boxes(path(trak, 'mdia', 'minf', 'stbl', 'stsd').subarray(8))][0]!;
      expect(entry).toBe('Opus');
      const [dOps, setup] = [...mp4Boxes(body.subarray(28))][0]!;
      expect(dOps).toBe('dOps');
      expect(Array.from(setup, (b) => b.toString(16).padStart(2, '0')).join('')).toBe(config);
    });

    it('puts a fragment of track 2 in its tfhd', () => {
      const f = fragment(3, 1024, 1024, true, new Uint8Array([1, 2, 3]), 2);
      const tfhd = path(f, 'moof', 'traf', 'tfhd');
      expect(new DataView(tfhd.buffer, tfhd.byteOffset).getUint32(4)).toBe(2);
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

describe('fmp4 reading', () => {
  const moovOf = (init: Uint8Array) => childBox(init, 'moov')!;
  const trafOf = (f: Uint8Array) => childBox(childBox(f, 'moof'), 'traf')!;

  describe('boxHeader', () => {
    it('reads a size past 2^31 as unsigned, and nothing from fewer than 8 bytes', () => {
      expect(boxHeader(Uint8Array.of(0xff, 0xff, 0xff, 0xf8, 0x6d, 0x64, 0x61, 0x74))).toEqual({ size: 0xfffffff8, type: 'mdat' });
      expect(boxHeader(Uint8Array.of(0, 0, 0, 8, 0x6d, 0x64, 0x61), 0)).toBeNull();
      expect(boxHeader(new Uint8Array(12), 5)).toBeNull();
    });
  });

  describe('movieTimescale and trexDuration', () => {
    it('read what initSegment writes, and 0 from a moov without them', () => {
      const moov = moovOf(initSegment(640, 360, SPS, PPS));
      expect(movieTimescale(moov)).toBe(90_000);
      expect(trexDuration(moov)).toBe(0);
      expect(movieTimescale(new Uint8Array(0))).toBe(0);
      expect(trexDuration(Uint8Array.of(0, 0, 0, 8, 0x66, 0x72, 0x65, 0x65))).toBe(0);
    });
  });

  describe('decodeTime', () => {
    it('reads a version 1 time past 32 bits, and a version 0 one', () => {
      expect(decodeTime(childBox(trafOf(fragment(1, 2 ** 40 + 5, 3000, true, new Uint8Array(4))), 'tfdt')!)).toBe(2 ** 40 + 5);
      expect(decodeTime(Uint8Array.of(0, 0, 0, 0, 0, 1, 0, 0))).toBe(65_536);
    });
  });

  describe('trafExtent', () => {
    it('counts the samples of a fragment and the time just after its last', () => {
      expect(trafExtent(trafOf(fragment(1, 90_000, 3000, true, new Uint8Array(10))), 0)).toEqual({ frames: 1, end: 93_000 });
    });

    it('counts only the samples a trun cut short still holds whole, however large its count says', () => {
      const traf = Uint8Array.from(trafOf(fragment(1, 0, 3000, true, new Uint8Array(10))));
      const trun = [...mp4Boxes(traf)].find(([t]) => t === 'trun')![1];
      new DataView(trun.buffer, trun.byteOffset).setUint32(4, 0xffffffff);
      expect(trafExtent(traf, 0)).toEqual({ frames: 1, end: 3000 });
    });

    it('takes the default duration when a trun states none', () => {
      // A traf holding one trun of flags 0 (no per-sample fields) and two samples.
      const traf = Uint8Array.of(0, 0, 0, 0x10, 0x74, 0x72, 0x75, 0x6e, 0, 0, 0, 0, 0, 0, 0, 2);
      expect(trafExtent(traf, 1500)).toEqual({ frames: 2, end: 3000 });
    });
  });
});
