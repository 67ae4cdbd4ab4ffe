/**
 * Pan, tilt and zoom (#29): a viewer's command goes to the relay on `/monitor` (`ptz`), the relay
 * checks who asks and passes it to the capture connection that holds the camera (`ptz` on
 * `/capture`), which moves the camera (ONVIF) and answers. A capture client says what its camera
 * can do with `ptz-caps`; the relay shows it on `CameraInfo.ptz`.
 */
import { CamrelayError } from './errors.js';
import type { Result } from './result.js';

/** Speeds from -1 to 1 (0: hold that axis); a move lasts until `stop`, or at most PTZ_MOVE_MAX_MS. */
export type PtzCommand = { op: 'move'; pan: number; tilt: number; zoom: number } | { op: 'stop' } | { op: 'preset'; preset: string };

export interface PtzPreset {
  /** The camera's own preset token (ONVIF PresetToken). */
  token: string;
  name: string;
}

/** What a camera can do, as its capture client says (`ptz-caps`); absent: it cannot move. */
export interface PtzCaps {
  pan: boolean;
  tilt: boolean;
  zoom: boolean;
  presets: PtzPreset[];
}

export type PtzReply = { ok: true } | { ok: false; error: string; message: string };

/** A move the capture side stops by itself if no `stop` comes (a viewer whose page closed mid-press). */
export const PTZ_MOVE_MAX_MS = 5000;
/** Per camera, the most commands the relay passes on per second; more are refused (PTZ_TOO_FAST). */
export const PTZ_COMMANDS_PER_SECOND = 10;
export const PTZ_PRESETS_MAX = 64;
const TOKEN_MAX = 64;
const NAME_MAX = 100;

const speed = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= -1 && v <= 1;

/** A viewer's (or the relay's) command, checked before it is passed on; BAD_PTZ otherwise. */
export function validatePtzCommand(value: unknown): Result<PtzCommand> {
  const bad = (why: string) => ({ ok: false as const, error: new CamrelayError('BAD_PTZ', why) });
  if (typeof value !== 'object' || value === null) return bad('A PTZ command is an object with op "move", "stop" or "preset".');
  const v = value as Record<string, unknown>;
  if (v.op === 'stop') return { ok: true, value: { op: 'stop' } };
  if (v.op === 'move') {
    if (!speed(v.pan) || !speed(v.tilt) || !speed(v.zoom)) return bad('A move gives pan, tilt and zoom, each a number from -1 to 1.');
    return { ok: true, value: { op: 'move', pan: v.pan, tilt: v.tilt, zoom: v.zoom } };
  }
  if (v.op === 'preset') {
    if (typeof v.preset !== 'string' || v.preset.length === 0 || v.preset.length > TOKEN_MAX)
      return bad(`A preset is named by its token, 1 to ${TOKEN_MAX} characters.`);
    return { ok: true, value: { op: 'preset', preset: v.preset } };
  }
  return bad('op must be "move", "stop" or "preset".');
}

/** A capture client's `ptz-caps`, bounded and copied field by field; null when it is not one. */
export function validatePtzCaps(value: unknown): PtzCaps | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.pan !== 'boolean' || typeof v.tilt !== 'boolean' || typeof v.zoom !== 'boolean' || !Array.isArray(v.presets)) return null;
  const presets: PtzPreset[] = [];
  for (const p of v.presets.slice(0, PTZ_PRESETS_MAX) as unknown[]) {
    const { token, name } = (p ?? {}) as Record<string, unknown>;
    if (typeof token !== 'string' || token.length === 0 || token.length > TOKEN_MAX) continue;
    presets.push({ token, name: typeof name === 'string' && name ? name.slice(0, NAME_MAX) : token });
  }
  return { pan: v.pan, tilt: v.tilt, zoom: v.zoom, presets };
}
