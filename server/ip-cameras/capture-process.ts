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
const ENTRY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../capture-client/main.ts');
const LOADER = import.meta.resolve('tsx');
/** The capture program's exit code for a bad setting: starting it again cannot help. */
const EXIT_BAD_CONFIG = 2;
const LAST_LINE_MAX = 300;
const BACKOFF_MS = [1000, 2000, 5000, 10_000, 30_000];
/** A process that ran this long before ending starts its backoff from the beginning. */
const HEALTHY_MS = 60_000;

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

  /** The process's arguments: no secret among them (the process list is readable by every local user). */
  static args(camera: IpCameraInput, server: string): string[] {
    const args = ['--server', server, '--camera', camera.id, '--source', camera.kind, '--fps', String(camera.fps ?? 10)];
    if (camera.name) args.push('--name', camera.name);
    if (camera.rtspTransport) args.push('--rtsp-transport', camera.rtspTransport);
    return args;
  }

  private start(): void {
    const { camera, server, token } = this.opts;
    const env: NodeJS.ProcessEnv = { ...process.env, ...this.opts.env, CAMRELAY_TOKEN: token, CAMRELAY_CAMERA_URL: camera.url };
    delete env.CAMRELAY_RECORD_URL;
    if (camera.recordUrl) env.CAMRELAY_RECORD_URL = camera.recordUrl;
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
    });
    child.once('exit', (code) => this.exited(code));
  }

  private exited(code: number | null): void {
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
    if (!child || child.exitCode !== null || child.signalCode !== null) return void (this.state = 'stopped');
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
