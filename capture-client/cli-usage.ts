/** The capture program's --help: how it was started, and every flag it takes (cli.ts parses them). */
import { CAPTURE_TRANSPORTS } from './transport-picker.js';

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
  --config <file>     run every camera a cameras.json lists, in this one program
                      (env CAMRELAY_CONFIG; no per-camera flags beside it)
  --name <text>       display name (default: the id)                   (env CAMRELAY_NAME)
  --source <name>     ffmpeg | webcam | test-pattern | file | rtsp | mjpeg | snapshot
                      (default: ffmpeg when a camera is found)
  --device <name>     camera name or number (see --list-devices)
  --path <path>       folder of JPEGs, an .mjpeg file or a video file (.mp4, .mkv…),
                      looped, for --source file
  --url <url>         an IP camera: rtsp://user:pass@host/… or http://… (env CAMRELAY_CAMERA_URL,
                      which keeps the password out of the process list); never printed
  --record-url <url>  rtsp: the main stream, recorded by copy (env CAMRELAY_RECORD_URL)
  --rtsp-transport <tcp|udp>  rtsp: how the stream comes (default tcp)
  --record-h265 <encode|copy>  rtsp: an H.265 main stream made H.264 here (default encode)
                      or recorded as H.265 by copy (plays only where the browser decodes HEVC)
  --audio-device <name>  this PC's microphone as the camera's sound, as --list-devices names it
                      (heard and recorded once an admin turns the camera's sound on)
  --audio-format <fmt>  ffmpeg's input for it (default dshow, avfoundation or alsa; e.g. pulse)
  --speaker <device>  play talk-back from the Live Monitor on this PC's speaker: default, or an
                      ALSA name such as plughw:1,0 (Linux only; off unless given)
  --fps <n>           frames per second, 1-60 (default 15); also asked of the camera
  --width <px>        frame width: the camera's mode when it has one that wide, else resized
  --height <px>       frame height, the same way (with --width: the camera's mode WxH)
  --quality <1-100>   re-encode frames at this JPEG quality
  --transport <name>  ${CAPTURE_TRANSPORTS.join(' | ')}   (default auto: Socket.IO, HTTP POST when it
                      cannot connect, WebRTC when the server turns it on; webrtc: also when the
                      server only allows it, with the same fallbacks)
  --detect            detect people, cars and other objects on this PC when the relay asks (while
                      motion lasts), with the NanoDet model (models/nanodet beside the program)
  --exit-on-auth-error  exit with code 3 when the server refuses the token (default: say so,
                      and ask again every 30 s)
  --ffmpeg-path <file>  the ffmpeg program to run instead of the bundled one  (env CAMRELAY_FFMPEG)
  --log <file>        also append everything printed to this file, each line timestamped and
                      the status line every 10 s (for a program started with no console)
  --onvif <url>       rtsp: the camera's ONVIF address, http://host[:port], for PTZ (login from
                      CAMRELAY_ONVIF_USER / CAMRELAY_ONVIF_PASSWORD, else --url's)
  --list-devices      print the cameras ffmpeg can see, then exit; with --onvif: the ONVIF cameras
  --onvif-probe <ip>[,<ip>…]  with --list-devices --onvif: also ask these addresses directly
  --help, --version`;

/** The --help text of the program run from the repository's sources. */
export const CAPTURE_USAGE = captureUsage(null);
