/** Captures a camera with an ffmpeg child process that writes MJPEG to its stdout. */
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { CamrelayError } from '../../shared/errors.js';
import { readJpegSize } from '../../shared/jpeg.js';
import { buildInputArgs, buildOutputArgs, type CapturePlatform, encodeOutputArgs, GLOBAL_ARGS, isCapturePlatform } from './ffmpeg-args.js';
import { resolveFfmpegPath } from './ffmpeg-binary.js';
import { parseFfmpegError } from './ffmpeg-error.js';
import { JpegSplitter } from './jpeg-splitter.js';
import { resolveDevice } from './list-devices.js';
import type { FrameSource, SourceFrame, SourceOptions } from './source.js';

export { listDevices } from './list-devices.js';

export interface FfmpegSourceOptions extends SourceOptions {
  /** Replaces the platform's input arguments (tests use `-re -f lavfi -i testsrc2=...`). */
  inputArgs?: string[];
  /** Replaces the output arguments; defaults to MJPEG encoding when inputArgs is set. */
  outputArgs?: string[];
  platform?: NodeJS.Platform;
  /** How long start() waits for the first frame; default 10 s. */
  startTimeoutMs?: number;
  /** Grace between SIGTERM and SIGKILL on stop; default 2 s. */
  killGraceMs?: number;
  maxFrameSize?: number;
}

const STDERR_LINES = 20;

type Child = ChildProcessByStdio<null, Readable, Readable>;

export class FfmpegSource implements FrameSource {
  readonly name = 'ffmpeg' as const;
  private readonly opts: FfmpegSourceOptions;
  private child: Child | null = null;
  private exited: Promise<void> = Promise.resolve();
  private stopping = false;
  private readonly stderrLines: string[] = [];
  private splitter: JpegSplitter;

  constructor(opts: FfmpegSourceOptions) {
    if (!(opts.fps > 0)) throw new CamrelayError('BAD_CONFIG', `fps must be a positive number, got ${opts.fps}.`);
    this.opts = { startTimeoutMs: 10_000, killGraceMs: 2_000, ...opts };
    this.splitter = new JpegSplitter(opts.maxFrameSize === undefined ? {} : { maxFrameSize: opts.maxFrameSize });
  }

  /** Frames the splitter discarded as broken or oversized. */
  get droppedFrames(): number {
    return this.splitter.dropped;
  }

  /** The running ffmpeg's process id, for diagnostics. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** The ffmpeg arguments start() will use (resolving a Windows device index needs a listing first). */
  async buildArgs(): Promise<string[]> {
    const { inputArgs, outputArgs, fps, width, height } = this.opts;
    if (inputArgs) return [...GLOBAL_ARGS, ...inputArgs, ...(outputArgs ?? encodeOutputArgs(5))];
    const platform = this.platform();
    const device = await resolveDevice(this.opts.device, platform, this.opts.ffmpegPath);
    const input = buildInputArgs({ platform, device, fps, ...(width ? { width } : {}), ...(height ? { height } : {}) });
    return [...GLOBAL_ARGS, ...input, ...(outputArgs ?? buildOutputArgs(platform))];
  }

  /** Resolves at the first frame; a stop() before then resolves it too, as stopping is not a failure. */
  async start(onFrame: (frame: SourceFrame) => void, onError: (err: Error) => void): Promise<void> {
    if (this.child) throw new CamrelayError('SOURCE_FAILED', 'This ffmpeg source is already running.');
    const path = resolveFfmpegPath(this.opts.ffmpegPath, this.opts.platform ?? process.platform);
    const args = await this.buildArgs();
    this.stopping = false;
    this.stderrLines.length = 0;
    this.splitter.reset();

    const child = spawn(path, args, { windowsHide: true, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    let started = false;
    let settle: ((err?: Error) => void) | null = null;
    const ready = new Promise<void>((resolve, reject) => {
      settle = (err) => {
        settle = null;
        clearTimeout(timer);
        if (err) reject(err);
        else resolve();
      };
    });
    const timer = setTimeout(() => {
      const tail = this.stderrLines.length > 0 ? `: ${this.stderrLines.slice(-3).join(' | ')}` : '';
      settle?.(new CamrelayError('SOURCE_FAILED', `ffmpeg gave no frame within ${this.opts.startTimeoutMs} ms${tail}`));
      void this.stop();
    }, this.opts.startTimeoutMs);

    child.stdout.on('data', (chunk: Buffer) => {
      this.splitter.push(chunk, (jpeg) => {
        if (this.stopping) return;
        started = true;
        settle?.();
        const size = readJpegSize(jpeg);
        onFrame(size ? { jpeg, capturedAt: Date.now(), width: size.width, height: size.height } : { jpeg, capturedAt: Date.now() });
      });
    });
    this.collectStderr(child);
    this.exited = new Promise((resolve) => {
      // A failed spawn (no pid) emits 'error' and may never emit 'close'; other errors are followed by 'close'.
      child.on('error', (err) => {
        if (child.pid !== undefined) return;
        if (this.child === child) this.child = null;
        settle?.(new CamrelayError('SOURCE_UNAVAILABLE', `Could not run ffmpeg at "${path}": ${err.message}`));
        resolve();
      });
      child.on('close', (code, signal) => {
        if (this.child === child) this.child = null;
        const platform = this.opts.platform ?? process.platform;
        const err = parseFfmpegError(this.stderrLines, { platform, exitCode: code, signal, ...this.deviceCtx() });
        if (settle) settle(this.stopping ? undefined : err);
        else if (started && !this.stopping) onError(err);
        resolve();
      });
    });
    return ready;
  }

  /** Kills ffmpeg (SIGTERM, then SIGKILL after the grace period) and waits for it to exit. */
  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      // Windows has no signals: kill() is TerminateProcess whatever name is passed.
      child.kill(process.platform === 'win32' ? undefined : 'SIGTERM');
      const force = setTimeout(() => child.kill('SIGKILL'), this.opts.killGraceMs);
      await this.exited;
      clearTimeout(force);
    } else {
      await this.exited;
    }
  }

  private collectStderr(child: Child): void {
    let partial = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      const parts = (partial + text).split(/\r?\n/);
      partial = parts.pop() ?? '';
      for (const line of parts) if (line.trim() !== '') this.keepLine(line);
    });
    child.stderr.on('end', () => {
      if (partial.trim() !== '') this.keepLine(partial);
    });
  }

  private keepLine(line: string): void {
    this.stderrLines.push(line);
    if (this.stderrLines.length > STDERR_LINES) this.stderrLines.shift();
  }

  private platform(): CapturePlatform {
    const p = this.opts.platform ?? process.platform;
    if (!isCapturePlatform(p)) throw new CamrelayError('SOURCE_UNAVAILABLE', `The ffmpeg source supports Windows, Linux and macOS, not ${p}.`);
    return p;
  }

  private deviceCtx(): { device?: string } {
    return this.opts.device === undefined ? {} : { device: this.opts.device };
  }
}
