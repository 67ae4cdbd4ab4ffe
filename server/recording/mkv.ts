/**
 * A minimal Matroska writer for MJPEG: an EBML header, a Segment of unknown size, one video track,
 * then one sized Cluster per frame. It carries each frame's own time (ms) to ffmpeg, which
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
  b.writeUInt32BE(Math.floor(n / 2 ** 32), 0);
  b.writeUInt32BE(n >>> 0, 4);
  b[0] = 0x01;
  return b;
}

function uint(id: number, value: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(value));
  let i = 0;
  while (i < 7 && b[i] === 0) i++;
  return element(id, b.subarray(i));
}

const text = (id: number, value: string) => element(id, Buffer.from(value, 'latin1'));

/** The segment's start: EBML header, Segment (size unknown: the file may end anywhere), Info and the track. */
export function mkvHeader(width: number, height: number): Buffer {
  const ebml = element(
    0x1a45dfa3,
    Buffer.concat([uint(0x4286, 1), uint(0x42f7, 1), uint(0x42f2, 4), uint(0x42f3, 8), text(0x4282, 'matroska'), uint(0x4287, 4), uint(0x4285, 2)]),
  );
  const segmentOpen = Buffer.from([0x18, 0x53, 0x80, 0x67, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
  // TimecodeScale 1 ms: frame times are whole milliseconds, as capture stamps are.
  const info = element(0x1549a966, Buffer.concat([uint(0x2ad7b1, 1_000_000), text(0x4d80, 'camrelay'), text(0x5741, 'camrelay')]));
  const video = element(0xe0, Buffer.concat([uint(0xb0, width), uint(0xba, height)]));
  const track = element(0xae, Buffer.concat([uint(0xd7, 1), uint(0x73c5, 1), uint(0x83, 1), text(0x86, 'V_MJPEG'), uint(0x9c, 0), video]));
  return Buffer.concat([ebml, segmentOpen, info, element(0x1654ae6b, track)]);
}

/** One frame as a Cluster at `ms` from the segment's start, holding one keyframe SimpleBlock. Returns the parts to write (no copy of the JPEG). */
export function mkvFrame(ms: number, jpeg: Buffer): Buffer[] {
  // SimpleBlock: track 1 (vint 0x81), timecode relative to the cluster (0), flags: keyframe.
  const blockHead = Buffer.from([0xa3, ...size(4 + jpeg.length), 0x81, 0x00, 0x00, 0x80]);
  const timecode = uint(0xe7, ms);
  const clusterHead = Buffer.concat([Buffer.from([0x1f, 0x43, 0xb6, 0x75]), size(timecode.length + blockHead.length + jpeg.length), timecode]);
  return [clusterHead, blockHead, jpeg];
}
