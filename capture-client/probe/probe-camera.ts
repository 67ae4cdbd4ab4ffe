/**
 * `--probe` (#42 item 2): an IP camera's address tried before it is saved. The program's ffmpeg opens the stream,
 * describes it (codec, size, sound) and decodes one picture, which comes back as a small JPEG; a camera that refuses
 * or does not answer is said in the words the running camera would use (rtsp-error.ts). The relay runs it as a
 * child for the Admin's *Test* button, with the address in the environment, never on a command line.
 */
import { spawn } from 'node:child_process';
import { CamrelayError } from '../../shared/errors.js';
import { maskSecrets, resolveCameraUrl } from '../sources/camera-url.js';
import { resolveFfmpegPath } from '../sources/ffmpeg-binary.js';
import { RTSP_GLOBAL_ARGS, RTSP_SOCKET_TIMEOUT_MS } from '../sources/rtsp-args.js';
import { isTimeoutOptionUnknown, rtspError } from '../sources/rtsp-error.js';
import { RtspLog } from '../sources/rtsp-log.js';

/** The picture's width: enough to recognise the scene in a form, small enough to send back at once. */
const PICTURE_WIDTH = 640;
/** A probe that has not got its picture by then is ended: a camera that slow is said to be so. */
export const PROBE_TIMEOUT_MS = 15_000;
const PICTURE_MAX_BYTES = 1024 * 1024;
const AUDIO_STREAM = /Stream #\d+:\d+.*?: Audio: (\w+)/;

export type ProbeAnswer =
  { ok: true; codec: string; width: number; height: number; audio: string | null; jpeg: string } | { ok: false; error: string; message: string };

function probeArgs(url: string, rtsp: boolean, timeoutOption: 'stimeout' | 'timeout'): string[] {
  const input = rtsp ? ['-rtsp_transport', 'tcp', `-${timeoutOption}`, String(RTSP_SOCKET_TIMEOUT_MS * 1000)] : [];
  const picture = [
    '-an',
    '-sn',
    '-dn',
    '-frames:v',
    '1',
    '-vf',
    `scale='min(${PICTURE_WIDTH},iw)':-2`,
    '-c:v',
    'mjpeg',
    '-q:v',
    '5',
    '-f',
    'image2pipe',
    'pipe:1',
  ];
  return [...RTSP_GLOBAL_ARGS, ...input, '-i', url, ...picture];
}

async function runOnce(
  ffmpegPath: string,
  url: string,
  raw: string,
  timeoutOption: 'stimeout' | 'timeout',
): Promise<{ log: RtspLog; audio: string | null; jpeg: Buffer; code: number | null; signal: NodeJS.Signals | null }> {
  const log = new RtspLog((text) => maskSecrets(text, raw, url));
  let audio: string | null = null;
  const child = spawn(ffmpegPath, probeArgs(url, /^rtsps?:/i.test(url), timeoutOption), { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
  const chunks: Buffer[] = [];
  let bytes = 0;
  child.stdout.on('data', (d: Buffer) => {
    bytes += d.length;
    if (bytes <= PICTURE_MAX_BYTES) chunks.push(d);
  });
  let rest = '';
  child.stderr.on('data', (d: Buffer) => {
    const lines = (rest + d.toString('utf8')).split(/\r?\n/);
    rest = (lines.pop() ?? '').slice(-4096);
    for (const line of lines) {
      log.line(line);
      audio ??= AUDIO_STREAM.exec(line)?.[1] ?? null;
    }
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), PROBE_TIMEOUT_MS);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
  clearTimeout(timer);
  if (rest) log.line(rest);
  return { log, audio, jpeg: Buffer.concat(chunks), code, signal };
}

/** Tries the camera at `raw` (rtsp:// or http(s)://, credentials in it): its stream and one picture, or why not. */
export async function probeCamera(raw: string, ffmpegPath?: string): Promise<ProbeAnswer> {
  try {
    const url = await resolveCameraUrl(raw);
    const ffmpeg = resolveFfmpegPath(ffmpegPath);
    let run = await runOnce(ffmpeg, url, raw, 'stimeout');
    if (run.code !== 0 && isTimeoutOptionUnknown(run.log.errors)) run = await runOnce(ffmpeg, url, raw, 'timeout');
    const stream = run.log.stream;
    const isJpeg = run.jpeg.length > 3 && run.jpeg[0] === 0xff && run.jpeg[1] === 0xd8;
    if (run.code === 0 && stream && isJpeg)
      return { ok: true, codec: stream.codec, width: stream.width, height: stream.height, audio: run.audio, jpeg: run.jpeg.toString('base64') };
    if (run.signal === 'SIGKILL' && run.log.errors.length === 0)
      throw new CamrelayError('CAMERA_UNREACHABLE', `The camera gave no picture in ${PROBE_TIMEOUT_MS / 1000} s.`);
    throw rtspError(run.log.errors, { code: run.code, signal: run.signal, started: false });
  } catch (err) {
    const e = err instanceof CamrelayError ? err : new CamrelayError('SOURCE_FAILED', String(err));
    // The running camera's words name its flags; here the address was typed into a form.
    const message = e.message.replace(' in --url or CAMRELAY_CAMERA_URL', ' in the address');
    return { ok: false, error: e.code, message: maskSecrets(message, raw) };
  }
}
