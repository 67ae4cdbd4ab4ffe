/**
 * Fragmented MP4 boxes: the writer of one H.264 track as Media Source Extensions take it (an init segment
 * from the SPS and PPS, then one moof+mdat per access unit of length-prefixed NAL units), and the box
 * walker a recording's scan reads ffmpeg's fragments with. Pure code, no I/O.
 */
import { avcRecord } from './avc.js';
import { concat } from './bytes.js';

export const TIMESCALE = 90_000;

const MATRIX = [0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000];

/** A box of `type` around `parts`: its size (these 8 bytes included) and type, then the parts. */
function box(type: string, ...parts: Uint8Array[]): Uint8Array {
  const out = concat(new Uint8Array(8), ...parts);
  new DataView(out.buffer).setUint32(0, out.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  return out;
}

/** Big-endian fields: [value, bytes] pairs. */
function fields(...f: [number, 1 | 2 | 4 | 8][]): Uint8Array {
  const out = new Uint8Array(f.reduce((n, [, b]) => n + b, 0));
  const v = new DataView(out.buffer);
  let at = 0;
  for (const [value, bytes] of f) {
    if (bytes === 1) v.setUint8(at, value);
    else if (bytes === 2) v.setUint16(at, value);
    else if (bytes === 4) v.setUint32(at, value >>> 0);
    else v.setBigUint64(at, BigInt(value));
    at += bytes;
  }
  return out;
}

const zeros = (n: number) => new Uint8Array(n);
const full = (version: number, flags: number) => fields([(version << 24) | flags, 4]);
const matrix = () => fields(...MATRIX.map((m): [number, 4] => [m, 4]));

const avcC = (sps: Uint8Array, pps: Uint8Array): Uint8Array => box('avcC', avcRecord([sps], [pps]));

function avc1(width: number, height: number, sps: Uint8Array, pps: Uint8Array): Uint8Array {
  const entry = fields([0, 4], [0, 2], [1, 2], [0, 4], [0, 4], [0, 4], [0, 4], [width, 2], [height, 2], [0x480000, 4], [0x480000, 4], [0, 4], [1, 2]);
  return box('avc1', entry, zeros(32), fields([0x18, 2], [0xffff, 2]), avcC(sps, pps));
}

/** The init segment (ftyp + moov) for one `width`×`height` H.264 track. */
export function initSegment(width: number, height: number, sps: Uint8Array, pps: Uint8Array): Uint8Array {
  const ftyp = box('ftyp', new TextEncoder().encode('isom'), fields([0x200, 4]), new TextEncoder().encode('isomiso6avc1mp41'));
  const mvhd = box(
    'mvhd',
    full(0, 0),
    fields([0, 4], [0, 4], [TIMESCALE, 4], [0, 4], [0x10000, 4], [0x100, 2]),
    zeros(10),
    matrix(),
    zeros(24),
    fields([2, 4]),
  );
  const tkhd = box(
    'tkhd',
    full(0, 3),
    fields([0, 4], [0, 4], [1, 4], [0, 4], [0, 4]),
    zeros(8),
    fields([0, 2], [0, 2], [0, 2], [0, 2]),
    matrix(),
    fields([width * 0x10000, 4], [height * 0x10000, 4]),
  );
  const mdhd = box('mdhd', full(0, 0), fields([0, 4], [0, 4], [TIMESCALE, 4], [0, 4], [0x55c4, 2], [0, 2]));
  const hdlr = box('hdlr', full(0, 0), fields([0, 4]), new TextEncoder().encode('vide'), zeros(12), new TextEncoder().encode('VideoHandler\0'));
  const dinf = box('dinf', box('dref', full(0, 0), fields([1, 4]), box('url ', full(0, 1))));
  const empty = (type: string) => box(type, full(0, 0), fields([0, 4]));
  const stbl = box(
    'stbl',
    box('stsd', full(0, 0), fields([1, 4]), avc1(width, height, sps, pps)),
    empty('stts'),
    empty('stsc'),
    box('stsz', full(0, 0), fields([0, 4], [0, 4])),
    empty('stco'),
  );
  const minf = box('minf', box('vmhd', full(0, 1), zeros(8)), dinf, stbl);
  const trak = box('trak', tkhd, box('mdia', mdhd, hdlr, minf));
  const mvex = box('mvex', box('trex', full(0, 0), fields([1, 4], [1, 4], [0, 4], [0, 4], [0, 4])));
  return concat(ftyp, box('moov', mvhd, trak, mvex));
}

/** One access unit as a fragment: `sample` length-prefixed, decoded at `decodeTime` for `duration` (both in TIMESCALE). */
export function fragment(sequence: number, decodeTime: number, duration: number, keyframe: boolean, sample: Uint8Array): Uint8Array {
  const trun = box('trun', full(0, 0x000701), fields([1, 4], [0, 4], [duration, 4], [sample.length, 4], [keyframe ? 0x02000000 : 0x01010000, 4]));
  const traf = box('traf', box('tfhd', full(0, 0x020000), fields([1, 4])), box('tfdt', full(1, 0), fields([decodeTime, 8])), trun);
  const moof = box('moof', box('mfhd', full(0, 0), fields([sequence, 4])), traf);
  // trun is the moof's last box; its data offset (after its header, version and flags, and sample count) counts
  // from the moof's start to the sample, past the mdat's 8-byte header: known only once the moof is built.
  new DataView(moof.buffer).setUint32(moof.length - trun.length + 16, moof.length + 8);
  return concat(moof, box('mdat', sample));
}

/**
 * The boxes directly inside `buf` (a file's bytes or a box's payload), as [type, payload]; the walk
 * stops at a size under 8 or one running past the end (a file cut mid-write), never reading beyond.
 */
export function* mp4Boxes<T extends Uint8Array>(buf: T): Generator<[string, T]> {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  for (let at = 0; at + 8 <= buf.length;) {
    const size = view.getUint32(at);
    if (size < 8 || at + size > buf.length) return;
    yield [String.fromCharCode(buf[at + 4]!, buf[at + 5]!, buf[at + 6]!, buf[at + 7]!), buf.subarray(at + 8, at + size) as T];
    at += size;
  }
}
