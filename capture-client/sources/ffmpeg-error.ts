/** Turns the last lines ffmpeg wrote on stderr into one CamrelayError that says what to do. */
import { CamrelayError } from '../../shared/errors.js';

export interface FfmpegErrorContext {
  platform: NodeJS.Platform;
  /** The device as the user gave it, for the message. */
  device?: string;
  exitCode?: number | null;
  signal?: NodeJS.Signals | null;
}

const LOG_PREFIX = /^\[[^\]@]+ @ (?:0x)?[0-9a-fA-F]+\] ?/;

// Busy comes first: dshow follows "Could not run graph" with a generic "I/O error" that would read as not-found.
const BUSY = /Device or resource busy|Could not run graph|already in use|EBUSY/i;
const DENIED = /Permission denied|Operation not permitted|not authori[sz]ed|Failed to create AV capture input device/i;
const NOT_FOUND =
  /Could not find (?:video|audio) device|Video device not found|No such file or directory|No such device|Could not enumerate video devices|I\/O error|Input\/output error/i;
// dshow splits "video=NAME" at each ":"; ffmpeg then adds a generic "I/O error" that would read as not-found.
const MALFORMED = /Malformed dshow input string/i;
const BAD_MODE = /Could not set video options|is not supported by the device|Cannot find a proper format/i;

function clean(line: string): string {
  return line.replace(LOG_PREFIX, '').trim();
}

function find(lines: readonly string[], pattern: RegExp): string | undefined {
  const hit = lines.find((l) => pattern.test(l));
  return hit === undefined ? undefined : clean(hit);
}

export type FfmpegFailure = 'malformed' | 'busy' | 'denied' | 'mode' | 'missing' | 'other';

/** What kind of failure ffmpeg's last lines describe; 'mode' and 'other' are worth a try in another capture mode. */
export function ffmpegFailure(stderr: readonly string[] | string): FfmpegFailure {
  const lines = typeof stderr === 'string' ? stderr.split(/\r?\n/) : stderr;
  const kinds: [RegExp, FfmpegFailure][] = [
    [MALFORMED, 'malformed'],
    [BUSY, 'busy'],
    [DENIED, 'denied'],
    [BAD_MODE, 'mode'],
    [NOT_FOUND, 'missing'],
  ];
  return kinds.find(([pattern]) => find(lines, pattern) !== undefined)?.[1] ?? 'other';
}

function privacyHint(platform: NodeJS.Platform): string {
  if (platform === 'win32') return 'in Windows Settings > Privacy & security > Camera, allow camera access and "Let desktop apps access your camera"';
  if (platform === 'darwin') return 'in System Settings > Privacy & Security > Camera, allow the terminal app you run camrelay from';
  return 'add your user to the "video" group (sudo usermod -aG video $USER), then log out and in again';
}

/** Picks the most telling stderr line and maps it to CAMERA_NOT_FOUND, CAMERA_BUSY, CAMERA_DENIED, BAD_CONFIG or SOURCE_FAILED. */
export function parseFfmpegError(stderr: readonly string[] | string, ctx: FfmpegErrorContext): CamrelayError {
  const lines = (typeof stderr === 'string' ? stderr.split(/\r?\n/) : stderr).filter((l) => l.trim() !== '');
  const cam = ctx.device === undefined ? 'the camera' : `camera "${ctx.device}"`;

  if (find(lines, MALFORMED) !== undefined) {
    return new CamrelayError(
      'BAD_CONFIG',
      `ffmpeg cannot open ${cam} by that name: dshow reads ":" as a separator. Use its number (--device 0) or the alternative name that --list-devices shows (the @device_... text).`,
    );
  }
  const busy = find(lines, BUSY);
  if (busy !== undefined) {
    const privacy = ctx.platform === 'win32' ? `; if none is open, the camera may be blocked: ${privacyHint('win32')}` : '';
    return new CamrelayError(
      'CAMERA_BUSY',
      `ffmpeg could not start ${cam} ("${busy}"): close the other app using the camera (a video call, the Camera app, a browser tab)${privacy}.`,
    );
  }
  const denied = find(lines, DENIED);
  if (denied !== undefined) {
    return new CamrelayError('CAMERA_DENIED', `ffmpeg was not allowed to open ${cam} ("${denied}"): ${privacyHint(ctx.platform)}.`);
  }
  const mode = find(lines, BAD_MODE);
  if (mode !== undefined) {
    return new CamrelayError(
      'BAD_CONFIG',
      `${cam} does not offer the size and frame rate asked ("${mode}"): try other --width/--height/--fps values or leave them out.`,
    );
  }
  const missing = find(lines, NOT_FOUND);
  if (missing !== undefined) {
    return new CamrelayError('CAMERA_NOT_FOUND', `ffmpeg found no ${cam} ("${missing}"): run with --list-devices to see the cameras it can open.`);
  }
  const how = ctx.signal ? `was killed by ${ctx.signal}` : `exited with code ${ctx.exitCode ?? 'unknown'}`;
  const said = lines.length > 0 ? `: ${lines.slice(-3).map(clean).join(' | ')}` : ' and printed nothing';
  return new CamrelayError('SOURCE_FAILED', `ffmpeg ${how}${said}`);
}
