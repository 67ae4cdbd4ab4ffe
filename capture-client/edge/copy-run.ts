/**
 * One run of the copying ffmpeg (rtsp-copy.ts decides when to run it and with what arguments): its stdout read as
 * access units (copy-units.ts), its stderr as whole lines with the last errors kept for the failure's words, the run
 * ended when the camera sends nothing for the stall time, and the first reason it was ended kept for its close.
 */
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { CamrelayError } from '../../shared/errors.js';
import { resolveFfmpegPath } from '../sources/ffmpeg-binary.js';
import { CopyUnits, type CopyUnitsOptions } from './copy-units.js';

type Child = ChildProcessByStdio<null, Readable, Readable>;

const STDERR_LINES = 5;
/** The stderr lines that say why a run failed (copyError in rtsp-copy-args.ts words them). */
const ERROR_LINE = /error|invalid|fail|unauthori|refused|timed out|not found|unreachable|forbidden/i;

export interface CopyRunOptions extends CopyUnitsOptions {
  ffmpegPath?: string;
  args: string[];
  /** No bytes on stdout for this long: the run is ended as CAMERA_UNREACHABLE. */
  stallMs: number;
  /** Each whole line ffmpeg writes on stderr, in order. */
  line: (line: string) => void;
}

export class CopyRun {
  readonly units: CopyUnits;
  /** Resolves once ffmpeg has exited and closed its pipes. */
  readonly closed: Promise<void>;
  /** The last stderr lines that read as errors, oldest first. */
  readonly errorLines: string[] = [];
  /** The first reason the run was ended (a stall, bytes that are no access units, a refusal); null if none. */
  error: Error | null = null;
  private readonly child: Child;

  /** Starts ffmpeg; throws when it cannot be started at all. */
  constructor(o: CopyRunOptions) {
    const child = (this.child = spawn(resolveFfmpegPath(o.ffmpegPath), o.args, {
      windowsHide: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    }));
    this.closed = new Promise((resolve) => child.once('close', () => resolve()));
    this.units = new CopyUnits(o);
    child.stdout.on('data', (chunk: Buffer) => {
      try {
        this.units.push(chunk);
      } catch (err) {
        this.fail(err as Error);
      }
    });
    const stalled = () => new CamrelayError('CAMERA_UNREACHABLE', `The camera's record stream sent no H.264 for ${o.stallMs / 1000} s.`);
    const stall = setTimeout(() => this.fail(stalled()), o.stallMs);
    child.stdout.on('data', () => stall.refresh());
    child.stderr.setEncoding('utf8');
    let partial = '';
    child.stderr.on('data', (text: string) => {
      const split = (partial + text).split(/\r?\n/);
      partial = split.pop()!.slice(-4096);
      for (const line of split) {
        o.line(line);
        if (!ERROR_LINE.test(line)) continue;
        this.errorLines.push(line.trim().slice(0, 300));
        this.errorLines.splice(0, Math.max(0, this.errorLines.length - STDERR_LINES));
      }
    });
    child.on('error', (err) => this.fail(new CamrelayError('SOURCE_UNAVAILABLE', `Could not run ffmpeg: ${err.message}`)));
    child.once('close', () => clearTimeout(stall));
    stall.unref?.();
  }

  /** ffmpeg's pid while it runs (for a CPU figure). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Ends the run for `err`, unless it was already being ended for another reason. */
  fail(err: Error): void {
    this.error ??= err;
    this.child.kill('SIGKILL');
  }

  /** Ends the run with no error: stop(), or a run that learned what the next should do. */
  kill(): void {
    this.child.kill('SIGKILL');
  }

  /** Hears ffmpeg's exit, after the stall timer is cleared. */
  onClose(cb: (code: number | null) => void): void {
    this.child.once('close', cb);
  }
}
