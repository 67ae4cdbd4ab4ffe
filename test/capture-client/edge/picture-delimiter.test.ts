/** One AUD before each picture of a camera's H.264, found by its first slice, whatever the chunking. */
import { describe, expect, it } from 'vitest';
import { AnnexBSplitter, type AccessUnit } from '../../../capture-client/edge/annexb-splitter.js';
import { nalSpans } from '../../../common/codec/annexb.js';
import { AUD, HEVC_AUD, PictureDelimiter } from '../../../capture-client/edge/picture-delimiter.js';

function nal(type: number, ...payload: number[]): Buffer {
  return Buffer.from([0, 0, 0, 1, 0x60 | type, ...payload]);
}
const CAMERA_AUD = nal(9, 0xf0);
const SPS = nal(7, 0x42, 0xc0, 0x1f);
const PPS = nal(8, 0xce, 0x3c);
const SEI = nal(6, 0x05, 0x10);
// The top bit of the first payload byte set: first_mb_in_slice 0, a picture's first slice.
const IDR_FIRST = nal(5, 0x88, 0x84, 0x21);
const IDR_SECOND = nal(5, 0x00, 0xe6, 0x02);
const P_FIRST = nal(1, 0x9a, 0x02);
const P_SECOND = nal(1, 0x01, 0x9a, 0x02);

/** As the test camera's RTSP stream reaches ffmpeg's output: AUD, parameter sets, SEI, a two-slice IDR with dump_extra's copies before each slice, two-slice P pictures. */
const camera = Buffer.concat([
  CAMERA_AUD,
  SPS,
  PPS,
  SEI,
  IDR_FIRST,
  SPS,
  PPS,
  IDR_SECOND,
  CAMERA_AUD,
  P_FIRST,
  P_SECOND,
  P_FIRST,
  P_SECOND,
  SPS,
  PPS,
  IDR_FIRST,
]);

function delimit(chunks: Buffer[]): Buffer {
  const d = new PictureDelimiter();
  return Buffer.concat([...chunks.map((c) => d.push(c)), d.end()]);
}

/** The NAL types of the output, one string per picture. */
function pictures(out: Buffer): string[] {
  return out
    .toString('hex')
    .split(AUD.toString('hex'))
    .filter((h) => h !== '')
    .map((h) =>
      nalSpans(Buffer.from(h, 'hex'))
        .map((n) => n.type)
        .join(''),
    );
}

describe('PictureDelimiter', () => {
  describe('#push', () => {
    it('puts one AUD before each picture: both slices of an IDR in one, the parameter sets before it in it, the camera AUDs gone', () => {
      const out = delimit([camera]);
      expect(pictures(out)).toEqual(['78655', '11', '11', '785']);
      expect(out.subarray(0, AUD.length)).toEqual(AUD);
    });

    it('drops the parameter sets dump_extra puts between two slices of one picture, and keeps every slice whole', () => {
      const out = delimit([camera]);
      expect(out.indexOf(Buffer.concat([IDR_FIRST, IDR_SECOND]))).toBeGreaterThan(0);
      expect(nalSpans(out).filter((n) => n.type === 7)).toHaveLength(2);
    });

    it('gives the same bytes when the stream arrives a byte at a time', () => {
      expect(delimit([...camera].map((b) => Buffer.from([b])))).toEqual(delimit([camera]));
    });

    it('starts a picture at a stream that begins mid-picture, on a slice that is not the first', () => {
      expect(pictures(delimit([Buffer.concat([P_SECOND, P_FIRST])]))).toEqual(['1', '1']);
    });

    it('throws FRAME_TOO_LARGE past 1 MiB of units held between pictures', () => {
      const d = new PictureDelimiter();
      d.push(Buffer.concat([P_FIRST, nal(6, 0x05)]));
      expect(() => d.push(Buffer.alloc(1024 * 1024 + 10, 0x55))).toThrow(expect.objectContaining({ code: 'FRAME_TOO_LARGE' }));
    });
  });
});

/** An H.265 NAL: 2-byte header (type in b0 bits 1–6, temporal id 1), then its payload. */
function hevc(type: number, ...payload: number[]): Buffer {
  return Buffer.from([0, 0, 0, 1, type << 1, 0x01, ...payload]);
}
const VPS = hevc(32, 0x0c, 0x01);
const HEVC_SPS = hevc(33, 0x01, 0x01);
const HEVC_PPS = hevc(34, 0xc1, 0x72);
// first_slice_segment_in_pic_flag is the top bit after the header: set for a picture's first slice.
const IRAP_FIRST = hevc(19, 0xaf, 0x08);
const IRAP_SECOND = hevc(19, 0x20, 0x5b);
const TRAIL_FIRST = hevc(1, 0xd0, 0x2e);
const TRAIL_SECOND = hevc(1, 0x10, 0x2e);
const hevcCamera = Buffer.concat([
  hevc(35, 0x50),
  VPS,
  HEVC_SPS,
  HEVC_PPS,
  IRAP_FIRST,
  VPS,
  HEVC_SPS,
  HEVC_PPS,
  IRAP_SECOND,
  hevc(35, 0x50),
  TRAIL_FIRST,
  TRAIL_SECOND,
  TRAIL_FIRST,
]);

describe('PictureDelimiter of H.265', () => {
  it('puts an H.265 AUD before each picture by its 2-byte header, the parameter sets in the IRAP picture, whatever the chunking', () => {
    for (const chunks of [[hevcCamera], [...hevcCamera].map((b) => Buffer.from([b]))]) {
      const d = new PictureDelimiter('h265');
      const out = Buffer.concat([...chunks.map((c) => d.push(c)), d.end()]);
      const types = out
        .toString('hex')
        .split(HEVC_AUD.toString('hex'))
        .filter((h) => h !== '')
        .map((h) => nalSpans(Buffer.from(h, 'hex'), 'h265').map((n) => n.type));
      expect(types).toEqual([[32, 33, 34, 19, 19], [1, 1], [1]]);
    }
  });

  it('is cut into access units by AnnexBSplitter, an IRAP picture a keyframe and a trailing one not', () => {
    const d = new PictureDelimiter('h265');
    const splitter = new AnnexBSplitter({ codec: 'h265' });
    const units: AccessUnit[] = [];
    splitter.push(d.push(hevcCamera), (au) => units.push(au));
    splitter.push(d.end(), (au) => units.push(au));
    splitter.end((au) => units.push(au));
    expect(units.map((u) => u.keyframe)).toEqual([true, false, false]);
    expect(units[0]!.data.subarray(0, HEVC_AUD.length)).toEqual(HEVC_AUD);
  });
});
