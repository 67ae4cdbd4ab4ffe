/** One line that tells the truth about the capture client, rewritten in place on a terminal. */
import type { CaptureStats } from './capture-client.js';

/** `sourceNote`: what the source says about its own costly work, e.g. `ffmpeg re-encodes JPEG (cpu 23%)`. */
export function formatStatus(cameraId: string, s: CaptureStats, fps: number, sourceNote: string | null = null): string {
  const parts = [
    `${cameraId} → ${s.link ?? 'no link'}`,
    `sent ${s.sent} acked ${s.acked} dropped ${s.dropped} failed ${s.failed}`,
    `${fps.toFixed(1)} fps`,
    `rtt ${s.rttMs === null ? '–' : `${s.rttMs} ms`}`,
    `reconnects ${s.reconnects}`,
  ];
  if (sourceNote) parts.push(sourceNote);
  if (s.lastError) parts.push(`last error ${s.lastError}${s.lastErrorMessage ? `: ${s.lastErrorMessage}` : ''}`);
  // While frames go some other way, why WebRTC is not carrying them.
  if (s.webrtcEnd && s.link !== 'webrtc') parts.push(`webrtc ${s.webrtcEnd.reason}: ${s.webrtcEnd.message}`);
  return parts.join(' | ');
}

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

/** A refused token, said in plain words: what is wrong, what to do, and what the client does now. */
export function authRefusal(code: string, message: string, cameraId: string, exiting: boolean): string {
  const what: Record<string, string> = {
    BAD_TOKEN: `The server refused the token for "${cameraId}" (BAD_TOKEN). Check --token: the capture token the server printed at start, or a token made for this camera id.`,
    REVOKED: `The token for "${cameraId}" was revoked (REVOKED). Ask an admin for a new one.`,
    TOO_MANY_ATTEMPTS: `The server is refusing this PC for now after too many wrong tokens (TOO_MANY_ATTEMPTS): ${message}`,
    FORBIDDEN: `The server does not let this token send "${cameraId}" (FORBIDDEN): ${message}`,
  };
  const next = exiting ? 'Exiting (--exit-on-auth-error).' : 'Nothing is sent meanwhile; asking again every 30 s.';
  return `${what[code] ?? `${code}: ${message}`} ${next}`;
}
