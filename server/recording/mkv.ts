/**
 * A minimal Matroska writer for MJPEG, or H.264 by copy (an avcC as CodecPrivate): an EBML header, a Segment of unknown size, one video track
 * (and a sound track 2, AAC or Opus, when the camera sends it), then one sized Cluster per frame. It carries each frame's own time (ms) to ffmpeg, which
 * image2pipe cannot, and as a file it stays readable when cut short: every Cluster is whole or absent.
 */

/** An EBML element: its ID bytes, a size and the payload. */
function element(id: number, payload: Buffer): Buffer {
  const idBytes = Buffer.from(id.toString(16).padStart(id > 0xffffff ? 8 : id > 0xffff ? 6 : id > 0xff ? 4 : 2, '0'), 'hex');
  return Buffer.concat([idBytes, size(payload.length), payload]);
}

/** An 8-byte EBML size (0x01 then 7 bytes): any length up to 2^53, one code path. */
function size(n: number): Buffer {
  const b = Buffer.alloc(8);
  writeSize(b, 0, n);
  return b;
}

function writeSize(b: Buffer, at: number, n: number): void {
  b.writeUInt32BE(Math.floor(n / 2 ** 32), at);
  b.writeUInt32BE(n >>> 0, at + 4);
  b[at] = 0x01;
}

function uint(id: number, value: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(value));
  let i = 0;
  while (i < 7 && b[i] === 0) i++;
  return element(id, b.subarray(i));
}

const text = (id: number, value: string) => element(id, Buffer.from(value, 'latin1'));

/** A sound track's CodecPrivate (AAC: the AudioSpecificConfig; Opus: its OpusHead) and what its header says of the sound. */
export interface MkvAudio {
  codec: 'aac' | 'opus';
  config: Buffer;
  sampleRate: number;
  channels: number;
}

/**
 * The segment's start: EBML header, Segment (size unknown: the file may end anywhere), Info and the
 * track: MJPEG, or H.264 when `avcC` (common/codec/avc.ts) is given, whose frames are then length-prefixed; with
 * `audio`, an A_AAC or A_OPUS track 2 whose blocks are raw AAC frames or Opus packets.
 */
export function mkvHeader(width: number, height: number, avcC?: Buffer, audio?: MkvAudio, codec?: 'h265'): Buffer {
  const ebml = element(
    0x1a45dfa3,
    Buffer.concat([uint(0x4286, 1), uint(0x42f7, 1), uint(0x42f2, 4), uint(0x42f3, 8), text(0x4282, 'matroska'), uint(0x4287, 4), uint(0x4285, 2)]),
  );
  const segmentOpen = Buffer.from([0x18, 0x53, 0x80, 0x67, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
  // TimecodeScale 1 ms: frame times are whole milliseconds, as capture stamps are.
  const info = element(0x1549a966, Buffer.concat([uint(0x2ad7b1, 1_000_000), text(0x4d80, 'camrelay'), text(0x5741, 'camrelay')]));
  const video = element(0xe0, Buffer.concat([uint(0xb0, width), uint(0xba, height)]));
  // With codec 'h265', `avcC` is the stream's hvcC (common/codec/hevc.ts).
  const id = codec === 'h265' ? 'V_MPEGH/ISO/HEVC' : 'V_MPEG4/ISO/AVC';
  const codecPart = avcC ? [text(0x86, id), element(0x63a2, avcC)] : [text(0x86, 'V_MJPEG')];
  const track = element(0xae, Buffer.concat([uint(0xd7, 1), uint(0x73c5, 1), uint(0x83, 1), ...codecPart, uint(0x9c, 0), video]));
  const tracks = audio ? [track, audioTrack(audio)] : [track];
  return Buffer.concat([ebml, segmentOpen, info, element(0x1654ae6b, Buffer.concat(tracks))]);
}

function audioTrack({ codec, config, sampleRate, channels }: MkvAudio): Buffer {
  const rate = Buffer.alloc(8);
  rate.writeDoubleBE(sampleRate);
  const settings = element(0xe1, Buffer.concat([element(0xb5, rate), uint(0x9f, channels)]));
  return element(
    0xae,
    Buffer.concat([
      uint(0xd7, 2),
      uint(0x73c5, 2),
      uint(0x83, 2),
      text(0x86, codec === 'opus' ? 'A_OPUS' : 'A_AAC'),
      element(0x63a2, config),
      uint(0x9c, 0),
      settings,
    ]),
  );
}

/** One frame as a Cluster at `ms` from the segment's start, holding one SimpleBlock of `track` (1 video, 2 audio). Returns the parts to write (no copy of the frame). */
export function mkvFrame(ms: number, jpeg: Buffer, keyframe = true, track: 1 | 2 = 1): Buffer[] {
  const timecode = uint(0xe7, ms);
  // The Cluster's ID, size and Timecode, then the SimpleBlock's ID, size, track (vint 0x81 or 0x82),
  // timecode relative to the cluster (0) and flags, in one buffer: every unit of a copy passes here (#29).
  const head = Buffer.alloc(12 + timecode.length + 13);
  head.writeUInt32BE(0x1f43b675, 0);
  writeSize(head, 4, timecode.length + 13 + jpeg.length);
  timecode.copy(head, 12);
  const block = 12 + timecode.length;
  head[block] = 0xa3;
  writeSize(head, block + 1, 4 + jpeg.length);
  head[block + 9] = 0x80 | track;
  head[block + 12] = keyframe ? 0x80 : 0x00;
  return [head, jpeg];
}
