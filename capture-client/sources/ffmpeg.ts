/** Captures a camera with an ffmpeg child process that writes MJPEG to its stdout. */
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { CamrelayError } from '../../shared/errors.js';
import { readJpegSize } from '../../common/codec/jpeg.js';
import { type CapturePlan, choosePlan, fallbackPlans } from './capture-plan.js';
import { parseDshowOptions } from './dshow-options.js';
import {
  buildInputArgs,
  buildListOptionsArgs,
  buildOutputArgs,
  type CapturePlatform,
  defaultPlan,
  encodeOutputArgs,
  encodes,
  GLOBAL_ARGS,
  isCapturePlatform,
} from './ffmpeg-args.js';
import { resolveFfmpegPath } from './ffmpeg-binary.js';
import { CpuSampler } from './ffmpeg-cpu.js';
import { ffmpegFailure, parseFfmpegError } from './ffmpeg-error.js';
import { JpegSplitter } from './jpeg-splitter.js';
import { killableSpawnOptions, stopTree } from './kill-tree.js';
import { resolveDevice, runForStderr } from './list-devices.js';
import type { FrameSource, SourceFrame, SourceOptions } from './source.js';

export { listDevices } from './list-devices.js';

export interface FfmpegSourceOptions extends SourceOptions {
  /** Replaces the platform's input arguments (tests use `-re -f lavfi -i testsrc2=...`). */
  inputArgs?: string[];
  /** Replaces the output arguments; defaults to MJPEG encoding when inputArgs is set. */
  outputArgs?: string[];
  platform?: NodeJS.Platform;
  /** Take whatever the camera gives and encode JPEG in ffmpeg, MJPEG or not (the webcam source on Windows). */
  encode?: boolean;
  /** How long start() waits for the first frame; default 10 s. */
  startTimeoutMs?: number;
  /** Grace between SIGTERM and killing ffmpeg's process tree on stop; default 1.5 s (the program must end within 3 s). */
  killGraceMs?: number;
  maxFrameSize?: number;
}

const STDERR_LINES = 20;

type Child = ChildProcessByStdio<null, Readable, Readable>;

/** One way to run ffmpeg: its arguments, and whether it encodes the JPEGs itself. */
interface Attempt {
  args: string[];
  encodes: boolean;
}

export class FfmpegSource implements FrameSource {
  readonly name = 'ffmpeg' as const;
  private readonly opts: FfmpegSourceOptions;
  private child: Child | null = null;
  private exited: Promise<void> = Promise.resolve();
  private stopping = false;
  private readonly stderrLines: string[] = [];
  private splitter: JpegSplitter;
  private abort: AbortController | null = null;
  private cpu: CpuSampler | null = null;
  private encoding = false;
  /** Errors of an ffmpeg that exited before its first frame: only these are worth a try in another mode (not a timeout). */
  private readonly exitFailures = new WeakSet<Error>();

  constructor(opts: FfmpegSourceOptions) {
    if (!(opts.fps > 0)) throw new CamrelayError('BAD_CONFIG', `fps must be a positive number, got ${opts.fps}.`);
    this.opts = { startTimeoutMs: 10_000, killGraceMs: 1_500, ...opts };
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

  /** The ffmpeg arguments start() tries first (resolving a Windows device index needs a listing first). */
  async buildArgs(signal?: AbortSignal): Promise<string[]> {
    return (await this.attempts(signal))[0]!.args;
  }

  /** While ffmpeg encodes the JPEGs (a camera without MJPEG, or macOS), says so with its CPU share where it can be read. */
  note(): string | null {
    if (!this.encoding || !this.child) return null;
    const cpu = this.cpu?.sample() ?? null;
    return cpu === null ? 're-encoding: yes' : `re-encoding: yes (ffmpeg cpu ${cpu}%)`;
  }

  /**
   * Resolves at the first frame; a stop() before then resolves it too, as stopping is not a failure.
   * When ffmpeg refuses the camera's MJPEG or the asked mode, it tries again encoding what the camera gives.
   */
  async start(onFrame: (frame: SourceFrame) => void, onError: (err: Error) => void): Promise<void> {
    if (this.child || this.abort) throw new CamrelayError('SOURCE_FAILED', 'This ffmpeg source is already running.');
    this.stopping = false;
    const abort = (this.abort = new AbortController());
    try {
      const path = resolveFfmpegPath(this.opts.ffmpegPath, this.opts.platform ?? process.platform);
      const attempts = await this.attempts(abort.signal).catch((err: unknown) => {
        if (abort.signal.aborted) return [];
        throw err;
      });
      for (const [i, attempt] of attempts.entries()) {
        if (this.stopping) return;
        try {
          await this.run(path, attempt.args, onFrame, onError);
          this.encoding = attempt.encodes;
          return;
        } catch (err) {
          const retry = this.exitFailures.has(err as Error) && ['mode', 'other'].includes(ffmpegFailure(this.stderrLines));
          if (!retry || i === attempts.length - 1) throw err;
        }
      }
    } finally {
      if (this.abort === abort) this.abort = null;
    }
  }

  private async attempts(signal?: AbortSignal): Promise<Attempt[]> {
    const { inputArgs, outputArgs, fps, width, height } = this.opts;
    if (inputArgs) return [{ args: [...GLOBAL_ARGS, ...inputArgs, ...(outputArgs ?? encodeOutputArgs(5))], encodes: outputArgs === undefined }];
    const platform = this.platform();
    const device = await resolveDevice(this.opts.device, platform, this.opts.ffmpegPath, signal);
    const wanted = { fps, ...(width ? { width } : {}), ...(height ? { height } : {}) };
    let first: CapturePlan = defaultPlan(wanted);
    if (this.opts.encode) first = { ...first, encode: true };
    else if (platform === 'win32') first = choosePlan(await this.dshowModes(device, signal), wanted);
    return fallbackPlans(first).map((plan) => ({
      args: [...GLOBAL_ARGS, ...buildInputArgs({ platform, device, ...wanted, plan }), ...(outputArgs ?? buildOutputArgs(platform, plan, fps))],
      encodes: outputArgs === undefined && encodes(platform, plan),
    }));
  }

  /** The camera's modes from dshow; none when the listing fails (the MJPEG request, then the fallbacks, find out instead). */
  private async dshowModes(device: string, signal?: AbortSignal) {
    const path = resolveFfmpegPath(this.opts.ffmpegPath, 'win32');
    const stderr = await runForStderr(path, buildListOptionsArgs(device), 10_000, signal).catch((err: unknown) => {
      if (signal?.aborted) throw err;
      return '';
    });
    return parseDshowOptions(stderr);
  }

  /** Runs ffmpeg once with these arguments: resolves at its first frame, rejects with what its stderr says. */
  private run(path: string, args: string[], onFrame: (frame: SourceFrame) => void, onError: (err: Error) => void): Promise<void> {
    this.stderrLines.length = 0;
    this.splitter.reset();

    const child = spawn(path, args, { windowsHide: true, stdio: ['ignore', 'pipe', 'pipe'], ...killableSpawnOptions() });
    this.child = child;
    this.cpu = child.pid === undefined ? null : new CpuSampler(child.pid);
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
      void this.kill();
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
        this.exitFailures.add(err);
        if (settle) settle(this.stopping ? undefined : err);
        else if (started && !this.stopping) onError(err);
        resolve();
      });
    });
    return ready;
  }

  /** Stops ffmpeg (SIGTERM, then its process tree killed after the grace period) and waits for it to exit. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.abort?.abort('stopped');
    await this.kill();
  }

  private async kill(): Promise<void> {
    const child = this.child;
    // Also when ffmpeg itself has exited: until 'close', something it started still holds its stdout.
    if (child) await stopTree(child, this.exited, this.opts.killGraceMs);
    else await this.exited;
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
