/** What a camera's recorder is told and tells (camera-recorder.ts): motion, its state, its drops, and what it needs. */
import { RECORDER_DROPS, type RecorderDrop, type RecorderState } from '../../shared/recording-status.js';
import type { AacFrameMeta } from '../../shared/demand.js';
import type { MemoryCap } from './byte-budget.js';
import type { MkvAudio } from './mkv.js';
import type { SegmentFiles, SegmentRecord } from './segment-files.js';
import type { SegmentSink } from './segment-sink.js';
import type { RecordingFormat } from './settings.js';

/** What a motion detector tells the recorder (and the event log): motion started or ended, with a score. */
export type { MotionSignal } from '../events/event-record.js';

// Their names are on the wire (the status JSON, /metrics labels), so they are declared in shared/.
export { RECORDER_DROPS, type RecorderDrop, type RecorderState };

/** A frame on its way to a segment: its time on the server's clock, its bytes and size. */
export interface Queued {
  at: number;
  /** A JPEG, or with `h264` an H.264 access unit (Annex B) from the camera side. */
  jpeg: Buffer;
  width: number;
  height: number;
  h264?: { keyframe: boolean; codec?: 'h265' };
  /** With `aac` a raw AAC frame of the camera's main stream (its width and height are 0). */
  aac?: AacFrameMeta;
}

export interface RecorderDeps {
  files: SegmentFiles;
  /** With `avcC` the segment is the camera side's H.264, copied (segment-sink.ts), with `audio` its AAC beside it. */
  openSink(format: RecordingFormat, file: string, width: number, height: number, avcC?: Buffer, audio?: MkvAudio, codec?: 'h265'): SegmentSink;
  segmentMs: number;
  /** No frame for this long (server clock) ends the segment as `camera-offline`. */
  silenceMs: number;
  diskFull(): boolean;
  onSegmentClosed(record: SegmentRecord): void;
  /** A write failed; said once per failure, the recorder retries after `retryMs`. */
  onError(error: string): void;
  /** H.264 was expected from the camera side and stopped coming: the JPEGs are encoded, and this says why. */
  onFallback?(why: string): void;
  retryMs?: number;
  now?: () => number;
  /** Byte caps of the pre-roll and the queue (recording settings); each recorder has its own caps when not given (tests). */
  memory?: Record<'preRoll' | 'queue', MemoryCap>;
  /**
   * A frame of another size starts a new segment (a new encoder) only once the open one is this old
   * (default 10 s); before, it is dropped as `size_change`, so a camera cannot make the relay fork an
   * encoder per frame.
   */
  minResizeMs?: number;
}
