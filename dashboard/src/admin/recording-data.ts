/**
 * A camera's recording as the settings page shows it: the relay's status in plain words, and the
 * form's values turned into the change `PUT /api/cameras/<id>/recording` takes. Pure, so unit-tested.
 */

import type { CameraRecording, MaskRect, MotionSettings, PreRollShort, RecordingFormat, RecordingMode } from '../../../shared/recording.js';
import { RECORDER_STATES, type RecorderState } from '../../../shared/recording-status.js';
import { parseSource, type SourceFacts } from './recording-source.js';

export type Mode = RecordingMode;
export type Format = RecordingFormat;
export type Mask = MaskRect;
export type { MotionSettings };
/** The settings as the API sends them (shared/recording.ts). */
export type RecordingSettings = CameraRecording;

/** `GET /api/cameras/<id>/recording` (a `CameraRecordingAnswer`, shared/recording-status.ts), reduced to what the page shows. */
export interface RecordingFacts {
  camera: string;
  settings: RecordingSettings;
  state: RecorderState;
  kept: number;
  dropped: number;
  /** The drops by reason (shared/recording-status.ts RECORDER_DROPS), those above 0. */
  drops: Record<string, number>;
  bytes: number;
  error: string | null;
  diskFull: boolean;
  /** The motion pre-roll, when memory caps cut it shorter than its setting. */
  preRollShort: PreRollShort | null;
  /** How it is recorded (by copy or encoded here); null when the relay does not say. */
  source: SourceFacts | null;
}

const STATES: readonly RecorderState[] = RECORDER_STATES;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown, fallback = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);

function parseShort(v: unknown): PreRollShort | null {
  if (!isRecord(v) || !isRecord(v.short)) return null;
  const { seconds, cap, capMb } = v.short;
  return { seconds: num(seconds), cap: cap === 'all' ? 'all' : 'camera', capMb: num(capMb) };
}

function parseMask(v: unknown): Mask | null {
  if (!isRecord(v)) return null;
  const [x, y, w, h] = [v.x, v.y, v.w, v.h].map((n) => num(n, NaN));
  return [x, y, w, h].every((n) => Number.isFinite(n)) ? { x: x!, y: y!, w: w!, h: h! } : null;
}

/** The status from untrusted JSON, or null when it is not one (an older relay, an error page). */
export function parseStatus(value: unknown): RecordingFacts | null {
  if (!isRecord(value) || typeof value.camera !== 'string' || !isRecord(value.settings)) return null;
  const s = value.settings;
  const m = isRecord(s.motion) ? s.motion : {};
  const settings: RecordingSettings = {
    mode: s.mode === 'continuous' || s.mode === 'motion' ? s.mode : 'off',
    format: s.format === 'jpeg' ? 'jpeg' : 'h264',
    fps: num(s.fps, 15),
    retentionDays: num(s.retentionDays, 7),
    quotaMb: num(s.quotaMb),
    preRollSeconds: num(s.preRollSeconds, 5),
    postRollSeconds: num(s.postRollSeconds, 10),
    motion: {
      enabled: m.enabled !== false,
      fps: num(m.fps, 5),
      threshold: num(m.threshold, 25),
      minAreaPercent: num(m.minAreaPercent, 1),
      masks: Array.isArray(m.masks) ? m.masks.map(parseMask).filter((x): x is Mask => x !== null) : [],
    },
  };
  const frames = isRecord(value.frames) ? value.frames : {};
  const drops: Record<string, number> = {};
  if (isRecord(value.dropped)) for (const [why, n] of Object.entries(value.dropped)) if (DROP_WORDS[why] && num(n) > 0) drops[why] = num(n);
  const dropped = Object.values(drops).reduce((sum, n) => sum + n, 0);
  return {
    camera: value.camera,
    settings,
    state: STATES.includes(value.state as RecorderState) ? (value.state as RecorderState) : 'off',
    kept: num(frames.kept),
    dropped,
    drops,
    bytes: num(value.bytes),
    error: typeof value.error === 'string' ? value.error : null,
    diskFull: value.diskFull === true,
    preRollShort: parseShort(value.preRoll),
    source: parseSource(value.source),
  };
}

const count = (n: number) => Math.round(n).toLocaleString('en-US');

/** Why frames were dropped, in words (RECORDER_DROPS). The fps cap's skips are not drops and are not shown as such. */
const DROP_WORDS: Record<string, string> = {
  queue_full: 'the disk or encoder fell behind',
  disk_full: 'disk full',
  error: 'while the recorder failed',
  size_change: 'the picture size changed mid-segment',
  start_limit: 'the camera restarted too often',
  uplink: "a break in the camera's H.264, up to its next keyframe",
};

/** `, 3 dropped (2 the disk or encoder fell behind, 1 disk full)`, or nothing. */
function droppedText(s: RecordingFacts): string {
  if (s.dropped <= 0) return '';
  const why = Object.entries(s.drops ?? {}).map(([reason, n]) => `${count(n)} ${DROP_WORDS[reason] ?? reason}`);
  return `, ${count(s.dropped)} dropped${why.length > 0 ? ` (${why.join(', ')})` : ''}`;
}

/** ` · pre-roll cut to 1.2 s: frames too large for the 32 MB cap`, or nothing. */
function shortText(s: RecordingFacts): string {
  const short = s.preRollShort;
  if (!short || s.settings.mode !== 'motion') return '';
  const why = short.cap === 'camera' ? `frames too large for the ${count(short.capMb)} MB cap` : `the ${count(short.capMb)} MB cap over all cameras is full`;
  return ` · pre-roll cut to ${Number(short.seconds.toFixed(1))} s: ${why}`;
}

const SHORT_FIX =
  "Motion's pre-roll lives in memory: lower the camera's resolution or JPEG quality, or raise recording.preRollMb (per camera) or recording.preRollTotalMb (all cameras) in the relay's config.";

/** `1.2 GB`, `340 MB`, `2.5 MB`, `12 KB`: decimal units, as disks are sold; one decimal under 10. */
export function formatBytes(bytes: number): string {
  const units: Array<[number, string]> = [
    [1e9, 'GB'],
    [1e6, 'MB'],
    [1e3, 'KB'],
  ];
  for (const [size, unit] of units) {
    if (bytes < size) continue;
    const n = bytes / size;
    return `${n < 10 ? Number(n.toFixed(1)) : Math.round(n)} ${unit}`;
  }
  return `${bytes} B`;
}

/** What the recorder is doing, in words, and what to do about it when something is wrong. */
export function describeStatus(s: RecordingFacts): { text: string; tone: 'off' | 'ok' | 'wait' | 'bad'; fix: string | null } {
  const kept = `${count(s.kept)} frames kept${droppedText(s)}`;
  switch (s.state) {
    case 'off':
      return { text: 'Not recording (off)', tone: 'off', fix: null };
    case 'recording':
      return { text: `Recording · ${kept}${shortText(s)}`, tone: 'ok', fix: shortText(s) ? SHORT_FIX : null };
    case 'waiting':
      return s.settings.mode === 'motion'
        ? { text: `Watching for motion · ${kept}${shortText(s)}`, tone: shortText(s) ? 'wait' : 'ok', fix: shortText(s) ? SHORT_FIX : null }
        : { text: 'Waiting for the camera', tone: 'wait', fix: null };
    case 'disk-full':
      return {
        text: 'Disk full: recording stopped, live view unaffected',
        tone: 'bad',
        fix: "Free space on the relay's disk, or lower the retention days or quota of some camera; recording resumes by itself.",
      };
    case 'error':
      return {
        text: `Error: ${s.error ?? 'the recorder failed'}`,
        tone: 'bad',
        fix: "The recorder tries again by itself; if this stays, the relay's log says more.",
      };
  }
}

/** The form's values, as typed: numbers are text until they are sent. */
export interface FormValues {
  mode: Mode;
  format: Format;
  fps: string;
  retentionDays: string;
  quotaMb: string;
  preRollSeconds: string;
  postRollSeconds: string;
  motionEnabled: boolean;
  motionFps: string;
  threshold: string;
  minAreaPercent: string;
  masks: Mask[];
}

// A blank or non-numeric field goes as null, so the relay's refusal names it.
const asNumber = (text: string): number | null => (text.trim() === '' || !Number.isFinite(Number(text)) ? null : Number(text));
const sameMasks = (a: Mask[], b: Mask[]) => JSON.stringify(a) === JSON.stringify(b);

/** Only what differs from the current settings: keys left alone keep following the config file. */
export function changeOf(current: RecordingSettings, v: FormValues): Record<string, unknown> {
  const change: Record<string, unknown> = {};
  const motion: Record<string, unknown> = {};
  if (v.mode !== current.mode) change.mode = v.mode;
  if (v.format !== current.format) change.format = v.format;
  for (const key of ['fps', 'retentionDays', 'quotaMb', 'preRollSeconds', 'postRollSeconds'] as const) {
    const n = asNumber(v[key]);
    if (n !== current[key]) change[key] = n;
  }
  if (v.motionEnabled !== current.motion.enabled) motion.enabled = v.motionEnabled;
  const pairs = [
    ['fps', v.motionFps],
    ['threshold', v.threshold],
    ['minAreaPercent', v.minAreaPercent],
  ] as const;
  for (const [key, text] of pairs) {
    const n = asNumber(text);
    if (n !== current.motion[key]) motion[key] = n;
  }
  if (!sameMasks(v.masks, current.motion.masks)) motion.masks = v.masks;
  if (Object.keys(motion).length > 0) change.motion = motion;
  return change;
}

/** Each setting's label in the form, by its path in the API. */
export const LABELS: Record<string, string> = {
  mode: 'Mode',
  format: 'Format',
  fps: 'Frames per second kept',
  retentionDays: 'Keep for (days)',
  quotaMb: 'Most disk (MB)',
  preRollSeconds: 'Seconds before motion',
  postRollSeconds: 'Seconds after motion',
  'motion.enabled': 'Detect motion',
  'motion.fps': 'Detections/s',
  'motion.threshold': 'Threshold',
  'motion.minAreaPercent': 'Min. area (%)',
  'motion.masks': 'Masks',
};

/** The form's field that a refusal names (`body.motion.threshold` → `motion.threshold`), or null. */
export function fieldOf(message: string): string | null {
  const m = /body\.((?:motion\.)?[A-Za-z]+)/.exec(message);
  return m ? m[1]! : null;
}

/** A refusal's words for the line under its field: `… body.fps must be a number from 0.1 to 60.` → `Must be a number from 0.1 to 60.` */
export function fieldMessage(message: string): string {
  const m = /body\.[A-Za-z.[\]0-9]+ (.+?)\.?$/.exec(message);
  return m ? `${m[1]!.charAt(0).toUpperCase()}${m[1]!.slice(1)}.` : message;
}

/** A refusal of a save, with what to do about it. */
export function refusalText(error: { error: string; message: string }, status: number): string {
  if (error.error === 'BAD_RECORDING_SETTINGS') {
    const named = error.message.replace(/body\.((?:motion\.)?[A-Za-z]+)(\[\d+\])?(\.[a-z])?/g, (all, key: string) => (LABELS[key] ? `"${LABELS[key]}"` : all));
    return `${named} Correct the marked field and save again.`;
  }
  if (error.error === 'BAD_ORIGIN') return `${error.message} Open the Live Monitor at the relay's own address and try again.`;
  if (status === 403) return `${error.message} Only an admin may change recording: sign in as one.`;
  if (status === 401) return `${error.message} Your session ended: sign in again.`;
  if (status === 0) return `${error.message} Nothing was saved; try again when the relay answers.`;
  return error.message;
}
