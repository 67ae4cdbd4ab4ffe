/** Parses and validates the capture client's flags and environment; a bad value is one clear line. */
import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CamrelayError } from '../shared/errors.js';
import { CAMERA_ID_PATTERN } from '../shared/protocol.js';
import { CAPTURE_TRANSPORTS, type CaptureTransport } from './transport-picker.js';
import { SOURCE_NAMES, type SourceName } from './sources/source.js';

export interface CaptureCommand {
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
}

/** The exit code of --exit-on-auth-error: a service manager can tell a wrong token from a crash (1) or a bad flag (2). */
export const EXIT_AUTH_REFUSED = 3;

export type ParsedCapture = { kind: 'run'; command: CaptureCommand } | { kind: 'help' } | { kind: 'version' } | { kind: 'list-devices'; ffmpegPath?: string };

/**
 * How the user started this program, for its --help: `.\\camrelay-capture.exe` or `./camrelay-capture` (a single
 * executable), `node camrelay-capture.cjs` (the bundle), or null from the repository's sources.
 */
export function programName(bundled: boolean, argv: readonly string[] = process.argv, platform: NodeJS.Platform = process.platform): string | null {
  if (!bundled) return null;
  const base = (file: string) => file.split(/[\\/]/).pop() ?? file;
  const script = argv[1] ?? '';
  if (script.endsWith('.cjs')) return `node ${base(script)}`;
  return platform === 'win32' ? `.\\${base(argv[0] ?? 'camrelay-capture.exe')}` : `./${base(argv[0] ?? 'camrelay-capture')}`;
}

/**
 * The --help text. The one-file program names itself, since the zip holds no npm and no capture.cmd (#26 item 7);
 * from the repository it names the commands that run the sources.
 */
export function captureUsage(program: string | null): string {
  const usage =
    program === null
      ? 'Usage: npm run capture -- --server <url> --camera <id> --token <token> [options]\n  (on Windows also .\\capture.cmd --server …; the one-file program: npm run build:capture)'
      : `Usage: ${program} --server <url> --camera <id> --token <token> [options]`;
  return `${usage}\n${CAPTURE_OPTIONS}`;
}

/** The options part of --help, the same for every way of running the program. */
export const CAPTURE_OPTIONS = `
  --server <url>      relay address, e.g. http://192.168.1.10:3000   (env CAMRELAY_SERVER)
  --camera <id>       camera id: letters, digits, _ and -              (env CAMRELAY_CAMERA)
  --token <token>     capture token printed by the server              (env CAMRELAY_TOKEN)
  --name <text>       display name (default: the id)                   (env CAMRELAY_NAME)
  --source <name>     ffmpeg | webcam | test-pattern | file   (default: ffmpeg when a camera is found)
  --device <name>     camera name or number (see --list-devices)
  --path <path>       folder of JPEGs or an .mjpeg file, for --source file
  --fps <n>           frames per second, 1-60 (default 15); also asked of the camera
  --width <px>        frame width: the camera's mode when it has one that wide, else resized
  --height <px>       frame height, the same way (with --width: the camera's mode WxH)
  --quality <1-100>   re-encode frames at this JPEG quality
  --transport <name>  ${CAPTURE_TRANSPORTS.join(' | ')}   (default auto: Socket.IO, HTTP POST when it
                      cannot connect, WebRTC when the server turns it on; webrtc: also when the
                      server only allows it, with the same fallbacks)
  --exit-on-auth-error  exit with code 3 when the server refuses the token (default: say so,
                      and ask again every 30 s)
  --ffmpeg-path <file>  the ffmpeg program to run instead of the bundled one  (env CAMRELAY_FFMPEG)
  --list-devices      print the cameras ffmpeg can see, then exit
  --help, --version`;

/** The --help text of the program run from the repository's sources. */
export const CAPTURE_USAGE = captureUsage(null);

function bad(setting: string, value: string, why: string): CamrelayError {
  return new CamrelayError('BAD_CONFIG', `${setting}=${JSON.stringify(value)} is not valid: ${why}.`);
}

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

/** Throws CamrelayError('BAD_CONFIG') naming the flag or variable at fault. */
export function parseCaptureArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): ParsedCapture {
  const str = { type: 'string' } as const;
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        server: str,
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
        transport: str,
        'list-devices': { type: 'boolean' },
        'exit-on-auth-error': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
    }));
  } catch (err) {
    throw new CamrelayError('BAD_CONFIG', `${(err as Error).message} (see --help).`);
  }
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const ffmpegPath = ffmpegPathSetting(values['ffmpeg-path'], env);
  if (values['list-devices']) return ffmpegPath ? { kind: 'list-devices', ffmpegPath } : { kind: 'list-devices' };

  const server = values.server ?? env.CAMRELAY_SERVER;
  const cameraId = values.camera ?? env.CAMRELAY_CAMERA;
  const token = values.token ?? env.CAMRELAY_TOKEN;
  if (!server) throw new CamrelayError('BAD_CONFIG', '--server is required (or CAMRELAY_SERVER), e.g. --server http://192.168.1.10:3000.');
  if (!cameraId) throw new CamrelayError('BAD_CONFIG', '--camera is required (or CAMRELAY_CAMERA), e.g. --camera front-door.');
  if (!token) throw new CamrelayError('BAD_CONFIG', '--token is required (or CAMRELAY_TOKEN): the server prints it at start.');
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw bad('--server', server, 'use a URL such as http://192.168.1.10:3000');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw bad('--server', server, 'use http:// or https://');
  if (!CAMERA_ID_PATTERN.test(cameraId)) throw bad('--camera', cameraId, 'use 1-64 letters, digits, _ or -, starting with a letter or digit');
  const source = values.source;
  if (source !== undefined && !(SOURCE_NAMES as readonly string[]).includes(source)) throw bad('--source', source, `use one of ${SOURCE_NAMES.join(', ')}`);
  const transport = values.transport ?? 'auto';
  if (!(CAPTURE_TRANSPORTS as readonly string[]).includes(transport)) throw bad('--transport', transport, `use one of ${CAPTURE_TRANSPORTS.join(', ')}`);
  if (source === 'file' && !values.path && !values.device)
    throw new CamrelayError('BAD_CONFIG', '--source file needs --path <folder of JPEGs or .mjpeg file>.');

  const command: CaptureCommand = {
    server: url.toString().replace(/\/$/, ''),
    cameraId,
    token,
    fps: intIn('--fps', values.fps, 1, 60) ?? 15,
    transport: transport as CaptureTransport,
  };
  const name = values.name ?? env.CAMRELAY_NAME;
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
  return { kind: 'run', command };
}
