/** The capture client's status line on a terminal: rewritten in place, or as log lines when not a TTY. */
import type { CaptureStats } from '../common/capture/stats.js';
import { formatStatus } from '../common/capture/status-line.js';

/** East Asian wide and emoji ranges: two columns each in a console. */
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1faff}\u{20000}-\u{3fffd}]/u;

/**
 * The line cut to fit one row of a console `columns` wide, ending in `…` when cut. It stays a column short:
 * writing the last column wraps at once in some consoles (Windows conhost), and a line that wraps is only half
 * cleared by the next redraw, so old rows pile up (#26 item 4). Control characters would move the cursor: spaces.
 */
export function fitStatus(line: string, columns: number): string {
  const room = Math.max(1, columns - 1);
  let out = '';
  let used = 0;
  const chars = Array.from(line, (c) => (c.codePointAt(0)! < 0x20 || (c >= '\u007f' && c <= '\u009f') ? ' ' : c));
  for (const [i, ch] of chars.entries()) {
    const width = WIDE.test(ch) ? 2 : 1;
    const last = i === chars.length - 1;
    if (used + width > (last ? room : room - 1)) return `${out}…`;
    out += ch;
    used += width;
  }
  return out;
}

/** Prints the status every second on a terminal (in place), every 10 s otherwise (as log lines). */
export class StatusLine {
  private timer: NodeJS.Timeout | null = null;
  private lastAcked = 0;
  private lastAt = Date.now();
  private ticks = 0;
  private fps = 0;
  private stats: CaptureStats | null = null;
  private sourceNote: () => string | null = () => null;
  /** The camera side's H.264 (#28): the encoder in use and the uplink, while the relay asks for it. */
  private h264Note: () => string | null = () => null;
  /** The line last drawn, in full, redrawn when the console is resized. */
  private line = '';
  /** The errors last printed in full above the line, so each new one is printed once. */
  private logged = '';
  private readonly onResize = (): void => {
    if (this.line) this.draw();
  };

  /** `log`: where the line goes as a plain line every 10 s while the console redraws it in place (--log). */
  constructor(
    private readonly cameraId: string,
    private readonly out: NodeJS.WriteStream = process.stderr,
    private readonly log: ((line: string) => void) | null = null,
  ) {}

  start(stats: CaptureStats, sourceNote?: () => string | null): void {
    this.stats = stats;
    if (sourceNote) this.sourceNote = sourceNote;
    this.timer = setInterval(() => this.print(), 1000);
    this.timer.unref();
    if (this.out.isTTY) this.out.on('resize', this.onResize);
  }

  /** Adds the H.264 part to the line, e.g. `H.264: h264_qsv, uplink 3.1 MB` (edge/edge-note.ts). */
  showH264(note: () => string | null): void {
    this.h264Note = note;
  }

  /** Prints a message on its own line, then the status line again, as it is now, below it. */
  say(message: string): void {
    this.above(message);
    if (!this.out.isTTY || !this.stats) return;
    this.line = this.compose();
    this.draw();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.out.off('resize', this.onResize);
    if (this.out.isTTY) this.out.write('\n');
  }

  private print(): void {
    if (!this.stats) return;
    const now = Date.now();
    this.fps = ((this.stats.acked - this.lastAcked) * 1000) / Math.max(1, now - this.lastAt);
    this.lastAcked = this.stats.acked;
    this.lastAt = now;
    const line = this.compose();
    const tenth = this.ticks++ % 10 === 0;
    if (!this.out.isTTY) {
      if (tenth) this.out.write(`${line}\n`);
      return;
    }
    if (tenth) this.log?.(line);
    // A cut line may hide the error that matters: each new one is printed whole once, as a log line above.
    const { lastError, lastErrorMessage, webrtcEnd } = this.stats;
    const errors = lastError || webrtcEnd ? JSON.stringify([lastError, lastErrorMessage, webrtcEnd?.reason, webrtcEnd?.message]) : '';
    if (errors !== this.logged && fitStatus(line, this.columns()) !== line) this.above(line);
    this.logged = errors;
    this.line = line;
    this.draw();
  }

  private above(message: string): void {
    this.out.write(this.out.isTTY ? `\r\x1b[2K${message}\n` : `${message}\n`);
  }

  /** The line from the counters now, at the frame rate of the last second counted. */
  private compose(): string {
    const notes = [this.sourceNote(), this.h264Note()].filter((n) => n !== null).join(' | ');
    return formatStatus(this.cameraId, this.stats!, this.fps, notes || null);
  }

  private draw(): void {
    this.out.write(`\r\x1b[2K${fitStatus(this.line, this.columns())}`);
  }

  /** Node's columns for a TTY; 80 when a console reports none (0 or undefined). */
  private columns(): number {
    return this.out.columns > 0 ? this.out.columns : 80;
  }
}
