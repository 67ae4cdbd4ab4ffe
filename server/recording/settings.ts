/**
 * Recording settings: one JSON value (`recording` in the config file, CAMRELAY_RECORDING, --recording)
 * holding the folder-wide limits, the defaults every camera starts from and each camera's own
 * overrides. Checked once at start; a bad value names its path (`recording.cameras.door.mode`).
 */
import { CAMERA_ID_PATTERN } from '../../shared/protocol.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { FORMATS, MODES, type CameraRecording, type MaskRect, type MotionSettings, type RecordingFormat, type RecordingMode } from '../../shared/recording.js';
import type { Setting, SettingsSection } from '../config/settings.js';
import { checkPublicUrl, checkWebhooks, type WebhookRule } from '../notifications/webhooks/webhook-settings.js';

export { FORMATS, MODES } from '../../shared/recording.js';
export type { CameraRecording, MaskRect, MotionSettings, RecordingFormat, RecordingMode } from '../../shared/recording.js';

/** A change to a camera's settings, or a layer of them: any key, and any key of `motion`. */
export type CameraRecordingChange = Omit<Partial<CameraRecording>, 'motion'> & { motion?: Partial<MotionSettings> };

export interface RecordingConfig {
  /** Where recordings go; relative to the data folder unless absolute. */
  dir: string;
  /** A segment file's length. */
  segmentSeconds: number;
  /** Below this much free disk space the oldest recordings of any camera go first. */
  minFreeMb: number;
  /** Most MB of motion pre-roll held in memory per camera, and over all cameras: the oldest frames go first. */
  preRollMb: number;
  preRollTotalMb: number;
  /** Most MB of frames waiting to be written per camera, and over all cameras: the rest are dropped and counted. */
  queueMb: number;
  queueTotalMb: number;
  /** An export whose reader takes nothing for this long ends, its ffmpeg killed and its slot freed. */
  exportStallSeconds: number;
  defaults: CameraRecording;
  cameras: Record<string, CameraRecordingChange>;
  /** Who hears of motion events (docs/notifications.md). */
  webhooks: WebhookRule[];
  /** The relay's address as webhook receivers reach it: their snapshot URLs are absolute with it, paths without. */
  publicUrl: string | null;
}

export const MOTION_DEFAULTS: MotionSettings = { enabled: true, fps: 2, threshold: 25, minAreaPercent: 1, masks: [] };

export const CAMERA_DEFAULTS: CameraRecording = {
  mode: 'off',
  format: 'h264',
  fps: 15,
  retentionDays: 7,
  quotaMb: 0,
  preRollSeconds: 5,
  postRollSeconds: 10,
  motion: MOTION_DEFAULTS,
};

export const RECORDING_DEFAULTS: RecordingConfig = {
  dir: 'recordings',
  segmentSeconds: 60,
  minFreeMb: 1024,
  // 32 MB holds 5 s at 15 fps of frames up to ~430 KB (a detailed 1080p JPEG is 200-400 KB), so a
  // usual camera never meets it; 256 MB bounds the relay whatever the number of cameras.
  preRollMb: 32,
  preRollTotalMb: 256,
  // The queue takes the whole pre-roll when motion starts: the same caps.
  queueMb: 32,
  queueTotalMb: 256,
  // A reader that reads at all takes a socket's worth of bytes well within 20 s.
  exportStallSeconds: 20,
  defaults: CAMERA_DEFAULTS,
  cameras: {},
  webhooks: [],
  publicUrl: null,
};

/** Bounds of each number: [min, max]. Pre-roll lives in memory, so it is kept short. */
const LIMITS: Record<string, [number, number]> = {
  fps: [0.1, 60],
  retentionDays: [0, 3650],
  quotaMb: [0, 100_000_000],
  preRollSeconds: [0, 30],
  postRollSeconds: [0, 600],
  segmentSeconds: [2, 3600],
  minFreeMb: [0, 100_000_000],
  preRollMb: [1, 4096],
  preRollTotalMb: [1, 65_536],
  queueMb: [1, 4096],
  queueTotalMb: [1, 65_536],
  exportStallSeconds: [1, 3600],
};

/** The folder-wide numbers: set in the config file only, never per camera. */
const FOLDER_NUMBERS = ['segmentSeconds', 'minFreeMb', 'preRollMb', 'preRollTotalMb', 'queueMb', 'queueTotalMb', 'exportStallSeconds'] as const;
type FolderNumber = (typeof FOLDER_NUMBERS)[number];
const isFolderNumber = (key: string): key is FolderNumber => (FOLDER_NUMBERS as readonly string[]).includes(key);

/** Bounds of motion's numbers. */
const MOTION_LIMITS: Record<string, [number, number]> = { fps: [0.2, 15], threshold: [1, 255], minAreaPercent: [0.01, 100] };
const MAX_MASKS = 16;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkNumber(key: string, value: unknown, where: string, limits = LIMITS): string | null {
  const [min, max] = limits[key]!;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) return `${where} must be a number from ${min} to ${max}`;
  return null;
}

function checkMask(raw: unknown, at: string): string | null {
  if (!isObject(raw)) return `${at} must be an object {x, y, w, h}`;
  for (const key of ['x', 'y', 'w', 'h']) {
    const v = raw[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1) return `${at}.${key} must be a fraction from 0 to 1`;
  }
  const extra = Object.keys(raw).find((k) => !['x', 'y', 'w', 'h'].includes(k));
  if (extra) return `${at}.${extra} is not part of a mask (known: x, y, w, h)`;
  const m = raw as unknown as MaskRect;
  if (m.w <= 0 || m.h <= 0 || m.x + m.w > 1.0001 || m.y + m.h > 1.0001) return `${at} must have a size and lie inside the picture`;
  return null;
}

/** Checks motion settings (all keys optional); the error names the bad key. */
export function checkMotion(raw: unknown, where: string): Result<Partial<MotionSettings>, string> {
  if (!isObject(raw)) return fail(`${where} must be an object`);
  for (const [key, value] of Object.entries(raw)) {
    const at = `${where}.${key}`;
    if (key === 'enabled') {
      if (typeof value !== 'boolean') return fail(`${at} must be true or false`);
    } else if (key in MOTION_LIMITS) {
      const problem = checkNumber(key, value, at, MOTION_LIMITS);
      if (problem) return fail(problem);
    } else if (key === 'masks') {
      if (!Array.isArray(value) || value.length > MAX_MASKS) return fail(`${at} must be a list of at most ${MAX_MASKS} rectangles`);
      for (const [i, m] of value.entries()) {
        const problem = checkMask(m, `${at}[${i}]`);
        if (problem) return fail(problem);
      }
    } else {
      return fail(`${at} is not a motion setting (known: ${Object.keys(MOTION_DEFAULTS).join(', ')})`);
    }
  }
  return ok(raw as Partial<MotionSettings>);
}

/** A camera's settings with its motion part merged key by key (a change of `threshold` keeps the masks). */
export function mergeCamera(base: CameraRecording, ...changes: (CameraRecordingChange | undefined)[]): CameraRecording {
  let out = base;
  for (const change of changes) {
    if (!change) continue;
    out = { ...out, ...change, motion: { ...out.motion, ...change.motion } };
  }
  return out;
}

/** Checks a camera's settings (all keys optional); the error is a clause naming the bad key. */
export function checkCameraRecording(raw: unknown, where: string): Result<CameraRecordingChange, string> {
  if (!isObject(raw)) return fail(`${where} must be an object`);
  for (const [key, value] of Object.entries(raw)) {
    const at = `${where}.${key}`;
    if (key === 'mode') {
      if (!MODES.includes(value as RecordingMode)) return fail(`${at} must be one of ${MODES.join(', ')}`);
    } else if (key === 'format') {
      if (!FORMATS.includes(value as RecordingFormat)) return fail(`${at} must be one of ${FORMATS.join(', ')}`);
    } else if (key === 'motion') {
      const checked = checkMotion(value, at);
      if (!checked.ok) return checked;
    } else if (key in LIMITS && !isFolderNumber(key)) {
      const problem = checkNumber(key, value, at);
      if (problem) return fail(problem);
    } else {
      return fail(`${at} is not a recording setting (known: ${Object.keys(CAMERA_DEFAULTS).join(', ')})`);
    }
  }
  return ok(raw as CameraRecordingChange);
}

/** Parses and checks the whole `recording` value (JSON text). */
export function parseRecording(text: string): Result<RecordingConfig, string> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return fail(`it is not JSON (${(err as Error).message})`);
  }
  if (!isObject(raw)) return fail('recording must be a JSON object');
  const config: RecordingConfig = { ...RECORDING_DEFAULTS, cameras: {} };
  for (const [key, value] of Object.entries(raw)) {
    const at = `recording.${key}`;
    if (key === 'dir') {
      if (typeof value !== 'string' || value === '') return fail(`${at} must be a folder name`);
      config.dir = value;
    } else if (isFolderNumber(key)) {
      const problem = checkNumber(key, value, at);
      if (problem) return fail(problem);
      config[key] = value as number;
    } else if (key === 'defaults') {
      const checked = checkCameraRecording(value, at);
      if (!checked.ok) return checked;
      config.defaults = mergeCamera(CAMERA_DEFAULTS, checked.value);
    } else if (key === 'cameras') {
      if (!isObject(value)) return fail(`${at} must be an object of camera ids`);
      for (const [id, cam] of Object.entries(value)) {
        if (!CAMERA_ID_PATTERN.test(id)) return fail(`${at}: "${id}" is not a camera id`);
        const checked = checkCameraRecording(cam, `${at}.${id}`);
        if (!checked.ok) return checked;
        config.cameras[id] = checked.value;
      }
    } else if (key === 'webhooks') {
      const checked = checkWebhooks(value, at);
      if (!checked.ok) return checked;
      config.webhooks = checked.value;
    } else if (key === 'publicUrl') {
      const checked = checkPublicUrl(value, at);
      if (!checked.ok) return checked;
      config.publicUrl = checked.value;
    } else {
      return fail(`${at} is not a recording setting (known: dir, ${FOLDER_NUMBERS.join(', ')}, defaults, cameras, webhooks, publicUrl)`);
    }
  }
  return ok(config);
}

/** The `recording` setting, the one line of recording's settings section. */
export const RECORDING_SETTING: Setting<'recording'> = {
  key: 'recording',
  env: 'CAMRELAY_RECORDING',
  flag: 'recording',
  kind: 'custom',
  parse: parseRecording,
  help: 'recording per camera, JSON: {"segmentSeconds":60,"minFreeMb":1024,"defaults":{...},"cameras":{"door":{"mode":"continuous"}}} (docs/recording.md)',
};

/** Recording's settings section (docs/recording.md): off for every camera unless set. */
export const recordingSettings: SettingsSection<{ recording: RecordingConfig }> = {
  defaults: { recording: RECORDING_DEFAULTS },
  settings: [RECORDING_SETTING],
};
