/** Checks shared by the flags (cli.ts) and cameras.json (config-file.ts), so both take the same values. */
import { CamrelayError } from '../shared/errors.js';
import type { SourceName } from './sources/source.js';

/** `--fps="x" is not valid: use …`: the setting, the value given and what to give instead. */
export function bad(setting: string, value: string, why: string): CamrelayError {
  return new CamrelayError('BAD_CONFIG', `${setting}=${JSON.stringify(value)} is not valid: ${why}.`);
}

/** The schemes each URL source takes, also for cameras.json (config-file.ts). */
export const URL_SCHEMES: Partial<Record<SourceName, readonly string[]>> = {
  rtsp: ['rtsp:', 'rtsps:'],
  mjpeg: ['http:', 'https:'],
  snapshot: ['http:', 'https:'],
};

/** The relay's address as the program sends to it (no trailing /); `setting` names where it came from. */
export function serverUrl(setting: string, server: string): string {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw bad(setting, server, 'use a URL such as http://192.168.1.10:3000');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw bad(setting, server, 'use http:// or https://');
  return url.toString().replace(/\/$/, '');
}
