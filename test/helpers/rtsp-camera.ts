/**
 * A real IP camera for the tests (#29): GStreamer's RTSP server from Debian's packages, run by
 * test/fixtures/ipcam/rtsp-camera.py, with /main (1280×720) and /sub (640×360) H.264 streams, /main-aac (/main with
 * AAC-LC 48 kHz stereo), /main265 (1280×720 H.265) and /main-pcmu (/main with G.711 u-law audio).
 * `.ci/run` installs python3-gi, gir1.2-gst-rtsp-server-1.0, x264enc's plugins and voaacenc's and x265enc's when missing.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from './processes.js';
import { waitFor } from './wait.js';

/** Debian's python3, where python3-gi lives (a pyenv python on PATH does not have it). */
const PYTHON = '/usr/bin/python3';
const SCRIPT = path.resolve(import.meta.dirname, '../fixtures/ipcam/rtsp-camera.py');

export interface RtspCameraOptions {
  user?: string;
  password?: string;
  fps?: number;
  /** Frames between keyframes; default 2 s worth. */
  gop?: number;
  port?: number;
  /** An ONVIF server with /talk: /main-pcmu plus an audio back channel (G.711 u-law) whose sound it reports. */
  backchannel?: boolean;
}

export type RtspCameraStream = 'main' | 'sub' | 'main-aac' | 'main265' | 'main-pcmu' | 'talk';

export interface RtspCamera {
  port: number;
  /** `rtsp://user:password@127.0.0.1:port/<stream>` with the password percent-encoded, or without credentials. */
  url(stream: RtspCameraStream, credentials?: { user: string; password: string } | null): string;
  /** Stops the server (SIGKILL: a camera losing power); start() brings it back on the same port. */
  stop(): Promise<void>;
  /** True while the server runs (false after stop(), or when it died by itself: its output then says how). */
  running(): boolean;
  start(): Promise<void>;
  output(): string;
}

/** True when this machine can run the test camera (Debian's GStreamer RTSP server and x264enc). */
export function rtspCameraAvailable(): boolean {
  const probe = spawnSync(PYTHON, ['-c', "import gi; gi.require_version('GstRtspServer','1.0'); from gi.repository import GstRtspServer"], { stdio: 'ignore' });
  return probe.status === 0;
}

/** True when the test camera can also serve /main-aac and /main265 (voaacenc and x265enc, GStreamer's plugins-bad). */
export function rtspCameraAvMounts(): boolean {
  const has = (element: string) => spawnSync('gst-inspect-1.0', [element], { stdio: 'ignore' }).status === 0;
  return rtspCameraAvailable() && has('voaacenc') && has('x265enc');
}

export async function startRtspCamera(opts: RtspCameraOptions = {}): Promise<RtspCamera> {
  const port = opts.port ?? (await freePort());
  const fps = opts.fps ?? 15;
  let child: ChildProcess | null = null;
  let out = '';
  const args = ['--port', String(port), '--fps', String(fps), '--gop', String(opts.gop ?? fps * 2)];
  if (opts.user) args.push('--user', opts.user, '--password', opts.password ?? '');
  if (opts.backchannel) args.push('--backchannel');
  const start = async (): Promise<void> => {
    const c = spawn(PYTHON, ['-X', 'faulthandler', SCRIPT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = c;
    let exited = false;
    // 'close', not 'exit': its output is read to the end by then.
    c.on('close', (code, signal) => {
      exited = true;
      // Said in its output, which failures print: a camera that died mid-test must not look like one that never answered.
      if (child !== c) return;
      out += `\nTEST CAMERA EXITED code=${code} signal=${signal} at ${new Date().toISOString()}\n`;
      // Also said at once, whether or not the test then fails: twice in CI (stops 50 and 52) the camera died under
      // load with several readers, and nothing said how. Python's faulthandler (-X) prints its stack on a fatal signal.
      process.stderr.write(`rtsp-camera: the test camera on port ${port} died by itself (code ${code}, signal ${signal}); it said: ${out.slice(-2000)}\n`);
    });
    c.stdout!.on('data', (d) => (out += d));
    c.stderr!.on('data', (d) => (out += d));
    await waitFor(
      () => {
        if (exited) throw new Error(`the RTSP test camera exited: ${out}`);
        return out.includes(`READY ${port}`);
      },
      'the RTSP test camera to listen',
      15_000,
      50,
    );
  };
  const stop = async (): Promise<void> => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGKILL');
    });
  };
  await start();
  return {
    port,
    url(stream, credentials = opts.user ? { user: opts.user, password: opts.password ?? '' } : null) {
      const auth = credentials ? `${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@` : '';
      return `rtsp://${auth}127.0.0.1:${port}/${stream}`;
    },
    stop,
    start,
    running: () => child !== null && child.exitCode === null && child.signalCode === null,
    output: () => out,
  };
}
