/**
 * cameras.json (--config): a site's cameras for one capture process. The whole file is checked before any camera
 * starts, and a fault is one line naming the camera and the field (exit 2), never echoing a secret.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { z } from 'zod';
import { cameraUrlProblem } from '../shared/camera-url.js';
import { CamrelayError } from '../shared/errors.js';
import { NAME_REFUSED_TEXT, refusedCharacter } from '../shared/names.js';
import { CAMERA_ID_PATTERN } from '../shared/protocol.js';
import type { CaptureCommand, ConfigCommand } from './cli.js';
import { onvifTarget } from './onvif/onvif-flags.js';
import { serverUrl, URL_SCHEMES } from './setting-checks.js';
import { SOURCE_NAMES, URL_SOURCES } from './sources/source.js';
import { CAPTURE_TRANSPORTS } from './transport-picker.js';

/** One process, one uplink per camera: 64 is far past any home or small site, and bounds the work a typo can start. */
export const CONFIG_CAMERAS_MAX = 64;
/** 64 cameras with long URLs fit in a few KiB; the cap keeps a wrong file (a video, say) from being read whole. */
export const CONFIG_FILE_BYTES_MAX = 256 * 1024;

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'use the name of an environment variable (letters, digits and _)');
const text = (max: number) => z.string().min(1).max(max);

const cameraSchema = z.strictObject({
  id: z.string().regex(CAMERA_ID_PATTERN, 'use 1-64 letters, digits, _ or -, starting with a letter or digit'),
  name: text(100)
    .refine((n) => refusedCharacter(n) === null, `a name may not hold ${NAME_REFUSED_TEXT}`)
    .optional(),
  token: text(512).optional(),
  tokenEnv: envName.optional(),
  source: z.enum(SOURCE_NAMES).optional(),
  device: text(512).optional(),
  path: text(4096).optional(),
  url: text(2048).optional(),
  urlEnv: envName.optional(),
  recordUrl: text(2048).optional(),
  recordUrlEnv: envName.optional(),
  rtspTransport: z.enum(['tcp', 'udp']).optional(),
  recordH265: z.enum(['copy', 'encode']).optional(),
  // The ONVIF address for PTZ, as --onvif gives it; the credentials only through variables, as tokenEnv does.
  onvif: z.strictObject({ address: text(2048), userEnv: envName.optional(), passwordEnv: envName.optional() }).optional(),
  fps: z.int().min(1).max(60).optional(),
  width: z.int().min(16).max(4096).optional(),
  height: z.int().min(16).max(4096).optional(),
  quality: z.int().min(1).max(100).optional(),
  transport: z.enum(CAPTURE_TRANSPORTS as [string, ...string[]]).optional(),
  // --detect's equivalent (#39): this camera's frames are detected here when the relay asks.
  detect: z.boolean().optional(),
});

const fileSchema = z.strictObject({
  server: text(2048).optional(),
  cameras: z.array(z.unknown()).min(1, 'list at least one camera').max(CONFIG_CAMERAS_MAX, `list at most ${CONFIG_CAMERAS_MAX} cameras`),
});

type CameraEntry = z.infer<typeof cameraSchema>;

function badConfig(where: string, why: string): CamrelayError {
  return new CamrelayError('BAD_CONFIG', `${where}: ${why}.`);
}

/** `cameras[2].url` from zod's path. */
function placeOf(path: readonly PropertyKey[]): string {
  const [first, ...rest] = path;
  return rest.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : `${s}.${String(k)}`), String(first ?? '(file)'));
}

/** The first fault, as `cameras[2].fps (camera "porch"): …`: the index to find it, the id to know it. */
function firstIssue(err: z.ZodError, prefix: readonly PropertyKey[], label: string): CamrelayError {
  const issue = err.issues[0]!;
  const more = err.issues.length > 1 ? ` (and ${err.issues.length - 1} more)` : '';
  return badConfig(`${placeOf([...prefix, ...issue.path])}${label}`, `${issue.message}${more}`);
}

/** Where a camera's fault is: `cameras[2].url (camera "porch")`. */
type At = (field?: string) => string;

/** The file's bytes, refused past the cap without reading the rest. */
function readCapped(file: string): string {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    throw badConfig(file, `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); give the path of your cameras.json`);
  }
  try {
    const buf = Buffer.alloc(CONFIG_FILE_BYTES_MAX + 1);
    let used = 0;
    for (let n = 1; n > 0 && used < buf.length; used += n) n = readSync(fd, buf, used, buf.length - used, null);
    if (used > CONFIG_FILE_BYTES_MAX) throw badConfig(file, `is over ${CONFIG_FILE_BYTES_MAX / 1024} KiB, too big for a cameras.json`);
    return buf.subarray(0, used).toString('utf8');
  } catch (err) {
    if (err instanceof CamrelayError) throw err;
    throw badConfig(file, `cannot be read (${(err as Error).message})`);
  } finally {
    closeSync(fd);
  }
}

/** A value given in the file or through the variable it names, not both; the variable keeps a secret out of the file. */
function fromEnv(at: At, field: string, value: string | undefined, variable: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  if (value !== undefined && variable !== undefined) throw badConfig(at(field), `give ${field} or ${field}Env, not both`);
  if (variable === undefined) return value;
  const found = env[variable];
  if (!found) throw badConfig(at(`${field}Env`), `the environment variable ${variable} is not set`);
  return found;
}

/** A URL of the camera's source: the message names the scheme wanted, never the URL (it may hold a password). */
function checkUrl(place: string, value: string, schemes: readonly string[]): string {
  const problem = cameraUrlProblem(value, schemes);
  if (problem) throw badConfig(place, `the camera's address ${problem}`);
  return value;
}

/** The camera's ONVIF entry as --onvif's target: user and password from the variables named, else the RTSP URL's. */
function onvifOf(onvif: NonNullable<CameraEntry['onvif']>, at: At, url: string | undefined, env: NodeJS.ProcessEnv): CaptureCommand['onvif'] {
  if ((onvif.userEnv === undefined) !== (onvif.passwordEnv === undefined))
    throw badConfig(at('onvif'), "give both userEnv and passwordEnv, or neither (the RTSP URL's user is used then)");
  const fromVars: NodeJS.ProcessEnv = {};
  if (onvif.userEnv !== undefined) {
    for (const name of [onvif.userEnv, onvif.passwordEnv!])
      if (env[name] === undefined) throw badConfig(at('onvif'), `the environment variable ${name} is not set`);
    fromVars.CAMRELAY_ONVIF_USER = env[onvif.userEnv];
    fromVars.CAMRELAY_ONVIF_PASSWORD = env[onvif.passwordEnv!];
  }
  try {
    return onvifTarget(onvif.address, 'rtsp', url, fromVars);
  } catch (err) {
    // onvifTarget's words name the flag; here the place is the file's field, and the address is not echoed.
    if (err instanceof CamrelayError)
      throw badConfig(at('onvif.address'), "use the camera's ONVIF address as http://host[:port], with no user name or password");
    throw err;
  }
}

function toCommand(entry: CameraEntry, at: At, server: string, config: ConfigCommand, env: NodeJS.ProcessEnv): CaptureCommand {
  const token = fromEnv(at, 'token', entry.token, entry.tokenEnv, env);
  if (!token) throw badConfig(at(), 'give token (the capture token the relay printed) or tokenEnv (a variable holding it)');
  const command: CaptureCommand = {
    server,
    cameraId: entry.id,
    token,
    fps: entry.fps ?? 15,
    transport: (entry.transport ?? 'auto') as CaptureCommand['transport'],
  };
  const url = fromEnv(at, 'url', entry.url, entry.urlEnv, env);
  const recordUrl = fromEnv(at, 'recordUrl', entry.recordUrl, entry.recordUrlEnv, env);
  const schemes = entry.source === undefined ? undefined : URL_SCHEMES[entry.source];
  if (schemes) {
    if (!url) throw badConfig(at(), `source ${entry.source} needs url (or urlEnv, which keeps the password out of the file)`);
    command.url = checkUrl(at('url'), url, schemes);
    if (recordUrl) command.recordUrl = checkUrl(at('recordUrl'), recordUrl, schemes);
  } else if (url || recordUrl || entry.rtspTransport) throw badConfig(at(), `url, recordUrl and rtspTransport need source ${URL_SOURCES.join(', ')}`);
  if (entry.source !== 'rtsp' && (recordUrl || entry.rtspTransport || entry.recordH265 || entry.onvif))
    throw badConfig(at(), 'recordUrl, rtspTransport, recordH265 and onvif need source rtsp');
  if (entry.source === 'file' && !entry.path) throw badConfig(at('path'), 'source file needs a path: a folder of JPEGs, an .mjpeg file or a video file');
  const optional = { name: entry.name, source: entry.source, device: entry.device, path: entry.path, width: entry.width, height: entry.height };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) Object.assign(command, { [key]: value });
  if (entry.quality !== undefined) command.quality = entry.quality;
  if (entry.rtspTransport) command.rtspTransport = entry.rtspTransport;
  if (entry.recordH265) command.recordH265 = entry.recordH265;
  if (entry.onvif) command.onvif = onvifOf(entry.onvif, at, url, env);
  if (entry.detect) command.detect = true;
  if (config.ffmpegPath) command.ffmpegPath = config.ffmpegPath;
  return command;
}

/** Checks a parsed cameras.json into one command per camera; throws BAD_CONFIG naming the first fault. */
export function cameraCommands(raw: unknown, config: ConfigCommand, env: NodeJS.ProcessEnv = process.env): CaptureCommand[] {
  // The length is checked before any camera is looked at: every array a user sends is bounded first.
  const top = fileSchema.safeParse(raw);
  if (!top.success) throw firstIssue(top.error, [], '');
  const rawServer = config.server ?? top.data.server ?? (env.CAMRELAY_SERVER || undefined);
  if (!rawServer) throw badConfig('server', 'give the relay address once in the file ("server": "http://192.168.1.10:3000"), or --server');
  const server = config.server ?? serverUrl(top.data.server ? 'server' : 'CAMRELAY_SERVER', rawServer);
  const seen = new Map<string, number>();
  return top.data.cameras.map((item, i) => {
    const id = typeof (item as { id?: unknown })?.id === 'string' ? (item as { id: string }).id.slice(0, 64) : null;
    const label = id === null ? '' : ` (camera "${id}")`;
    const parsed = cameraSchema.safeParse(item);
    if (!parsed.success) throw firstIssue(parsed.error, ['cameras', i], label);
    const before = seen.get(parsed.data.id);
    if (before !== undefined) throw badConfig(`cameras[${i}].id`, `"${parsed.data.id}" is already the id of cameras[${before}]; each camera needs its own id`);
    seen.set(parsed.data.id, i);
    return toCommand(parsed.data, (field) => `cameras[${i}]${field ? `.${field}` : ''}${label}`, server, config, env);
  });
}

/** Reads and checks the file --config names. */
export function loadConfigFile(config: ConfigCommand, env: NodeJS.ProcessEnv = process.env): CaptureCommand[] {
  const text = readCapped(config.file);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    // Not the parser's own words: they quote the text around the fault, which may be a password.
    throw badConfig(config.file, 'is not JSON: check its quotes, commas and brackets (a JSON checker shows where)');
  }
  return cameraCommands(raw, config, env);
}
