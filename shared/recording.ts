/**
 * A camera's recording settings, as the relay keeps them and the Admin area edits them through
 * `GET`/`PUT /api/cameras/<id>/recording`: what both ends must agree on (docs/recording.md).
 */

export const MODES = ['off', 'continuous', 'motion'] as const;
export type RecordingMode = (typeof MODES)[number];
export const FORMATS = ['h264', 'jpeg'] as const;
/** `h264`: re-encoded to H.264 in fragmented MP4; `jpeg`: the camera's JPEGs kept as they came (MJPEG in Matroska). */
export type RecordingFormat = (typeof FORMATS)[number];

/** What one camera records and keeps. */
export interface CameraRecording {
  mode: RecordingMode;
  format: RecordingFormat;
  /** Most frames per second kept; the rest are skipped (not dropped: they were never meant to be kept). */
  fps: number;
  /** Recordings older than this go (0: kept until the quota or the free-space floor takes them). */
  retentionDays: number;
  /** Most bytes of recordings kept for the camera, oldest going first (0: no quota). */
  quotaMb: number;
  /** Motion mode: seconds kept in memory before an event and recorded with it. */
  preRollSeconds: number;
  /** Motion mode: seconds recorded after the event ends. */
  postRollSeconds: number;
  /** Motion detection (events in `continuous` and `motion` modes). */
  motion: MotionSettings;
}

/** A rectangle of the picture where motion is ignored, in fractions of its width and height (0-1). */
export interface MaskRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** How a camera's motion is detected; docs/recording.md explains each. */
export interface MotionSettings {
  /** Detection runs in `continuous` mode too when true (events on the timeline); `motion` mode always detects. */
  enabled: boolean;
  /** Detections per second; fewer than the camera's frames is fine and cheaper. */
  fps: number;
  /** Grey-level difference (1-255) from the background at which a pixel counts as changed. */
  threshold: number;
  /** Share of the unmasked picture, in %, that must change for motion. */
  minAreaPercent: number;
  /** Parts of the picture ignored (a tree, a road, a clock): at most 16. */
  masks: MaskRect[];
}

/**
 * A motion pre-roll shorter than `preRollSeconds` because its frames did not fit in memory: the
 * seconds it held, and the cap in MB that cut it (`camera`: recording.preRollMb; `all`: recording.preRollTotalMb).
 */
export interface PreRollShort {
  seconds: number;
  cap: 'camera' | 'all';
  capMb: number;
}
