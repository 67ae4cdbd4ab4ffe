/**
 * One IP camera's capture process, run by the relay: the capture client program itself, as a child
 * (never imported: the server knows no capture client), so a camera that hangs or crashes its
 * ffmpeg costs only its own process. Credentials go by environment, never on the command line, and
 * what it prints is kept masked. It is started again after it ends, with backoff, until stopped.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { maskSecrets } from '../../common/secret-url.js';
import type { IpCameraInput, IpCameraState } from '../../shared/ip-camera.js';

/** The capture program's entry and the loader it runs under, as `npm run capture` runs it. */
export const ENTRY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../capture-client/main.ts');
export const LOADER = import.meta.resolve('tsx');
/** The capture program's exit code for a bad setting: starting it again cannot help. */
const EXIT_BAD_CONFIG = 2;
const LAST_LINE_MAX = 300;
const BACKOFF_MS = [1000, 2000, 5000, 10_000, 30_000];
/** A process that ran this long before ending starts its backoff from the beginning. */
const HEALTHY_MS = 60_000;
/**
 * What of the relay's environment a child gets (names compared upper-cased: Windows spells `Path`,
 * `SystemRoot`). Node, ffmpeg and the tsx loader need these to start and find a temp folder; nothing
 * else crosses, above all not the relay's secrets (CAMRELAY_ADMIN_PASSWORD, CAMRELAY_CAPTURE_TOKEN) nor
 * CAMRELAY_CONFIG, which the capture program would read as its own config file (#37 item 4).
 */
const PASSED_ENV = new Set([
  'PATH',
  'HOME',
  'TMPDIR',
  'TEMP',
  'TMP',
  'LANG',
  'LC_ALL',
  'TZ',
  'NODE_EXTRA_CA_CERTS',
  // Windows: a process without SystemRoot cannot load its DLLs (Winsock among them); the rest are where
  // a program finds its user's folders and the command interpreter.
  'SYSTEMROOT',
  'SYSTEMDRIVE',
  'WINDIR',
  'COMSPEC',
  'PATHEXT',
  'USERPROFILE',
  'APPDATA',
  'LOCALAPPDATA',
  'PROGRAMDATA',
  'PROGRAMFILES',
  // The same program on both sides: an ffmpeg the relay was told to use serves its cameras too.
  'CAMRELAY_FFMPEG',
]);

/** The environment a camera's process starts with: the passed names of `parent`, then its own values. */
export function childEnv(parent: NodeJS.ProcessEnv, own: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(parent)) if (value !== undefined && PASSED_ENV.has(name.toUpperCase())) env[name] = value;
  return { ...env, ...own };
}

export interface CaptureProcessOptions {
  camera: IpCameraInput;
  /** The relay as the child reaches it, e.g. http://127.0.0.1:3000. */
  server: string;
  token: string;
  /** Extra environment (NODE_EXTRA_CA_CERTS for a relay on its own TLS certificate). */
  env?: Record<string, string>;
  /** Every line it prints, masked. */
  onLine?: (line: string) => void;
}

export class CaptureProcess {
  private child: ChildProcess | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopping = false;
  private failures = 0;
  private startedAt = 0;
  state: IpCameraState = 'starting';
  lastLine: string | null = null;
  restarts = 0;

  constructor(private readonly opts: CaptureProcessOptions) {
    this.start();
  }

  /**
   * The process's arguments: no secret among them (the process list is readable by every local user),
   * each value joined to its flag, so a name such as `-Porch` is never read as a flag (#37 item 7).
   */
  static args(camera: IpCameraInput, server: string): string[] {
    const args = [`--server=${server}`, `--camera=${camera.id}`, `--source=${camera.kind}`, `--fps=${camera.fps ?? 10}`];
    if (camera.name) args.push(`--name=${camera.name}`);
    if (camera.rtspTransport) args.push(`--rtsp-transport=${camera.rtspTransport}`);
    return args;
  }

  private start(): void {
    const { camera, server, token } = this.opts;
    const own: Record<string, string> = { ...this.opts.env, CAMRELAY_TOKEN: token, CAMRELAY_CAMERA_URL: camera.url };
    if (camera.recordUrl) own.CAMRELAY_RECORD_URL = camera.recordUrl;
    const env = childEnv(process.env, own);
    const child = spawn(process.execPath, ['--import', LOADER, ENTRY, ...CaptureProcess.args(camera, server)], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    this.child = child;
    this.startedAt = Date.now();
    this.state = 'running';
    const hear = (chunk: Buffer) => {
      // The status line redraws with \r; each redraw is a line here.
      for (const raw of chunk.toString().split(/[\r\n]+/)) {
        const line = maskSecrets(raw.trim(), camera.url, camera.recordUrl).slice(0, LAST_LINE_MAX);
        if (!line) continue;
        this.lastLine = line;
        this.opts.onLine?.(line);
      }
    };
    child.stdout!.on('data', hear);
    child.stderr!.on('data', hear);
    child.once('error', (err) => {
      this.lastLine = `could not start the capture program: ${err.message}`;
      // A spawn that failed may never say 'exit': without this, stop() would wait for it for ever.
      if (child.pid === undefined) this.exited(child, null);
    });
    child.once('exit', (code) => this.exited(child, code));
  }

  private exited(child: ChildProcess, code: number | null): void {
    if (this.child !== child) return;
    this.child = null;
    if (this.stopping) return void (this.state = 'stopped');
    if (code === EXIT_BAD_CONFIG) return void (this.state = 'stopped');
    if (Date.now() - this.startedAt >= HEALTHY_MS) this.failures = 0;
    const delay = BACKOFF_MS[Math.min(this.failures, BACKOFF_MS.length - 1)]!;
    this.failures++;
    this.state = 'restarting';
    this.timer = setTimeout(() => {
      this.timer = null;
      this.restarts++;
      this.start();
    }, delay);
  }

  /** Ends the process (SIGTERM, then SIGKILL after `graceMs`) and starts no other. */
  async stop(graceMs = 3000): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const child = this.child;
    if (!child || child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return void (this.state = 'stopped');
    await new Promise<void>((resolve) => {
      const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill('SIGTERM');
    });
    this.state = 'stopped';
  }
}
