/**
 * The ONVIF flags (#29): `--list-devices --onvif [--onvif-probe <ip>[:port],…]` discovers cameras, and
 * `--onvif <http://host[:port]>` beside `--source rtsp` gives the camera's ONVIF address for PTZ. Credentials come
 * from CAMRELAY_ONVIF_USER / CAMRELAY_ONVIF_PASSWORD, else from the RTSP URL; never from a flag (process lists).
 */
import { isIP } from 'node:net';
import { CamrelayError } from '../../shared/errors.js';
import { bad } from '../setting-checks.js';
import type { OnvifTarget } from '../../common/onvif/onvif-camera.js';

export type { OnvifTarget };

/** Unicast probes beside the multicast one: enough for a site's cameras, bounded. */
export const ONVIF_PROBES_MAX = 64;

export interface OnvifListCommand {
  probes: { host: string; port: number }[];
  user?: string;
  password?: string;
}

/** `--onvif` with no value (discovery) becomes `--onvif=`, so one flag serves both uses. */
export function joinBareOnvif(argv: readonly string[]): string[] {
  return argv.map((arg, i) => (arg === '--onvif' && (argv[i + 1] === undefined || argv[i + 1]!.startsWith('--')) ? '--onvif=' : arg));
}

function credentials(env: NodeJS.ProcessEnv): { user?: string; password?: string } {
  const user = env.CAMRELAY_ONVIF_USER || undefined;
  return user ? { user, password: env.CAMRELAY_ONVIF_PASSWORD ?? '' } : {};
}

/** What --list-devices gets of the ONVIF flags: the listing with --onvif; --onvif-probe anywhere else is refused. */
export function onvifListing(
  values: { onvif?: string; 'onvif-probe'?: string; 'list-devices'?: boolean },
  env: NodeJS.ProcessEnv,
): { onvif?: OnvifListCommand } {
  if (values['onvif-probe'] !== undefined && (!values['list-devices'] || values.onvif === undefined))
    throw new CamrelayError('BAD_CONFIG', '--onvif-probe goes with --list-devices --onvif.');
  return values['list-devices'] && values.onvif !== undefined ? { onvif: onvifListCommand(values['onvif-probe'], env) } : {};
}

/** `--onvif-probe 192.168.1.20,192.168.1.21:3702`: addresses only (ffmpeg and we never resolve names here). */
export function onvifListCommand(probe: string | undefined, env: NodeJS.ProcessEnv): OnvifListCommand {
  const probes = (probe ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (probes.length > ONVIF_PROBES_MAX) throw bad('--onvif-probe', probe!, `give at most ${ONVIF_PROBES_MAX} addresses`);
  return {
    probes: probes.map((p) => {
      const m = /^(\d{1,3}(?:\.\d{1,3}){3})(?::(\d{1,5}))?$/.exec(p);
      if (!m || isIP(m[1]!) !== 4 || Number(m[2] ?? 3702) > 65535)
        throw bad('--onvif-probe', p, 'use IPv4 addresses such as 192.168.1.20, separated by commas');
      return { host: m[1]!, port: Number(m[2] ?? 3702) };
    }),
    ...credentials(env),
  };
}

/** `--onvif <address>` for a running camera: http(s) only, with --source rtsp; credentials from env, else the RTSP URL's. */
export function onvifTarget(value: string, source: string | undefined, rtspUrl: string | undefined, env: NodeJS.ProcessEnv): OnvifTarget {
  if (source !== 'rtsp') throw new CamrelayError('BAD_CONFIG', '--onvif <address> needs --source rtsp (and --list-devices --onvif finds cameras).');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw bad('--onvif', value, "use the camera's ONVIF address, e.g. http://192.168.1.20:80");
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password)
    throw bad(
      '--onvif',
      `${url.protocol}//${url.host}`,
      'use http://host[:port] with no user name or password (CAMRELAY_ONVIF_USER and CAMRELAY_ONVIF_PASSWORD give them)',
    );
  const fromEnv = credentials(env);
  if (fromEnv.user) return { address: url.toString(), ...fromEnv };
  const rtsp = rtspUrl ? new URL(rtspUrl) : null;
  if (!rtsp?.username) return { address: url.toString() };
  return { address: url.toString(), user: decodeURIComponent(rtsp.username), password: decodeURIComponent(rtsp.password) };
}
