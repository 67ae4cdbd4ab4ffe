/**
 * Waiting for a camera that cannot run now (in use by another app, unplugged, not plugged in yet,
 * blocked by privacy settings): which failures are worth the wait, how often to try again, and the
 * words for the status line. A USB camera taken by Teams or pulled out is normal on a PC (#26 item 6).
 */
import { CamrelayError } from '../shared/errors.js';
import type { SourceWaitCode } from '../shared/protocol.js';

/**
 * Delays before each next try while the camera fails, then the last one again and again. Capped
 * at 3 s so the stream is back within 5 s of the camera (the bound): at most 3 s until the
 * next try, plus ffmpeg opening the camera (about 1 s with dshow). A faster first try catches a
 * camera that only blinked; an ffmpeg run every 3 s costs the PC next to nothing.
 */
export const RETRY_SCHEDULE_MS: readonly number[] = [500, 1000, 2000, 3000];

/**
 * A refused password is tried again slowly: many IP cameras lock the account (or the address) after
 * a few failed logins, and a password is fixed by a person, not by time.
 */
export const AUTH_RETRY_SCHEDULE_MS: readonly number[] = [3000, 10_000, 30_000, 60_000];

/** The delay before the next try after `failures` failures in a row (1 for the first). */
export function retryDelay(failures: number, code: SourceWaitCode | null = null): number {
  const schedule = code === 'CAMERA_AUTH' ? AUTH_RETRY_SCHEDULE_MS : RETRY_SCHEDULE_MS;
  const i = Math.min(Math.max(failures, 1), schedule.length) - 1;
  return schedule[i]!;
}

/** Failures no wait can fix: a bad setting (exit 2) or a source this machine cannot run (exit 1). */
const FATAL = new Set<string>(['BAD_CONFIG', 'SOURCE_UNAVAILABLE', 'MODULE_MISSING']);

/**
 * What the relay is told the client waits for; null when waiting cannot fix the failure. A camera
 * not found is taken as not plugged in yet: permissions can be granted, apps closed meanwhile too.
 */
export function waitCode(err: unknown): SourceWaitCode | null {
  const code = err instanceof CamrelayError ? err.code : null;
  if (code !== null && FATAL.has(code)) return null;
  if (code === 'CAMERA_BUSY' || code === 'CAMERA_DENIED' || code === 'CAMERA_AUTH' || code === 'CAMERA_UNREACHABLE') return code;
  if (code === 'CAMERA_NOT_FOUND') return 'CAMERA_GONE';
  return 'SOURCE_FAILED';
}

const WHY: Record<SourceWaitCode, string> = {
  CAMERA_BUSY: 'in use by another app (Teams, Zoom?)',
  CAMERA_GONE: 'not found (unplugged?)',
  CAMERA_DENIED: 'blocked by privacy settings',
  CAMERA_AUTH: 'it refused the user name or password',
  CAMERA_UNREACHABLE: 'no answer at its address',
  SOURCE_FAILED: 'it failed',
};

/** `waiting for camera "Integrated Camera": in use by another app (Teams, Zoom?) — retrying every 3 s` */
export function waitingWords(code: SourceWaitCode, device: string | undefined, retryInMs: number): string {
  const camera = device === undefined ? 'the camera' : `camera "${device}"`;
  const every = retryInMs >= (code === 'CAMERA_AUTH' ? AUTH_RETRY_SCHEDULE_MS : RETRY_SCHEDULE_MS).at(-1)! ? 'every' : 'in';
  return `waiting for ${camera}: ${WHY[code]} — retrying ${every} ${Math.round(retryInMs / 100) / 10} s`;
}

/** Runs `retry` after each failure on the schedule above, from its start again once the camera gave a frame. */
export class CameraWait {
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly retry: () => void) {}

  /** One more failure in a row: schedules the next try and returns its delay. */
  failed(code: SourceWaitCode | null = null): number {
    const delay = retryDelay(++this.failures, code);
    clearTimeout(this.timer);
    this.timer = setTimeout(this.retry, delay);
    return delay;
  }

  /** The camera gives frames: the next failure is retried quickly again. */
  ok(): void {
    this.failures = 0;
  }

  cancel(): void {
    clearTimeout(this.timer);
  }
}
