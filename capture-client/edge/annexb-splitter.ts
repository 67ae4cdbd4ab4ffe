/**
 * Cuts ffmpeg's Annex B H.264 byte stream into access units. ffmpeg's h264_metadata filter puts an access unit
 * delimiter (AUD, NAL type 9) before each one, so an access unit is everything from one AUD to the next: no
 * slice-header parsing. An access unit is known complete when the next one starts (or the stream ends).
 * Start codes and NAL types are read by the codec folder (common/codec/annexb.ts); this keeps the stream's state.
 */
import {
  ACCESS_UNIT_MAX,
  ANNEXB_LIMITS,
  HEVC_NAL,
  isKeyNal,
  NAL,
  nalHeaderType,
  nalSpans,
  nextStartCode,
  type VideoCodecName,
} from '../../common/codec/annexb.js';
import { CamrelayError } from '../../shared/errors.js';

export interface AccessUnit {
  /** Annex B bytes, starting with the AUD's start code. */
  data: Buffer;
  /** Holds an IDR slice; the splitter makes sure it also holds SPS and PPS, so a decoder can start at it. */
  keyframe: boolean;
}

export interface AnnexBSplitterOptions {
  /** Largest access unit; a stream that goes past it without an AUD is not what ffmpeg was asked for. Default: the relay's own cap. */
  maxAccessUnit?: number;
  /** 'h265': an H.265 stream (PictureDelimiter's HEVC AUDs); its keyframes are IRAP pictures (isKeyNal). */
  codec?: VideoCodecName;
}

/** Finds the next AUD start code (00 00 01 09 or 00 00 00 01 09) at or after `from`: where it begins, or -1. */
function findAud(buf: Buffer, from: number, codec: VideoCodecName): number {
  const aud = codec === 'h265' ? HEVC_NAL.AUD : NAL.AUD;
  for (let i = nextStartCode(buf, from); i !== -1 && i + 3 < buf.length; i = nextStartCode(buf, i + 3)) {
    if (nalHeaderType(buf[i + 3]!, codec) === aud) return i > 0 && buf[i - 1] === 0 ? i - 1 : i;
  }
  return -1;
}

export class AnnexBSplitter {
  private pending: Buffer = Buffer.alloc(0);
  /** How far `pending` was searched for the next AUD without finding one: the next push resumes there, not at its start. */
  private searched = 0;
  private readonly maxAccessUnit: number;
  private readonly codec: VideoCodecName;
  /** The latest SPS and PPS seen, put into a keyframe that comes without them (a hardware encoder's choice). */
  private sps: Buffer | null = null;
  private pps: Buffer | null = null;

  constructor(opts: AnnexBSplitterOptions = {}) {
    this.maxAccessUnit = opts.maxAccessUnit ?? ACCESS_UNIT_MAX;
    this.codec = opts.codec ?? 'h264';
  }

  /** Takes the next bytes of the stream; calls `onUnit` for each access unit they complete. Throws FRAME_TOO_LARGE past the cap. */
  push(chunk: Buffer, onUnit: (au: AccessUnit) => void): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    // Bytes before the first AUD belong to no access unit ffmpeg was asked for.
    const first = findAud(this.pending, 0, this.codec);
    if (first > 0) {
      this.pending = this.pending.subarray(first);
      this.searched = 0;
    }
    // The AUD at offset 0 starts the current unit; the next one (past its own 4 or 5 bytes) ends it.
    // A start code can straddle two pushes: the search resumes 5 bytes before where the last one ended.
    const from = () => Math.max(4, this.searched - 5);
    for (let next = findAud(this.pending, from(), this.codec); first >= 0 && next > 0; next = findAud(this.pending, from(), this.codec)) {
      onUnit(this.unit(this.pending.subarray(0, next)));
      this.pending = this.pending.subarray(next);
      this.searched = 0;
    }
    this.searched = this.pending.length;
    if (this.pending.length > this.maxAccessUnit) {
      this.pending = Buffer.alloc(0);
      this.searched = 0;
      throw new CamrelayError('FRAME_TOO_LARGE', `ffmpeg wrote over ${this.maxAccessUnit} bytes of H.264 without an access unit delimiter.`);
    }
    // Keep no view into ffmpeg's chunk beyond what is pending (a small copy, once per chunk).
    this.pending = Buffer.from(this.pending);
  }

  /** The last access unit, when the stream has ended (nothing follows it to mark its end). */
  end(onUnit: (au: AccessUnit) => void): void {
    if (findAud(this.pending, 0, this.codec) === 0 && this.pending.length > 5) onUnit(this.unit(this.pending));
    this.pending = Buffer.alloc(0);
    this.searched = 0;
  }

  private unit(bytes: Buffer): AccessUnit {
    const nals = nalSpans(bytes, this.codec);
    // dump_extra puts the VPS, SPS and PPS before each H.265 IRAP picture: nothing to add.
    const keyframe = nals.some((n) => isKeyNal(n.type, this.codec));
    if (this.codec === 'h265') return { data: Buffer.from(bytes), keyframe };
    const has = (t: number) => nals.some((n) => n.type === t);
    for (const n of nals) {
      if (n.type === NAL.SPS && n.end - n.start <= ANNEXB_LIMITS.paramSetBytes) this.sps = Buffer.from(bytes.subarray(n.start, n.end));
      if (n.type === NAL.PPS && n.end - n.start <= ANNEXB_LIMITS.paramSetBytes) this.pps = Buffer.from(bytes.subarray(n.start, n.end));
    }
    const data = Buffer.from(bytes);
    if (!keyframe || (has(NAL.SPS) && has(NAL.PPS)) || !this.sps || !this.pps) return { data, keyframe };
    // Right after the AUD, as H.264 orders them (7.4.1.2.3): AUD, SPS, PPS, slices.
    const aud = nals[0]!;
    return { data: Buffer.concat([data.subarray(0, aud.end), this.sps, this.pps, data.subarray(aud.end)]), keyframe };
  }
}
