/**
 * A camera's recordings over a time range as `GET /api/cameras/<id>/recordings` lists them
 * (docs/recording.md): its segments, the gaps between them with their reasons, and its events.
 */
import type { MotionEvent } from './events.js';
import type { RecordingFormat } from './recording.js';
import type { RecordingStatus } from './recording-status.js';

/**
 * Why a segment ended, which labels the gap after it (if there is one). `uplink`: H.264 from the
 * camera side came with a hole (the camera PC's link could not carry it); the next segment starts at
 * the next keyframe.
 */
export const END_REASONS = ['rotate', 'camera-offline', 'recording-off', 'no-motion', 'disk-full', 'relay-down', 'error', 'uplink'] as const;
export type EndReason = (typeof END_REASONS)[number];

/** A gap's reason: the end reason of the segment before it, or `not-recorded` before the first. */
export type GapReason = Exclude<EndReason, 'rotate'> | 'not-recorded';

export interface Gap {
  start: number;
  end: number;
  reason: GapReason;
}

/** A segment as the listing shows it; media time 0 of its file (`url`) is `start`. */
export interface Segment {
  id: string;
  /** Time of the first frame and just after the last (last frame's time plus one frame interval), ms since the epoch. */
  start: number;
  end: number;
  frames: number;
  bytes: number;
  format: RecordingFormat;
  width: number;
  height: number;
  /** `open` while a recorder writes it (its sidecar is rewritten every few seconds). */
  state: 'open' | 'closed';
  endReason: EndReason | null;
  /**
   * The file's sound beside the picture: 'aac' (an IP camera's, by copy, #29; a webcam PC's), 'opus' (a browser or phone
   * camera's microphone, #40); absent: none.
   */
  audio?: 'aac' | 'opus';
  /** 'h265' when the picture is the camera's H.265 copied as it came (`format` is then 'h264': an MP4 of the same kind); absent: H.264 or JPEG. */
  codec?: 'h265';
  url: string;
}

/** `GET /api/cameras/<id>/recordings?from=&to=` (at most 24 h, or `?day=`). */
export interface RecordingListing {
  camera: string;
  from: number;
  to: number;
  segments: Segment[];
  gaps: Gap[];
  events: MotionEvent[];
  recording: RecordingStatus;
}
