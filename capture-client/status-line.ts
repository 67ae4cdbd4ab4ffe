/** The capture client's status line on a terminal: rewritten in place, or as log lines when not a TTY. */
import type { CaptureStats } from '../common/capture/stats.js';
import { formatStatus } from '../common/capture/status-line.js';

/** Prints the status every second on a terminal (in place), every 10 s otherwise (as log lines). */
export class StatusLine {
  private timer: NodeJS.Timeout | null = null;
  private lastAcked = 0;
  private lastAt = Date.now();
  private ticks = 0;
  private stats: CaptureStats | null = null;
  private sourceNote: () => string | null = () => null;

  constructor(
    private readonly cameraId: string,
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {}

  start(stats: CaptureStats, sourceNote?: () => string | null): void {
    this.stats = stats;
    if (sourceNote) this.sourceNote = sourceNote;
    this.timer = setInterval(() => this.print(), 1000);
    this.timer.unref();
  }

  /** Prints a message on its own line without garbling the status line. */
  say(message: string): void {
    this.out.write(this.out.isTTY ? `\r\x1b[2K${message}\n` : `${message}\n`);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.out.isTTY) this.out.write('\n');
  }

  private print(): void {
    if (!this.stats) return;
    const now = Date.now();
    const fps = ((this.stats.acked - this.lastAcked) * 1000) / Math.max(1, now - this.lastAt);
    this.lastAcked = this.stats.acked;
    this.lastAt = now;
    const line = formatStatus(this.cameraId, this.stats, fps, this.sourceNote());
    if (this.out.isTTY) this.out.write(`\r\x1b[2K${line}`);
    else if (this.ticks++ % 10 === 0) this.out.write(`${line}\n`);
  }
}
