/**
 * Cuts an ADTS stream (what `ffmpeg -c:a copy -f adts` writes of a camera's AAC) into raw AAC frames, each with
 * the AudioSpecificConfig its header implies. Headers are read by the codec folder (common/codec/adts.ts); this
 * keeps the stream's state. No I/O: bytes in, frames out, every buffer capped.
 */
import { AAC_CHANNELS, AAC_SAMPLE_RATES, audioSpecificConfig, parseAdtsHeader } from '../../common/codec/adts.js';
import { AAC_FRAME_MAX_BYTES } from '../../shared/demand.js';
import { CamrelayError } from '../../shared/errors.js';

export interface AacFrame {
  /** The raw frame, ADTS header removed. */
  data: Buffer;
  config: string;
  sampleRate: number;
  channels: number;
}

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
        channels: AAC_CHANNELS[h.channelConfig]!,
      });
      at += h.frameLength;
    }
    buf = buf.subarray(at);
    // At most one frame (header + AAC_FRAME_MAX_BYTES) is ever pending: a longer one was skipped above.
    this.pending = Buffer.from(buf);
  }
}
