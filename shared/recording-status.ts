/**
 * What a camera's recorder says of itself (`GET /api/recording`, `GET /api/cameras/<id>/recording`,
 * docs/recording.md), and what its recordings folder holds (`GET /api/cameras/<id>/recording/files`).
 *
 * A full disk is spelled two ways on purpose, each where users' scripts already read it: `disk-full`
 * among states and gap reasons (kebab-case like `camera-offline`, and kept in segment sidecars on
 * disk), `disk_full` among drop reasons (snake_case like `queue_full`, a Prometheus label value of
 * `camrelay_recording_dropped_total`). Renaming either would break alerts and saved recordings.
 */
import type { CameraRecording, PreRollShort } from './recording.js';

export const RECORDER_STATES = ['off', 'waiting', 'recording', 'disk-full', 'error'] as const;
export type RecorderState = (typeof RECORDER_STATES)[number];

/**
 * Why a frame meant to be kept was not: `size_change` is a frame of another size than its segment's,
 * inside the segment's first `minResizeMs`; `start_limit` a frame that would start a segment past the
 * camera's starts allowed (a camera reconnecting in a loop); `uplink` an H.264 access unit after a
 * hole in the camera side's stream, dropped until the next keyframe.
 */
export const RECORDER_DROPS = ['queue_full', 'disk_full', 'error', 'size_change', 'start_limit', 'uplink'] as const;
export type RecorderDrop = (typeof RECORDER_DROPS)[number];

/** What the motion pre-roll holds, and whether a byte cap cut it short. */
export interface PreRollStatus {
  frames: number;
  bytes: number;
  trimmed: number;
  short: PreRollShort | null;
}

/** A camera's detection counts, for the API and /metrics. */
export interface MotionStatus {
  detections: number;
  /** Detections skipped because the one before was still running. */
  busy: number;
  errors: number;
  score: number | null;
  moving: boolean;
}

/** One camera's recorder: its settings, state and counts. */
export interface RecordingStatus {
  camera: string;
  settings: CameraRecording;
  state: RecorderState;
  queued: number;
  queueLimit: number;
  frames: { kept: number; skipped: number };
  queuedBytes: number;
  dropped: Record<RecorderDrop, number>;
  segments: number;
  preRoll: PreRollStatus;
  /** Bytes of this camera's recordings on disk. */
  bytes: number;
  error: string | null;
  /** Null when the camera has no detector (motion off). */
  motion: MotionStatus | null;
  /** How the camera is recorded: by copy of its capture client's H.264, or by encoding its JPEGs here. */
  source?: RecordingSource;
}

/** Recording by copy (docs/recording.md): what the relay runs for a camera and why. */
export interface RecordingSource {
  /** `copy`: the capture client's H.264 is written as it came; `encode`: the relay encodes the JPEGs. */
  mode: 'copy' | 'encode';
  /** Why the JPEGs are encoded although the client offered or sent H.264; null otherwise. */
  note: string | null;
  /** The camera side's H.264 encoder when its stream names it (libx264 signs its first keyframe); null when unknown. */
  encoder?: string | null;
  /** Bytes of H.264 received from the camera side. */
  uplinkBytes: number;
  /** Segments started with an encoder here, and by copy (no encoder). */
  encoders: number;
  copies: number;
  fallbacks: number;
}

/** `GET /api/cameras/<id>/recording`: the camera's status and whether the disk is full. */
export interface CameraRecordingAnswer extends RecordingStatus {
  diskFull: boolean;
  /** Send it back with a change: a save made since is refused (409 EDIT_CONFLICT), not overwritten. */
  revision: string;
  /** Who saved the settings now in force, and when (ms); null when unknown (a restart, an MQTT command). */
  savedBy: string | null;
  savedAt: number | null;
}

/** `GET /api/recording`: every camera the caller may see that records or has recordings. */
export interface RecordingOverview {
  diskFull: boolean;
  /** Free bytes at the last check; null before the first. */
  freeBytes: number | null;
  cameras: RecordingStatus[];
}

/** `GET /api/cameras/<id>/recording/files`: what a camera's recordings folder holds. */
export interface RecordingsSummary {
  camera: string;
  segments: number;
  bytes: number;
  /** Days with recordings, and the first and last of them (UTC, YYYY-MM-DD); null with none. */
  days: number;
  firstDay: string | null;
  lastDay: string | null;
}
