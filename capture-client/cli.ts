/** Parses and validates the capture client's flags and environment; a bad value is one clear line. */
import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CamrelayError } from '../shared/errors.js';
import { NAME_REFUSED_TEXT, refusedCharacter } from '../shared/names.js';
import { CAMERA_ID_PATTERN } from '../shared/protocol.js';
import { CAPTURE_TRANSPORTS, type CaptureTransport } from './transport-picker.js';
import { cameraUrls, microphone, probeUrl, type CameraUrls, type Microphone } from './cli-sources.js';
import { bad, serverUrl } from './setting-checks.js';
import { SOURCE_NAMES, type SourceName } from './sources/source.js';
import { speakerFlag } from './talk/speaker.js';
import { joinBareOnvif, onvifListing, onvifTarget, type OnvifListCommand, type OnvifTarget } from './onvif/onvif-flags.js';

export interface CaptureCommand extends CameraUrls, Microphone {
  server: string;
  cameraId: string;
  name?: string;
  token: string;
  fps: number;
  width?: number;
  height?: number;
  quality?: number;
  /** An ffmpeg binary to use instead of the bundled one (--ffmpeg-path, CAMRELAY_FFMPEG). */
  ffmpegPath?: string;
  /** Undefined: ffmpeg when a camera is found, else the test pattern. */
  source?: SourceName;
  device?: string;
  path?: string;
  transport: CaptureTransport;
  /** Exit with EXIT_AUTH_REFUSED when the server refuses the token, instead of asking again every 30 s. */
  exitOnAuthError?: boolean;
  /** rtsp: the camera's ONVIF address and credentials, for PTZ (--onvif); the password is never printed. */
  onvif?: OnvifTarget;
  /** --speaker: this PC's sound output, where talk-back from the Live Monitor plays (#40); off unless given. */
  speaker?: string;
  /** --detect, cameras.json `detect`: detect objects here when the relay asks (#39), with the NanoDet model beside the program. */
  detect?: boolean;
}

/** The exit code of --exit-on-auth-error: a service manager can tell a wrong token from a crash (1) or a bad flag (2). */
export const EXIT_AUTH_REFUSED = 3;

/** --config (or CAMRELAY_CONFIG): the cameras come from a file (config-file.ts), read when the program starts them. */
export interface ConfigCommand {
  file: string;
  /** --server: wins over the file's server; CAMRELAY_SERVER is used only when the file names none. */
  server?: string;
  ffmpegPath?: string;
}

export type ParsedCapture =
  | { kind: 'run'; command: CaptureCommand }
  | { kind: 'config'; config: ConfigCommand }
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'list-devices'; ffmpegPath?: string; onvif?: OnvifListCommand }
  | { kind: 'probe'; url: string; ffmpegPath?: string };

function intIn(setting: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) throw bad(setting, raw, `use a whole number from ${min} to ${max}`);
  return n;
}

/** The flag wins over the variable; a path that is not a file is refused here, before anything starts. */
function ffmpegPathSetting(flag: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  const value = flag ?? (env.CAMRELAY_FFMPEG || undefined);
  if (value === undefined) return undefined;
  const setting = flag === undefined ? 'CAMRELAY_FFMPEG' : '--ffmpeg-path';
  let isFile: boolean;
  try {
    isFile = statSync(value).isFile();
  } catch {
    throw bad(setting, value, 'there is no such file; give the full path of ffmpeg (ffmpeg.exe on Windows)');
  }
  if (!isFile) throw bad(setting, value, 'it is a folder; give the full path of the ffmpeg program inside it');
  return value;
}

/**
 * `--token -XYZ` as `--token=-XYZ`: a base64url secret starts with '-' once in 64 (the relay no longer
 * issues such secrets, but older ones exist), and the user pastes the line the relay showed them.
 */
function joinDashedToken(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const next = argv[i + 1];
    if (argv[i] === '--token' && next !== undefined && next.startsWith('-') && !next.startsWith('--')) {
      out.push(`--token=${next}`);
      i++;
    } else out.push(argv[i]!);
  }
  return out;
}

const str = { type: 'string' } as const;
const OPTIONS = {
  server: str,
  config: str,
  camera: str,
  name: str,
  token: str,
  fps: str,
  width: str,
  height: str,
  quality: str,
  'ffmpeg-path': str,
  source: str,
  device: str,
  path: str,
  url: str,
  'record-url': str,
  'rtsp-transport': str,
  'record-h265': str,
  'audio-device': str,
  'audio-format': str,
  speaker: str,
  onvif: str,
  'onvif-probe': str,
  transport: str,
  // Read before parsing (log-file.ts logFlag), so even a bad flag is logged; listed here to be accepted.
  log: str,
  'list-devices': { type: 'boolean' },
  probe: { type: 'boolean' },
  'exit-on-auth-error': { type: 'boolean' },
  detect: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

/** Flags for the whole program; every other flag sets one camera, and beside --config would be ambiguous (which camera?). */
const PROGRAM_FLAGS = new Set(['server', 'config', 'ffmpeg-path', 'log', 'list-devices', 'onvif-probe', 'probe', 'help', 'version']);
const CAMERA_FLAGS = Object.keys(OPTIONS).filter((flag) => !PROGRAM_FLAGS.has(flag));

function configCommand(values: Partial<Record<string, string | boolean>>, env: NodeJS.ProcessEnv, ffmpegPath: string | undefined): ConfigCommand | null {
  const file = (values.config as string | undefined) ?? (env.CAMRELAY_CONFIG || undefined);
  if (file === undefined) return null;
  const setting = values.config === undefined ? 'CAMRELAY_CONFIG' : '--config';
  const clash = CAMERA_FLAGS.find((flag) => values[flag] !== undefined);
  if (clash)
    throw new CamrelayError(
      'BAD_CONFIG',
      `${setting} and --${clash} do not go together: set each camera in the file, or drop ${setting} to run one camera from flags.`,
    );
  const config: ConfigCommand = { file };
  if (typeof values.server === 'string') config.server = serverUrl('--server', values.server);
  if (ffmpegPath) config.ffmpegPath = ffmpegPath;
  return config;
}

/** Throws CamrelayError('BAD_CONFIG') naming the flag or variable at fault. */
export function parseCaptureArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): ParsedCapture {
  let values;
  try {
    ({ values } = parseArgs({
      args: joinBareOnvif(joinDashedToken(argv)),
      strict: true,
      options: OPTIONS,
    }));
  } catch (err) {
    throw new CamrelayError('BAD_CONFIG', `${(err as Error).message} (see --help).`);
  }
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const ffmpegPath = ffmpegPathSetting(values['ffmpeg-path'], env);
  const listing = onvifListing(values, env);
  if (values['list-devices']) return { kind: 'list-devices', ...(ffmpegPath ? { ffmpegPath } : {}), ...listing };
  if (values.probe) return { kind: 'probe', url: probeUrl(values.url ?? env.CAMRELAY_CAMERA_URL), ...(ffmpegPath ? { ffmpegPath } : {}) };
  const config = configCommand(values, env, ffmpegPath);
  if (config) return { kind: 'config', config };

  const server = values.server ?? env.CAMRELAY_SERVER;
  const cameraId = values.camera ?? env.CAMRELAY_CAMERA;
  const token = values.token ?? env.CAMRELAY_TOKEN;
  if (!server) throw new CamrelayError('BAD_CONFIG', '--server is required (or CAMRELAY_SERVER), e.g. --server http://192.168.1.10:3000.');
  if (!cameraId) throw new CamrelayError('BAD_CONFIG', '--camera is required (or CAMRELAY_CAMERA), e.g. --camera front-door.');
  if (!token) throw new CamrelayError('BAD_CONFIG', '--token is required (or CAMRELAY_TOKEN): the server prints it at start.');
  const url = serverUrl('--server', server);
  if (!CAMERA_ID_PATTERN.test(cameraId)) throw bad('--camera', cameraId, 'use 1-64 letters, digits, _ or -, starting with a letter or digit');
  const source = values.source;
  if (source !== undefined && !(SOURCE_NAMES as readonly string[]).includes(source)) throw bad('--source', source, `use one of ${SOURCE_NAMES.join(', ')}`);
  const transport = values.transport ?? 'auto';
  if (!(CAPTURE_TRANSPORTS as readonly string[]).includes(transport)) throw bad('--transport', transport, `use one of ${CAPTURE_TRANSPORTS.join(', ')}`);
  if (source === 'file' && !values.path && !values.device)
    throw new CamrelayError('BAD_CONFIG', '--source file needs --path <folder of JPEGs, .mjpeg file or video file>.');
  const camera = cameraUrls(source as SourceName | undefined, values, env);

  const command: CaptureCommand = {
    server: url,
    cameraId,
    token,
    fps: intIn('--fps', values.fps, 1, 60) ?? 15,
    transport: transport as CaptureTransport,
  };
  const name = values.name ?? env.CAMRELAY_NAME;
  // The relay refuses such a name with BAD_NAME (shared/names.ts): said at start, without echoing the character.
  const refused = name ? refusedCharacter(name) : null;
  if (refused) throw new CamrelayError('BAD_CONFIG', `--name holds ${refused}: a name may not hold ${NAME_REFUSED_TEXT}.`);
  if (name) command.name = name.slice(0, 100);
  const width = intIn('--width', values.width, 16, 4096);
  if (width) command.width = width;
  const height = intIn('--height', values.height, 16, 4096);
  if (height) command.height = height;
  if (ffmpegPath) command.ffmpegPath = ffmpegPath;
  const quality = intIn('--quality', values.quality, 1, 100);
  if (quality) command.quality = quality;
  if (source) command.source = source as SourceName;
  if (values.device) command.device = values.device;
  const path = values.path ?? (source === 'file' ? values.device : undefined);
  if (path) command.path = path;
  if (values['exit-on-auth-error']) command.exitOnAuthError = true;
  if (values.detect) command.detect = true;
  Object.assign(command, microphone(source as SourceName | undefined, values));
  if (values.speaker !== undefined) command.speaker = speakerFlag(source as SourceName | undefined, values.speaker);
  Object.assign(command, camera);
  if (values.onvif !== undefined) command.onvif = onvifTarget(values.onvif, source, command.url, env);
  return { kind: 'run', command };
}
