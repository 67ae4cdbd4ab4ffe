/**
 * One long-lived ffmpeg that encodes the source's JPEGs to H.264: JPEGs in on stdin, Annex B out on stdout,
 * logs on stderr. Those three pipes are the ones ffmpeg has on Windows too (no extra fds, no named pipes).
 */
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { CamrelayError } from '../../shared/errors.js';
import { hasJpegMarkers } from '../../common/codec/jpeg.js';
import { resolveFfmpegPath } from '../sources/ffmpeg-binary.js';
import { multipartHead } from '../transcode-args.js';
import { type AccessUnit, AnnexBSplitter } from './annexb-splitter.js';
import { DECODED_LINE, gopFrames, h264Args, type H264ArgsOptions, UNDECODED_LINE } from './h264-args.js';

/** An access unit with the capture time of the picture it encodes. */
export interface TimedAccessUnit extends AccessUnit {
  capturedAt: number;
}

export interface H264EncoderOptions extends H264ArgsOptions {
  ffmpegPath?: string;
  /** Frames inside ffmpeg at once; more are refused (the caller counts a dropped frame). Default: two GOPs. */
  maxInFlight?: number;
  /** Largest JPEG taken; default 8 MiB, as the sources' splitter. */
  maxFrameSize?: number;
  now?: () => number;
}

type Child = ChildProcessByStdio<Writable, Readable, Readable>;

const STDERR_LINES = 5;
const CLOSE_GRACE_MS = 2000;

export class H264Encoder {
  readonly args: string[];
  private readonly path: string;
  private readonly maxInFlight: number;
  private readonly maxFrameSize: number;
  private readonly now: () => number;
  private child: Child | null = null;
  /**
   * Capture times of the frames written to ffmpeg, oldest first, with where each JPEG starts in stdin's bytes.
   * ffmpeg's showinfo line for each decoded frame gives that position (pos), so an undecodable JPEG (which gives
   * no unit) is skipped exactly; without pos, the lines' order does it ("Error while decoding stream" for one it
   * could not decode). With no B-frames each decoded frame gives one access unit, in order, so a unit takes the
   * oldest decoded time. stdout and stderr are separate pipes: a unit out before its frame's line waits in `units`.
   */
  private written: { capturedAt: number; pos: number }[] = [];
  /** Bytes written to this ffmpeg's stdin: where the next JPEG starts is its packet's `pos` in showinfo's line. */
  private bytesIn = 0;
  /** This ffmpeg's showinfo lines carry pos (ffmpeg 4-6): frames are matched by it, not by the order of lines. */
  private byPos = false;
  /** This ffmpeg printed a showinfo line; one that prints none by its third unit is paired by order alone. */
  private ticks: boolean | null = null;
  private decoded: number[] = [];
  private units: AccessUnit[] = [];
  private readonly stderrLines: string[] = [];
  private stopped = false;
  /** Frames refused (ffmpeg holds maxInFlight), frames ffmpeg could not decode, and units given the time they came out (ffmpeg ended first). */
  readonly counts = { refused: 0, lost: 0, unpaired: 0 };

  constructor(
    opts: H264EncoderOptions,
    private readonly onUnit: (au: TimedAccessUnit) => void,
    private readonly onError: (err: Error) => void = () => {},
  ) {
    this.args = h264Args(opts);
    this.path = resolveFfmpegPath(opts.ffmpegPath);
    this.maxInFlight = opts.maxInFlight ?? 2 * gopFrames(opts.fps);
    this.maxFrameSize = opts.maxFrameSize ?? 8 * 1024 * 1024;
    this.now = opts.now ?? Date.now;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Sends one JPEG; false when ffmpeg already holds maxInFlight frames. Throws NOT_JPEG or FRAME_TOO_LARGE. */
  push(jpeg: Uint8Array, capturedAt: number): boolean {
    if (this.stopped) throw new CamrelayError('SOURCE_FAILED', 'The H.264 encoder is stopped.');
    if (jpeg.length > this.maxFrameSize) {
      throw new CamrelayError('FRAME_TOO_LARGE', `A ${jpeg.length}-byte frame is over the H.264 encoder's ${this.maxFrameSize} bytes.`);
    }
    // ffmpeg gives nothing back for a non-JPEG, which would shift every later capture time.
    if (!hasJpegMarkers(jpeg)) throw new CamrelayError('NOT_JPEG', 'The frame to encode is not a JPEG (no FF D8 … FF D9).');
    const child = this.child ?? this.spawn();
    if (this.written.length >= this.maxInFlight) {
      this.counts.refused++;
      return false;
    }
    const head = multipartHead(jpeg.length);
    this.written.push({ capturedAt, pos: this.bytesIn + head.length });
    this.bytesIn += head.length + jpeg.length + 2;
    child.stdin.write(Buffer.concat([head, jpeg, Buffer.from('\r\n')]));
    return true;
  }

  /** Ends ffmpeg: stdin first, so the frames inside come out as access units, then a kill after 2 s. */
  async stop(): Promise<void> {
    this.stopped = true;
    const child = this.child;
    if (!child) return;
    const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
    child.stdin.end();
    const force = setTimeout(() => child.kill('SIGKILL'), CLOSE_GRACE_MS);
    await closed;
    clearTimeout(force);
  }

  private spawn(): Child {
    this.stderrLines.length = 0;
    this.written = [];
    this.decoded = [];
    this.units = [];
    this.bytesIn = 0;
    this.byPos = false;
    this.ticks = null;
    const splitter = new AnnexBSplitter();
    const child = spawn(this.path, this.args, { windowsHide: true, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    // A write to an ffmpeg that just died fails with EPIPE; 'close' says why it died.
    child.stdin.on('error', () => {});
    const emit = (au: AccessUnit): void => {
      if (this.child !== child) return;
      this.units.push(au);
      this.pair();
    };
    child.stdout.on('data', (chunk: Buffer) => {
      try {
        splitter.push(chunk, emit);
      } catch (err) {
        this.onError(err as Error);
        child.kill('SIGKILL');
      }
    });
    child.stdout.on('end', () => splitter.end(emit));
    child.stderr.setEncoding('utf8');
    let partial = '';
    child.stderr.on('data', (text: string) => {
      const lines = (partial + text).split(/\r?\n/);
      // A line longer than this is not one ffmpeg writes; cut it rather than grow.
      partial = lines.pop()!.slice(-4096);
      for (const line of lines) if (this.child === child) this.stderrLine(line);
    });
    child.on('error', (err) => {
      if (child.pid === undefined) this.ended(child, new CamrelayError('SOURCE_UNAVAILABLE', `Could not run ffmpeg at "${this.path}": ${err.message}`));
    });
    child.on('close', (code) => this.ended(child, new CamrelayError('SOURCE_FAILED', `ffmpeg stopped encoding H.264 (exit code ${code})${this.tail()}`)));
    return child;
  }

  private stderrLine(line: string): void {
    if (DECODED_LINE.test(line) && this.ticks !== false) {
      this.ticks = true;
      this.decodedFrame(Number(/ pos:\s*(\d+)/.exec(line)?.[1] ?? -1));
      return;
    }
    // Matched by pos, a frame ffmpeg could not decode is known by the next one's pos; the error line would count it twice.
    if (UNDECODED_LINE.test(line) && this.ticks !== false && !this.byPos && this.written.shift() !== undefined) this.counts.lost++;
    // At -loglevel info most lines are stream mapping and encoder figures: the tail keeps the ones that say why it failed.
    if (!/error|invalid|cannot|could not|fail|unable|not supported|no such/i.test(line)) return;
    this.stderrLines.push(line.trim().slice(0, 500));
    this.stderrLines.splice(0, Math.max(0, this.stderrLines.length - STDERR_LINES));
  }

  /**
   * ffmpeg decoded a frame: by its packet's byte position when showinfo gives it (exact, whatever order ffmpeg's
   * threads print in), else the oldest frame written. Frames written before it and not decoded are lost.
   */
  private decodedFrame(pos: number): void {
    if (pos >= 0 && this.written.some((w) => w.pos === pos)) {
      this.byPos = true;
      while (this.written[0]!.pos !== pos) {
        this.written.shift();
        this.counts.lost++;
      }
    }
    const frame = this.written.shift();
    if (frame) this.decoded.push(frame.capturedAt);
    // An encoder that keeps frames and gives no unit for them (none should) must not grow this for ever.
    while (this.decoded.length > this.maxInFlight) {
      this.decoded.shift();
      this.counts.lost++;
    }
    this.pair();
  }

  /**
   * Hands out every unit whose frame's capture time is known, in order. A frame's showinfo line comes before its
   * unit (written a frame later, when the next AUD ends it), so three units and no line means an ffmpeg that prints
   * none (worded differently): from then on units pair with the frames written, first in, first out.
   */
  private pair(): void {
    if (this.ticks === null && this.units.length >= 3) this.ticks = false;
    if (this.ticks === false) for (const w of this.written.splice(0, this.units.length)) this.decoded.push(w.capturedAt);
    while (this.units.length > 0 && this.decoded.length > 0) this.onUnit({ ...this.units.shift()!, capturedAt: this.decoded.shift()! });
  }

  /** The next push starts a fresh ffmpeg with an empty queue (no stale times carried over). */
  private ended(child: Child, err: Error): void {
    if (this.child !== child) return;
    // stderr has ended too ('close' comes after every pipe): a unit still unpaired will not learn its time.
    for (const au of this.units.splice(0)) {
      this.counts.unpaired++;
      this.onUnit({ ...au, capturedAt: this.now() });
    }
    this.child = null;
    this.written = [];
    this.decoded = [];
    if (!this.stopped) this.onError(err);
  }

  private tail(): string {
    return this.stderrLines.length > 0 ? `: ${this.stderrLines.join(' | ')}` : '';
  }
}
