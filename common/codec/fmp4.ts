/**
 * Fragmented MP4 boxes: the writer of an H.264 track, and beside it a sound track (AAC in `mp4a`/`esds`, Opus in
 * `Opus`/`dOps`), as Media Source Extensions, ffmpeg and HLS players take them (an init segment from the SPS and PPS
 * and the sound's decoder config, then one moof+mdat per access unit or sound frame), and the box reader a
 * recording's scan and the HLS bench read fragments with (sizes, timescales, decode times, sample durations). Pure code, no I/O.
 */
import { avcRecord } from './avc.js';
import { concat } from './bytes.js';
import type { AudioTrack } from './rtp-audio.js';

export const TIMESCALE = 90_000;
/** The track ids: the picture's, and the sound's when there is one. */
export const VIDEO_TRACK = 1;
export const AUDIO_TRACK = 2;

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

/** A track's header: its id, and a picture's size (a sound track has none, and is alternate group 1 at full volume). */
function tkhd(id: number, width: number, height: number): Uint8Array {
  const sound = width === 0;
  return box(
    'tkhd',
    full(0, 3),
    fields([0, 4], [0, 4], [id, 4], [0, 4], [0, 4]),
    zeros(8),
    fields([0, 2], [sound ? 1 : 0, 2], [sound ? 0x100 : 0, 2], [0, 2]),
    matrix(),
    fields([width * 0x10000, 4], [height * 0x10000, 4]),
  );
}

/** A track: header, media header on `timescale`, handler, and its sample table around the one sample entry. */
function trak(id: number, width: number, height: number, timescale: number, entry: Uint8Array): Uint8Array {
  const sound = width === 0;
  const mdhd = box('mdhd', full(0, 0), fields([0, 4], [0, 4], [timescale, 4], [0, 4], [0x55c4, 2], [0, 2]));
  const text = (t: string) => new TextEncoder().encode(t);
  const hdlr = box('hdlr', full(0, 0), fields([0, 4]), text(sound ? 'soun' : 'vide'), zeros(12), text(sound ? 'SoundHandler\0' : 'VideoHandler\0'));
  const dinf = box('dinf', box('dref', full(0, 0), fields([1, 4]), box('url ', full(0, 1))));
  const empty = (type: string) => box(type, full(0, 0), fields([0, 4]));
  const stbl = box(
    'stbl',
    box('stsd', full(0, 0), fields([1, 4]), entry),
    empty('stts'),
    empty('stsc'),
    box('stsz', full(0, 0), fields([0, 4], [0, 4])),
    empty('stco'),
  );
  const header = sound ? box('smhd', full(0, 0), zeros(4)) : box('vmhd', full(0, 1), zeros(8));
  return box('trak', tkhd(id, width, height), box('mdia', mdhd, hdlr, box('minf', header, dinf, stbl)));
}

/** An MPEG-4 descriptor (ISO 14496-1 8.3.3): its tag and a one-byte size (every one here is under 128 bytes). */
const descriptor = (tag: number, ...parts: Uint8Array[]) => {
  const body = concat(...parts);
  return concat(fields([tag, 1], [body.length, 1]), body);
};

const fromHex = (h: string) => Uint8Array.from(h.match(/../g) ?? [], (x) => parseInt(x, 16));

/** The sound's sample entry: AAC as `mp4a` with its AudioSpecificConfig in an `esds`; Opus as `Opus` with its `dOps` (ISO/IEC 14496-14, Opus in ISOBMFF). */
function audioEntry(t: AudioTrack): Uint8Array {
  const opus = t.codec === 'opus';
  // The rate field is 16.16; Opus always says 48 kHz, and a rate past 16 bits (96 kHz AAC) is read from the decoder config.
  const rate = opus ? 48_000 : t.sampleRate;
  const head = concat(zeros(6), fields([1, 2]), zeros(8), fields([t.channels, 2], [16, 2], [0, 2], [0, 2], [rate < 0x10000 ? rate * 0x10000 : 0, 4]));
  if (opus) return box('Opus', head, box('dOps', fromHex(t.config)));
  // ES_Descriptor, ES_ID 0: a DecoderConfigDescriptor of MPEG-4 Audio (0x40) as an audio stream (5), no buffer or bitrate said, its
  // AudioSpecificConfig, and the SLConfig MP4 files use (2).
  const config = descriptor(0x04, fields([0x40, 1], [(5 << 2) | 1, 1]), zeros(11), descriptor(0x05, fromHex(t.config)));
  return box('mp4a', head, box('esds', full(0, 0), descriptor(0x03, fields([0, 2], [0, 1]), config, descriptor(0x06, fields([2, 1])))));
}

/** The sound track's timescale: its sample rate (Opus: 48 kHz, whatever went in). */
export const audioTimescale = (t: AudioTrack): number => (t.codec === 'opus' ? 48_000 : t.sampleRate);

/** The init segment (ftyp + moov) for one `width`×`height` H.264 track, and a sound track when `audio` is given. */
export function initSegment(width: number, height: number, sps: Uint8Array, pps: Uint8Array, audio: AudioTrack | null = null): Uint8Array {
  const ftyp = box('ftyp', new TextEncoder().encode('isom'), fields([0x200, 4]), new TextEncoder().encode('isomiso6avc1mp41'));
  const mvhd = box(
    'mvhd',
    full(0, 0),
    fields([0, 4], [0, 4], [TIMESCALE, 4], [0, 4], [0x10000, 4], [0x100, 2]),
    zeros(10),
    matrix(),
    zeros(24),
    fields([audio ? 3 : 2, 4]),
  );
  const traks = [trak(VIDEO_TRACK, width, height, TIMESCALE, avc1(width, height, sps, pps))];
  if (audio) traks.push(trak(AUDIO_TRACK, 0, 0, audioTimescale(audio), audioEntry(audio)));
  const trex = (id: number) => box('trex', full(0, 0), fields([id, 4], [1, 4], [0, 4], [0, 4], [0, 4]));
  const mvex = box('mvex', trex(VIDEO_TRACK), ...(audio ? [trex(AUDIO_TRACK)] : []));
  return concat(ftyp, box('moov', mvhd, ...traks, mvex));
}

/**
 * One sample as a fragment of track `track`: an access unit length-prefixed (or a sound frame, always a sync
 * sample), decoded at `decodeTime` for `duration`, both in its track's timescale.
 */
export function fragment(sequence: number, decodeTime: number, duration: number, keyframe: boolean, sample: Uint8Array, track = VIDEO_TRACK): Uint8Array {
  const trun = box('trun', full(0, 0x000701), fields([1, 4], [0, 4], [duration, 4], [sample.length, 4], [keyframe ? 0x02000000 : 0x01010000, 4]));
  const traf = box('traf', box('tfhd', full(0, 0x020000), fields([track, 4])), box('tfdt', full(1, 0), fields([decodeTime, 8])), trun);
  const moof = box('moof', box('mfhd', full(0, 0), fields([sequence, 4])), traf);
  // trun is the moof's last box; its data offset (after its header, version and flags, and sample count) counts
  // from the moof's start to the sample, past the mdat's 8-byte header: known only once the moof is built.
  new DataView(moof.buffer).setUint32(moof.length - trun.length + 16, moof.length + 8);
  return concat(moof, box('mdat', sample));
}

/** A box's header at `at`: its size (the header included) and type; null when fewer than 8 bytes are there. */
export function boxHeader(buf: Uint8Array, at = 0): { size: number; type: string } | null {
  if (at + 8 > buf.length) return null;
  const size = ((buf[at]! << 24) >>> 0) + (buf[at + 1]! << 16) + (buf[at + 2]! << 8) + buf[at + 3]!;
  return { size, type: String.fromCharCode(buf[at + 4]!, buf[at + 5]!, buf[at + 6]!, buf[at + 7]!) };
}

/**
 * The boxes directly inside `buf` (a file's bytes or a box's payload), as [type, payload]; the walk
 * stops at a size under 8 or one running past the end (a file cut mid-write), never reading beyond.
 */
export function* mp4Boxes<T extends Uint8Array>(buf: T): Generator<[string, T]> {
  for (let at = 0; ;) {
    const head = boxHeader(buf, at);
    if (!head || head.size < 8 || at + head.size > buf.length) return;
    yield [head.type, buf.subarray(at + 8, at + head.size) as T];
    at += head.size;
  }
}

/** The payload of the first box of `type` directly inside `buf`. */
export function childBox<T extends Uint8Array>(buf: T | undefined, type: string): T | undefined {
  if (!buf) return undefined;
  for (const [t, payload] of mp4Boxes(buf)) if (t === type) return payload;
  return undefined;
}

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

/** A moov's first track's timescale (its mdhd, version 0 or 1), 0 when there is none. */
export function movieTimescale(moov: Uint8Array): number {
  const mdhd = childBox(childBox(childBox(moov, 'trak'), 'mdia'), 'mdhd');
  return mdhd ? view(mdhd).getUint32(mdhd[0] === 1 ? 20 : 12) : 0;
}

/** A moov's default sample duration for fragments (its first trex), 0 when there is none. */
export function trexDuration(moov: Uint8Array): number {
  const trex = childBox(childBox(moov, 'mvex'), 'trex');
  return trex ? view(trex).getUint32(12) : 0;
}

/** A tfdt's decode time (version 1: 64 bits, exact below 2^53). */
export function decodeTime(tfdt: Uint8Array): number {
  const v = view(tfdt);
  return tfdt[0] === 1 ? v.getUint32(4) * 2 ** 32 + v.getUint32(8) : v.getUint32(4);
}

/**
 * The samples of one track fragment (a traf's payload) and the decode time just after its last: its tfdt, plus
 * each trun sample's duration (or tfhd's default, or `defaultDuration` from the trex). A trun cut short counts
 * the samples that are whole.
 */
export function trafExtent(traf: Uint8Array, defaultDuration: number): { frames: number; end: number } {
  let fallback = defaultDuration;
  const tfhd = childBox(traf, 'tfhd');
  if (tfhd) {
    const flags = view(tfhd).getUint32(0) & 0xffffff;
    const at = 8 + (flags & 0x01 ? 8 : 0) + (flags & 0x02 ? 4 : 0);
    if (flags & 0x08) fallback = view(tfhd).getUint32(at);
  }
  const tfdt = childBox(traf, 'tfdt');
  let t = tfdt ? decodeTime(tfdt) : 0;
  let frames = 0;
  for (const [type, trun] of mp4Boxes(traf)) {
    if (type !== 'trun') continue;
    const v = view(trun);
    const flags = v.getUint32(0) & 0xffffff;
    const count = v.getUint32(4);
    let at = 8 + (flags & 0x01 ? 4 : 0) + (flags & 0x04 ? 4 : 0);
    const per = [0x100, 0x200, 0x400, 0x800].filter((f) => flags & f).length * 4;
    for (let i = 0; i < count && at + per <= trun.length; i++, at += per) {
      t += flags & 0x100 ? v.getUint32(at) : fallback;
      frames++;
    }
  }
  return { frames, end: t };
}
