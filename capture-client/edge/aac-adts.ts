/**
 * Cuts an ADTS stream (what `ffmpeg -c:a copy -f adts` writes of a camera's AAC) into raw AAC frames, each with
 * the AudioSpecificConfig its header implies (ISO 14496-3 1.6.2.1), which the `aac` event carries and a
 * recorder's audio track needs. No I/O: bytes in, frames out, every buffer capped.
 */
import { AAC_FRAME_MAX_BYTES } from '../../shared/demand.js';
import { CamrelayError } from '../../shared/errors.js';

/** Sampling frequencies by ADTS/ASC index (ISO 14496-3 table 1.18); 13–15 are reserved. */
export const AAC_SAMPLE_RATES = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350] as const;

export interface AdtsHeader {
  /** Audio object type: ADTS profile + 1 (2 = AAC-LC). */
  objectType: number;
  samplingIndex: number;
  /** Channel configuration, 1–7 (0, "defined in the stream", is refused: it needs a PCE the relay cannot use). */
  channelConfig: number;
  /** 7 bytes, or 9 with a CRC. */
  headerLength: number;
  /** Header and payload, bytes. */
  frameLength: number;
}

/** The header at `at`, or null when the bytes there are not a usable ADTS header (or not all there yet). */
export function parseAdtsHeader(buf: Uint8Array, at = 0): AdtsHeader | null {
  if (buf.length - at < 7 || buf[at] !== 0xff || (buf[at + 1]! & 0xf6) !== 0xf0) return null;
  const b2 = buf[at + 2]!;
  const b3 = buf[at + 3]!;
  const objectType = (b2 >> 6) + 1;
  const samplingIndex = (b2 >> 2) & 0x0f;
  const channelConfig = ((b2 & 0x01) << 2) | (b3 >> 6);
  const headerLength = (buf[at + 1]! & 0x01) === 1 ? 7 : 9;
  const frameLength = ((b3 & 0x03) << 11) | (buf[at + 4]! << 3) | (buf[at + 5]! >> 5);
  if (samplingIndex >= AAC_SAMPLE_RATES.length || channelConfig === 0 || frameLength <= headerLength) return null;
  return { objectType, samplingIndex, channelConfig, headerLength, frameLength };
}

/** The 2-byte AudioSpecificConfig, hex: 5 bits object type, 4 bits sampling index, 4 bits channels, 3 zero bits. */
export function audioSpecificConfig(h: Pick<AdtsHeader, 'objectType' | 'samplingIndex' | 'channelConfig'>): string {
  const asc = (h.objectType << 11) | (h.samplingIndex << 7) | (h.channelConfig << 3);
  return asc.toString(16).padStart(4, '0');
}

/** The ADTS header (7 bytes, no CRC) for one raw frame of this config: how a test or a tool writes frames back. */
export function adtsHeader(config: string, payloadBytes: number): Buffer {
  const asc = parseInt(config.slice(0, 4), 16);
  const objectType = asc >> 11;
  const samplingIndex = (asc >> 7) & 0x0f;
  const channels = (asc >> 3) & 0x0f;
  const len = payloadBytes + 7;
  return Buffer.from([
    0xff,
    0xf1,
    ((objectType - 1) << 6) | (samplingIndex << 2) | (channels >> 2),
    ((channels & 3) << 6) | (len >> 11),
    (len >> 3) & 0xff,
    ((len & 7) << 5) | 0x1f,
    0xfc,
  ]);
}

export interface AacFrame {
  /** The raw frame, ADTS header removed. */
  data: Buffer;
  config: string;
  sampleRate: number;
  channels: number;
}

/** Channels by channel configuration (7 is 7.1: eight). */
const CHANNELS = [0, 1, 2, 3, 4, 5, 6, 8];

export class AdtsSplitter {
  private pending: Buffer = Buffer.alloc(0);
  /** Bytes skipped looking for a sync word since the last good frame: a stream of garbage is said once, not forever. */
  private skipped = 0;

  /** Takes the next bytes; calls `onFrame` for each whole frame. Throws SOURCE_FAILED after 64 KiB without a frame. */
  push(chunk: Buffer, onFrame: (frame: AacFrame) => void): void {
    let buf = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    let at = 0;
    while (buf.length - at >= 7) {
      const h = parseAdtsHeader(buf, at);
      if (!h || h.frameLength - h.headerLength > AAC_FRAME_MAX_BYTES) {
        at++;
        if (++this.skipped > 64 * 1024) {
          this.pending = Buffer.alloc(0);
          this.skipped = 0;
          throw new CamrelayError('SOURCE_FAILED', "The camera's audio is not AAC in ADTS frames ffmpeg was asked for.");
        }
        continue;
      }
      if (buf.length - at < h.frameLength) break;
      this.skipped = 0;
      onFrame({
        data: Buffer.from(buf.subarray(at + h.headerLength, at + h.frameLength)),
        config: audioSpecificConfig(h),
        sampleRate: AAC_SAMPLE_RATES[h.samplingIndex]!,
        channels: CHANNELS[h.channelConfig]!,
      });
      at += h.frameLength;
    }
    buf = buf.subarray(at);
    // At most one frame (header + AAC_FRAME_MAX_BYTES) is ever pending: a longer one was skipped above.
    this.pending = Buffer.from(buf);
  }
}
