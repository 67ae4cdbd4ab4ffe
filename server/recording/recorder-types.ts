/** What a camera's recorder is told and tells (camera-recorder.ts): motion, its state, its drops, and what it needs. */
import type { MemoryCap } from './byte-budget.js';
import type { SegmentFiles, SegmentRecord } from './segment-files.js';
import type { SegmentSink } from './segment-sink.js';
import type { RecordingFormat } from './settings.js';

/** What a motion detector tells the recorder: motion started or ended at `at` (ms), with a score. */
export interface MotionSignal {
  type: 'start' | 'end';
  at: number;
  score?: number;
}

export type RecorderState = 'off' | 'waiting' | 'recording' | 'disk-full' | 'error';
/**
 * Why a frame meant to be kept was not: `size_change` is a frame of another size than its segment's,
 * inside the segment's first `minResizeMs`; `start_limit` a frame that would start a segment past the
 * camera's starts allowed (segment-writer.ts: a camera reconnecting in a loop).
 */
export type RecorderDrop = 'queue_full' | 'disk_full' | 'error' | 'size_change' | 'start_limit';
export const RECORDER_DROPS: readonly RecorderDrop[] = ['queue_full', 'disk_full', 'error', 'size_change', 'start_limit'];

/** A frame on its way to a segment: its time on the server's clock, its bytes and size. */
export interface Queued {
  at: number;
  jpeg: Buffer;
  width: number;
  height: number;
}

export interface RecorderDeps {
  files: SegmentFiles;
  openSink(format: RecordingFormat, file: string, width: number, height: number): SegmentSink;
  segmentMs: number;
  /** No frame for this long (server clock) ends the segment as `camera-offline`. */
  silenceMs: number;
  diskFull(): boolean;
  onSegmentClosed(record: SegmentRecord): void;
  /** A write failed; said once per failure, the recorder retries after `retryMs`. */
  onError(error: string): void;
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
