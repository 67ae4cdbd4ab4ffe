/**
 * The status of many cameras in one process (--config): on a console one summary row fitted to its width, each
 * camera's id, fps and whether it waits; each camera's full status line goes to the log (every 10 s when not a
 * console, and once whenever its error changes on one), so nothing the one-camera line says is lost.
 */
import type { CaptureStats } from '../common/capture/stats.js';
import { formatStatus } from '../common/capture/status-line.js';
import { fitStatus } from './status-line.js';

interface Row {
  id: string;
  stats: CaptureStats;
  note: () => string | null;
  lastAcked: number;
  ended: string | null;
  logged: string;
}

/** `front-door 14.9 fps`, `porch waiting`, `shed ended`: what a person scans a row of cameras for. */
function brief(row: Row, fps: number): string {
  if (row.ended !== null) return `${row.id} ended`;
  if (row.note()?.startsWith('waiting')) return `${row.id} waiting`;
  if (row.stats.lastError && fps === 0) return `${row.id} ${row.stats.lastError}`;
  return `${row.id} ${fps.toFixed(1)} fps`;
}

export class StatusBoard {
  private readonly rows = new Map<string, Row>();
  private timer: NodeJS.Timeout | null = null;
  private lastAt = Date.now();
  private ticks = 0;
  private line = '';
  private readonly onResize = (): void => {
    if (this.line) this.draw();
  };

  /** `log`: where each camera's full line goes every 10 s while the console shows the summary row (--log). */
  constructor(
    private readonly out: NodeJS.WriteStream = process.stderr,
    private readonly log: ((line: string) => void) | null = null,
  ) {}

  /** A camera that is running: its counters and what it waits for (RunningCamera.sourceNote). */
  add(id: string, stats: CaptureStats, note: () => string | null): void {
    this.rows.set(id, { id, stats, note, lastAcked: stats.acked, ended: null, logged: '' });
  }

  /** A camera that has stopped for good stays on the row, as ended, so the summary still shows every camera. */
  ended(id: string, why: string): void {
    const row = this.rows.get(id);
    if (row) row.ended = why;
  }

  /** A message about one camera, on its own line above the summary. */
  say(id: string, message: string): void {
    this.out.write(this.out.isTTY ? `\r\x1b[2K[${id}] ${message}\n` : `[${id}] ${message}\n`);
    if (this.out.isTTY && this.line) this.draw();
  }

  start(): void {
    this.timer = setInterval(() => this.print(), 1000);
    this.timer.unref();
    if (this.out.isTTY) this.out.on('resize', this.onResize);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.out.off('resize', this.onResize);
    if (this.out.isTTY) this.out.write('\n');
  }

  private print(): void {
    const now = Date.now();
    const seconds = Math.max(1, now - this.lastAt) / 1000;
    this.lastAt = now;
    const tenth = this.ticks++ % 10 === 0;
    const log = !this.out.isTTY && tenth;
    const parts: string[] = [];
    for (const row of this.rows.values()) {
      const fps = (row.stats.acked - row.lastAcked) / seconds;
      row.lastAcked = row.stats.acked;
      parts.push(brief(row, fps));
      const full = formatStatus(row.id, row.stats, fps, row.note());
      // On a console the full line is logged once per new error, as the one-camera line does for a cut error.
      const errors = JSON.stringify([row.stats.lastError, row.stats.lastErrorMessage, row.stats.webrtcEnd?.message]);
      if (tenth && this.out.isTTY) this.log?.(full);
      if (log) this.out.write(`${full}\n`);
      else if (this.out.isTTY && row.stats.lastError && errors !== row.logged) this.out.write(`\r\x1b[2K${full}\n`);
      row.logged = errors;
    }
    if (!this.out.isTTY) return;
    this.line = `${this.rows.size} camera${this.rows.size === 1 ? '' : 's'}: ${parts.join(' | ')}`;
    this.draw();
  }

  private draw(): void {
    const columns = this.out.columns > 0 ? this.out.columns : 80;
    this.out.write(`\r\x1b[2K${fitStatus(this.line, columns)}`);
  }
}
