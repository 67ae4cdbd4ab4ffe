/**
 * One long-lived ffmpeg that scales and re-encodes JPEGs: frames go in on stdin and come out, in order,
 * on stdout. ffmpeg comes with every form of the capture client (beside the one-file program, or from
 * @ffmpeg-installer), so --width and --quality need nothing else installed.
 */
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { CamrelayError } from '../shared/errors.js';
import { hasJpegMarkers, readJpegSize } from '../common/codec/jpeg.js';
import { resolveFfmpegPath } from './sources/ffmpeg-binary.js';
import { JpegSplitter } from './sources/jpeg-splitter.js';
import { multipartHead, transcodeArgs, type TranscodeArgsOptions } from './transcode-args.js';

export interface FfmpegTranscoderOptions extends TranscodeArgsOptions {
  /** --ffmpeg-path; default: beside the program, else @ffmpeg-installer. */
  ffmpegPath?: string;
  /** Frames inside ffmpeg at once; more are refused (newer frames keep coming). Default 2. */
  maxInFlight?: number;
  /** After this long without an answer a frame is taken as lost inside ffmpeg and no longer counted; default 3 s. */
  lostAfterMs?: number;
  /** Largest JPEG taken in or given out; default 8 MiB, as the sources' splitter. */
  maxFrameSize?: number;
  /** Tests: the clock that ages frames in flight. */
  now?: () => number;
}

type Child = ChildProcessByStdio<Writable, Readable, Readable>;

/** One ffmpeg and the frames inside it: what the caller gave with each, oldest first, and when it went in. */
interface Worker<T> {
  child: Child;
  inFlight: { tag: T; at: number }[];
  /** The frame size it was started for: ffmpeg sizes its encoder once, so another size needs another ffmpeg. */
  size: string;
  /** Its answers held back while an older ffmpeg (ended for a new size) still gives out its last ones, so order holds. */
  held: { jpeg: Buffer; tag: T | undefined }[];
  /** Ended by close(): frames still inside it are not reported lost. */
  quiet: boolean;
  /** Its process has closed (it stays in `running` until older ones have, for its held answers). */
  done: boolean;
}

const STDERR_LINES = 5;
const CLOSE_GRACE_MS = 1000;

export class FfmpegTranscoder<T = void> {
  readonly args: string[];
  private readonly path: string;
  private readonly opts: Required<Pick<FfmpegTranscoderOptions, 'maxInFlight' | 'lostAfterMs' | 'maxFrameSize' | 'now'>>;
  private worker: Worker<T> | null = null;
  /** Every ffmpeg not yet gone: the current one, and any ended for a new size that still hands out its last frames. */
  private readonly running = new Set<Worker<T>>();
  private closed = false;
  private readonly stderrLines: string[] = [];

  /**
   * Finds ffmpeg now, so a missing one stops the program at start (SOURCE_UNAVAILABLE, naming --ffmpeg-path).
   * `onFrame` gets each new JPEG with the tag of the frame it came from (undefined when that is not known);
   * `onLost` is told of each frame that went in and will not come out (ffmpeg could not decode it, or ended).
   */
  constructor(
    opts: FfmpegTranscoderOptions,
    private readonly onFrame: (jpeg: Buffer, tag: T | undefined) => void,
    private readonly onLost: (err: Error) => void = () => {},
  ) {
    this.args = transcodeArgs(opts);
    this.path = resolveFfmpegPath(opts.ffmpegPath);
    this.opts = { maxInFlight: 2, lostAfterMs: 3000, maxFrameSize: 8 * 1024 * 1024, now: Date.now, ...opts };
  }

  /** The running ffmpeg's process id, or undefined before the first frame and after close(). */
  get pid(): number | undefined {
    return this.worker?.child.pid;
  }

  /**
   * Sends one JPEG to ffmpeg. Throws NOT_JPEG or FRAME_TOO_LARGE for a frame it will not send, and
   * returns false when ffmpeg is still busy with earlier frames (the caller counts a dropped frame).
   */
  push(jpeg: Uint8Array, tag: T): boolean {
    if (this.closed) throw new CamrelayError('SOURCE_FAILED', 'The transcoder is closed.');
    if (jpeg.length > this.opts.maxFrameSize) {
      throw new CamrelayError('FRAME_TOO_LARGE', `A ${jpeg.length}-byte frame is over the transcoder's ${this.opts.maxFrameSize} bytes.`);
    }
    // Not a JPEG gives no answer at all and would hold a place in flight.
    if (!hasJpegMarkers(jpeg)) throw new CamrelayError('NOT_JPEG', 'The frame to re-encode is not a JPEG (no FF D8 … FF D9).');
    const size = readJpegSize(jpeg);
    const key = size ? `${size.width}x${size.height}` : '?';
    if (this.worker && this.worker.size !== key) this.retire(this.worker);
    const worker = this.worker ?? this.spawn(key);
    const now = this.opts.now();
    // A frame ffmpeg could not decode never comes out; forget it rather than wait for ever.
    while (worker.inFlight.length > 0 && now - worker.inFlight[0]!.at > this.opts.lostAfterMs) {
      worker.inFlight.shift();
      this.onLost(new CamrelayError('SOURCE_FAILED', `ffmpeg gave no frame back within ${this.opts.lostAfterMs} ms${this.tail()}`));
    }
    if (worker.inFlight.length >= this.opts.maxInFlight) return false;
    worker.inFlight.push({ tag, at: now });
    worker.child.stdin.write(Buffer.concat([multipartHead(jpeg.length), jpeg, Buffer.from('\r\n')]));
    return true;
  }

  /** Ends ffmpeg: its stdin first, so frames still inside come out, then a kill after a second. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.worker) {
      this.worker.quiet = true;
      this.retire(this.worker);
    }
    await Promise.all([...this.running].map((w) => this.gone(w)));
  }

  private spawn(size: string): Worker<T> {
    this.stderrLines.length = 0;
    const splitter = new JpegSplitter({ maxFrameSize: this.opts.maxFrameSize });
    const child = spawn(this.path, this.args, { windowsHide: true, stdio: ['pipe', 'pipe', 'pipe'] });
    const worker: Worker<T> = { child, inFlight: [], size, held: [], quiet: false, done: false };
    this.worker = worker;
    this.running.add(worker);
    // A write to an ffmpeg that just died fails with EPIPE; 'close' below says why it died.
    child.stdin.on('error', () => {});
    child.stdout.on('data', (chunk: Buffer) =>
      splitter.push(chunk, (jpeg) => {
        const tag = worker.inFlight.shift()?.tag;
        if (this.running.values().next().value === worker) this.onFrame(jpeg, tag);
        else worker.held.push({ jpeg, tag });
      }),
    );
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      for (const line of text.split(/\r?\n/)) if (line.trim() !== '') this.stderrLines.push(line.trim());
      this.stderrLines.splice(0, Math.max(0, this.stderrLines.length - STDERR_LINES));
    });
    // A failed spawn (no pid) emits 'error' and may never emit 'close'.
    child.on('error', (err) => {
      if (child.pid !== undefined) return;
      this.ended(worker, new CamrelayError('SOURCE_UNAVAILABLE', `Could not run ffmpeg at "${this.path}": ${err.message}`));
    });
    child.on('close', (code) => {
      this.ended(worker, new CamrelayError('SOURCE_FAILED', `ffmpeg stopped re-encoding (exit code ${code})${this.tail()}`));
    });
    return worker;
  }

  /** No new frames for this ffmpeg: its stdin ends, it writes out what it holds and exits (or is killed after a second). */
  private retire(worker: Worker<T>): void {
    if (this.worker === worker) this.worker = null;
    worker.child.stdin.end();
    const force = setTimeout(() => worker.child.kill('SIGKILL'), CLOSE_GRACE_MS);
    void this.gone(worker).then(() => clearTimeout(force));
  }

  /** Resolves when this ffmpeg has closed: 'close' comes after stdout has ended, so every frame it wrote was handed on. */
  private gone(worker: Worker<T>): Promise<void> {
    if (worker.done) return Promise.resolve();
    return new Promise((resolve) => {
      worker.child.once('close', () => resolve());
      worker.child.once('error', () => worker.child.pid === undefined && resolve());
    });
  }

  /** The next push starts a new ffmpeg; frames this one never gave back are lost (unless close() ended it). */
  private ended(worker: Worker<T>, err: Error): void {
    worker.done = true;
    if (this.worker === worker) this.worker = null;
    const lost = worker.inFlight.splice(0);
    if (!worker.quiet) for (const _ of lost) this.onLost(err);
    // Oldest first: an ended ffmpeg's held answers go out, then it leaves, and the next oldest answers first.
    for (const oldest of this.running) {
      for (const { jpeg, tag } of oldest.held.splice(0)) this.onFrame(jpeg, tag);
      if (!oldest.done) break;
      this.running.delete(oldest);
    }
  }

  private tail(): string {
    return this.stderrLines.length > 0 ? `: ${this.stderrLines.join(' | ')}` : '';
  }
}
