/**
 * An IP camera's RTSP stream (the sub stream, #29), decoded by ffmpeg to JPEGs on its stdout. Its URL holds
 * credentials: everything said about it goes through maskSecrets, ffmpeg gets the host as an address, and a
 * URL with a user or password reaches ffmpeg through a loopback hop (rtsp-hop.ts), never on its command line.
 */
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { CamrelayError } from '../../shared/errors.js';
import { readJpegSize } from '../../common/codec/jpeg.js';
import { maskSecrets, maskUrl, resolveCameraUrl } from './camera-url.js';
import { resolveFfmpegPath } from './ffmpeg-binary.js';
import { JpegSplitter } from './jpeg-splitter.js';
import { hasCredentials, RtspHop } from './rtsp-hop.js';
import { killableSpawnOptions, stopTree } from './kill-tree.js';
import { buildRtspArgs, RTSP_SOCKET_TIMEOUT_MS, type RtspTimeoutOption } from './rtsp-args.js';
import { isTimeoutOptionUnknown, needsFullProbe, rtspError } from './rtsp-error.js';
import { codecName, RtspLog } from './rtsp-log.js';
import type { FrameSource, SourceFrame, SourceOptions } from './source.js';

export interface RtspSourceOptions extends SourceOptions {
  /** How long start() waits for the first frame; default 15 s (a camera's keyframes can be 4 s apart and more). */
  startTimeoutMs?: number;
  /** No frame for this long after the start ends ffmpeg as stalled; default the socket timeout, or 3 frames' time when longer. */
  stallMs?: number;
  /** Grace between SIGTERM and killing ffmpeg's tree on stop; default 1.5 s, as the ffmpeg source. */
  killGraceMs?: number;
}

type Child = ChildProcessByStdio<null, Readable, Readable>;

export class RtspSource implements FrameSource {
  readonly name = 'rtsp' as const;
  private readonly opts: RtspSourceOptions & { startTimeoutMs: number; stallMs: number; killGraceMs: number };
  private readonly log: RtspLog;
  private readonly splitter = new JpegSplitter();
  private child: Child | null = null;
  private exited: Promise<void> = Promise.resolve();
  private stopping = false;
  private timeoutOption: RtspTimeoutOption = 'stimeout';
  /** Set for good once the fast start found no video size: this camera's SDP does not say it. */
  private fullProbe = false;
  private frameSize: { width: number; height: number } | null = null;

  constructor(opts: SourceOptions & Partial<RtspSourceOptions>) {
    if (!(opts.fps > 0)) throw new CamrelayError('BAD_CONFIG', `fps must be a positive number, got ${opts.fps}.`);
    const stallMs = Math.max(RTSP_SOCKET_TIMEOUT_MS, 3000 / opts.fps);
    this.opts = { startTimeoutMs: 15_000, stallMs, killGraceMs: 1_500, ...opts };
    this.log = new RtspLog((text) => this.mask(text));
  }

  /** `RTSP 640×360 H.264 from rtsp://cam:***@10.0.0.9/sub (tcp)`, once ffmpeg has described the stream. */
  note(): string | null {
    const stream = this.log.stream;
    if (!this.child || !stream) return null;
    const out = this.frameSize;
    const scaled = out && (out.width !== stream.width || out.height !== stream.height) ? ` → ${out.width}×${out.height}` : '';
    const transport = this.opts.rtspTransport ?? 'tcp';
    return `RTSP ${stream.width}×${stream.height} ${codecName(stream.codec)}${scaled} from ${maskUrl(this.opts.url ?? '')} (${transport})`;
  }

  /** Resolves at the first frame (or at a stop before it); rejects with CAMERA_AUTH, CAMERA_UNREACHABLE or SOURCE_FAILED. */
  async start(onFrame: (frame: SourceFrame) => void, onError: (err: Error) => void): Promise<void> {
    if (this.child) throw new CamrelayError('SOURCE_FAILED', 'This RTSP source is already running.');
    this.stopping = false;
    // The command line insists on a URL; this is for callers that build the source themselves.
    if (!this.opts.url) throw new CamrelayError('BAD_CONFIG', "--source rtsp needs the camera's URL: --url rtsp://… or CAMRELAY_CAMERA_URL.");
    const camera = this.opts.url;
    const path = resolveFfmpegPath(this.opts.ffmpegPath);
    // Each start looks the name up again: a camera given a new address by DHCP is found after its restart.
    const url = await resolveCameraUrl(camera).catch((err: unknown) => {
      if (err instanceof CamrelayError) throw err;
      throw new CamrelayError('BAD_CONFIG', `The camera URL ${maskUrl(camera)} is not a valid URL.`);
    });
    for (;;) {
      if (this.stopping) return;
      try {
        return await this.run(path, url, onFrame, onError);
      } catch (err) {
        if (!this.fullProbe && needsFullProbe(this.log.errors)) {
          this.fullProbe = true;
          continue;
        }
        if (this.timeoutOption === 'timeout' || !isTimeoutOptionUnknown(this.log.errors)) throw err;
        this.timeoutOption = 'timeout';
      }
    }
  }

  private args(url: string): string[] {
    const { fps, width, height, quality, rtspTransport } = this.opts;
    return buildRtspArgs({ url, fps, width, height, quality, transport: rtspTransport, timeoutOption: this.timeoutOption, fullProbe: this.fullProbe });
  }

  private async run(path: string, url: string, onFrame: (frame: SourceFrame) => void, onError: (err: Error) => void): Promise<void> {
    this.log.reset();
    this.splitter.reset();
    this.frameSize = null;
    const hop = hasCredentials(url) ? await RtspHop.open(url) : null;
    if (this.stopping) return hop?.close();
    let child: Child;
    try {
      child = spawn(path, this.args(hop?.url ?? url), { windowsHide: true, stdio: ['ignore', 'pipe', 'pipe'], ...killableSpawnOptions() });
    } catch (err) {
      hop?.close();
      throw err;
    }
    this.child = child;
    createInterface({ input: child.stderr, crlfDelay: Infinity }).on('line', (line) => this.log.line(line));

    let started = false;
    let stalled: CamrelayError | null = null;
    let settle: ((err?: Error) => void) | null = null;
    const ready = new Promise<void>((resolve, reject) => {
      settle = (err) => {
        settle = null;
        if (err) reject(err);
        else resolve();
      };
    });
    // One timer for both: no first frame within startTimeoutMs, then no frame within stallMs.
    const giveUp = (): void => {
      const waited = started ? this.opts.stallMs : this.opts.startTimeoutMs;
      const words = this.log.errors.length > 0 ? `: ${this.log.errors.slice(-3).join(' | ')}` : '';
      const why = started ? `The camera's stream stalled: no frame for ${waited / 1000} s` : `The camera gave no picture within ${waited / 1000} s`;
      stalled = new CamrelayError(started ? 'CAMERA_UNREACHABLE' : 'SOURCE_FAILED', `${why}${words}.`);
      void this.kill(child);
    };
    let timer = setTimeout(giveUp, this.opts.startTimeoutMs);

    child.stdout.on('data', (chunk: Buffer) => {
      this.splitter.push(chunk, (jpeg) => {
        if (this.stopping || stalled) return;
        started = true;
        settle?.();
        clearTimeout(timer);
        timer = setTimeout(giveUp, this.opts.stallMs);
        const size = readJpegSize(jpeg);
        if (size) this.frameSize = size;
        onFrame(size ? { jpeg, capturedAt: Date.now(), width: size.width, height: size.height } : { jpeg, capturedAt: Date.now() });
      });
    });
    this.exited = new Promise((resolve) => {
      // A failed spawn (no pid) emits 'error' and may never emit 'close'; other errors are followed by 'close'.
      child.on('error', (err) => {
        if (child.pid !== undefined) return;
        hop?.close();
        clearTimeout(timer);
        if (this.child === child) this.child = null;
        settle?.(new CamrelayError('SOURCE_UNAVAILABLE', `Could not run ffmpeg at "${path}": ${err.message}`));
        resolve();
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        hop?.close();
        if (this.child === child) this.child = null;
        const err = stalled ?? hop?.error ?? rtspError(this.log.errors, { code, signal, started });
        if (settle) settle(this.stopping ? undefined : err);
        else if (!this.stopping) onError(err);
        resolve();
      });
    });
    return ready;
  }

  /** Stops ffmpeg (SIGTERM, then its tree killed after the grace period) and waits for it to exit. Safe to call twice. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.child) await this.kill(this.child);
    else await this.exited;
  }

  private kill(child: Child): Promise<void> {
    return stopTree(child, this.exited, this.opts.killGraceMs);
  }

  private mask(text: string): string {
    return maskSecrets(text, this.opts.url, this.opts.recordUrl);
  }
}
