/** What a camera's recorder is told and tells (camera-recorder.ts): motion, its state, its drops, and what it needs. */
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
export type RecorderDrop = 'queue_full' | 'disk_full' | 'error';

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
}
