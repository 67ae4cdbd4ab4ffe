/**
 * Puts one access unit delimiter (AUD) before each picture of a camera's Annex B H.264, so AnnexBSplitter can cut
 * it. ffmpeg's own AUD per packet (h264_metadata=aud=insert) is not enough for a camera's stream: its RTSP reader
 * gives each slice of a multi-slice IDR as a packet of its own (the test camera's x264 makes two slices), which
 * would cut one picture in two. A picture starts at its first slice (first_mb_in_slice 0), or at the SPS, PPS or
 * SEI before it; the camera's own AUDs are dropped. A parameter set between two slices of one picture is dropped
 * too: dump_extra puts the SPS and PPS before every keyframe packet, so before each slice of a multi-slice IDR.
 * H.265 (an H.265 main stream copied, #29) is cut the same way: its NAL header is 2 bytes (type = (b0 >> 1) & 0x3f),
 * its slices are types 0–31 with first_slice_segment_in_pic_flag as the top bit after the header, its AUD is type 35.
 */
import { HEVC_NAL, NAL, nalHeaderType, nextStartCode, type VideoCodecName } from '../../common/codec/annexb.js';
import { CamrelayError } from '../../shared/errors.js';

/** The AUD written before each picture: 4-byte start code, nal_unit_type 9, primary_pic_type 7 (any slice type). */
export const AUD = Buffer.from([0, 0, 0, 1, 0x09, 0xf0]);
/** H.265's AUD: type 35, layer 0, temporal id 1, pic_type 2 (any slice type) and the stop bit. */
export const HEVC_AUD = Buffer.from([0, 0, 0, 1, 0x46, 0x01, 0x50]);

/** Per codec: its AUD's type, its slice types, the NAL header's bytes. */
const CODECS = {
  h264: { aud: NAL.AUD, slice: (t: number) => t >= NAL.SLICE && t <= NAL.IDR, header: 1 },
  h265: { aud: HEVC_NAL.AUD, slice: (t: number) => t <= 31, header: 2 },
} as const;
/** Non-picture units held until the next slice says which picture they belong to: real ones are a few hundred bytes. */
const HELD_MAX = 1024 * 1024;

type Sink = 'out' | 'held' | 'drop';

export class PictureDelimiter {
  private pending: Buffer = Buffer.alloc(0);
  /** Where in `pending` to look for start codes: those before it are decided already. */
  private scanFrom = 0;
  /** Where the bytes of the unit being read go: out, held (until the next slice), or nowhere (an AUD). */
  private sink: Sink = 'drop';
  private held: Buffer[] = [];
  private heldBytes = 0;
  /** A slice of the current picture has gone out: the next first slice (or what precedes it) starts a new one. */
  private inPicture = false;
  /** The AUD this writes before each picture. */
  readonly aud: Buffer;
  /** Pictures begun so far (AUDs written): a reader stamps arrivals from it without scanning the output again. */
  pictures = 0;
  /**
   * Whether the last push's own bytes carried more of the picture open before it (a slice after its first, as a
   * camera's multi-slice keyframe whose slices ffmpeg gives a frame apart): that picture's last bytes came then.
   */
  openTook = false;
  /** Where the last push's own bytes begin in the buffer it reads (what came before was held from earlier pushes). */
  private fresh = 0;
  private picturesAtPush = 0;
  private readonly codec: (typeof CODECS)[VideoCodecName];
  /** Bytes from a start code to the first slice-header byte, included: 5 for H.264, 6 for H.265. */
  private readonly need: number;

  constructor(private readonly kind: VideoCodecName = 'h264') {
    this.codec = CODECS[kind];
    this.aud = kind === 'h265' ? HEVC_AUD : AUD;
    this.need = 3 + this.codec.header + 1;
  }

  /** Takes the next bytes of the stream and returns those that can go on, AUDs in place. Throws FRAME_TOO_LARGE past 1 MiB held. */
  push(chunk: Buffer): Buffer {
    const buf = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    this.fresh = this.pending.length;
    this.picturesAtPush = this.pictures;
    this.openTook = false;
    const out: Buffer[] = [];
    let from = 0;
    let scanned = this.scanFrom;
    // A unit's fate needs its start code, its header and the first byte of its slice header.
    for (let i = nextStartCode(buf, this.scanFrom); i !== -1 && i + this.need - 1 < buf.length; i = nextStartCode(buf, i + 3)) {
      // A 4-byte start code's leading zero belongs to the unit it starts.
      const start = i > from && buf[i - 1] === 0 ? i - 1 : i;
      this.write(buf.subarray(from, start), out, start > this.fresh);
      this.begin(nalHeaderType(buf[i + 3]!, this.kind), buf[i + 3 + this.codec.header]!, out);
      from = start;
      scanned = i + 3;
    }
    // Hold back the tail that could still be a unit not yet decided, with its start code's leading zero.
    const keep = Math.max(from, buf.length - this.need);
    this.write(buf.subarray(from, keep), out, keep > this.fresh);
    this.pending = Buffer.from(buf.subarray(keep));
    this.scanFrom = Math.max(0, scanned - keep, buf.length - (this.need - 1) - keep);
    return Buffer.concat(out);
  }

  /** What is left when the stream ends: the rest of the last unit. */
  end(): Buffer {
    const out: Buffer[] = [];
    this.write(this.pending, out);
    this.pending = Buffer.alloc(0);
    this.scanFrom = 0;
    this.held = [];
    this.heldBytes = 0;
    return Buffer.concat(out);
  }

  private write(bytes: Buffer, out: Buffer[], fresh = false): void {
    if (bytes.length === 0) return;
    if (this.sink === 'out') out.push(Buffer.from(bytes));
    if (fresh && this.sink === 'out' && this.pictures === this.picturesAtPush && this.inPicture) this.openTook = true;
    if (this.sink !== 'held') return;
    this.heldBytes += bytes.length;
    if (this.heldBytes > HELD_MAX) {
      this.held = [];
      this.heldBytes = 0;
      throw new CamrelayError('FRAME_TOO_LARGE', `The camera's H.264 has over ${HELD_MAX} bytes of non-picture units between two pictures.`);
    }
    this.held.push(Buffer.from(bytes));
  }

  /** A unit of `type` starts; `next` is its first payload byte, whose top bit set means first_mb_in_slice = 0. */
  private begin(type: number, next: number, out: Buffer[]): void {
    if (type === this.codec.aud) return void (this.sink = 'drop');
    if (!this.codec.slice(type)) return void (this.sink = 'held');
    const first = (this.kind === 'h265' || type === NAL.SLICE || type === NAL.IDR) && (next & 0x80) !== 0;
    if (first || !this.inPicture) {
      out.push(this.aud, ...this.held);
      this.pictures++;
      this.inPicture = true;
    }
    // Held units between slices of one picture: dump_extra's parameter sets, already before the first slice.
    this.held = [];
    this.heldBytes = 0;
    this.sink = 'out';
  }
}
