/** Cutting an Annex B byte stream into access units at each AUD, whatever the chunking. */
import { describe, expect, it } from 'vitest';
import { type AccessUnit, AnnexBSplitter } from '../../../capture-client/edge/annexb-splitter.js';
import { nalSpans } from '../../../common/codec/annexb.js';

/** A NAL with a 4-byte start code, its type and a few payload bytes. */
function nal(type: number, ...payload: number[]): Buffer {
  return Buffer.from([0, 0, 0, 1, 0x60 | type, ...payload]);
}
const AUD = nal(9, 0x10);
const SPS = nal(7, 0x64, 0x00, 0x1f);
const PPS = nal(8, 0xee, 0x3c);
const IDR = nal(5, 0x88, 0x84, 0x21);
const SLICE = nal(1, 0x9a, 0x02);

const units = [Buffer.concat([AUD, SPS, PPS, IDR]), Buffer.concat([AUD, SLICE]), Buffer.concat([AUD, SLICE, SLICE]), Buffer.concat([AUD, IDR])];
const stream = Buffer.concat(units);

function split(chunks: Buffer[], splitter = new AnnexBSplitter()): AccessUnit[] {
  const out: AccessUnit[] = [];
  for (const c of chunks) splitter.push(c, (au) => out.push(au));
  splitter.end((au) => out.push(au));
  return out;
}

describe('AnnexBSplitter', () => {
  describe('#push', () => {
    it('gives each access unit whole, from its AUD to the next, and flags IDR ones as keyframes', () => {
      const out = split([stream]);
      expect(out.map((u) => u.keyframe)).toEqual([true, false, false, true]);
      expect(out.slice(0, 3).map((u) => u.data)).toEqual(units.slice(0, 3));
    });

    it('gives the same units when the stream arrives a byte at a time', () => {
      const bytes = [...stream].map((b) => Buffer.from([b]));
      expect(split(bytes).map((u) => u.data)).toEqual(split([stream]).map((u) => u.data));
    });

    it('puts the last SPS and PPS right after the AUD of a keyframe that came without them', () => {
      const last = split([stream]).at(-1)!;
      expect(last.data).toEqual(Buffer.concat([AUD, SPS, PPS, IDR]));
      expect(nalSpans(last.data).map((n) => n.type)).toEqual([9, 7, 8, 5]);
    });

    it('drops bytes before the first AUD', () => {
      const out = split([Buffer.concat([SLICE, stream])]);
      expect(out[0]!.data).toEqual(units[0]);
    });

    it('throws FRAME_TOO_LARGE past its cap without an AUD, and starts clean after', () => {
      const splitter = new AnnexBSplitter({ maxAccessUnit: 64 });
      expect(() => splitter.push(Buffer.concat([AUD, Buffer.alloc(100, 0x55)]), () => {})).toThrow(expect.objectContaining({ code: 'FRAME_TOO_LARGE' }));
      expect(split([stream], splitter)).toHaveLength(4);
    });
  });
});
