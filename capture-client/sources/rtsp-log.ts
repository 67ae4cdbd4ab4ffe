/**
 * Reads the lines ffmpeg writes on stderr for an RTSP camera (`-loglevel level+info`): keeps the last
 * errors, masked, for the error message, and the camera stream's codec and size for the status line.
 */

/** What the camera sends, from ffmpeg's description of its input. */
export interface RtspStreamInfo {
  codec: string;
  width: number;
  height: number;
}

const KEPT_LINES = 20;
// `[rtsp @ 0x273efd00] [error] method DESCRIBE failed: 401 Unauthorized`: the context, then the level.
const PREFIX = /^(?:\[[^\]]+ @ (?:0x)?[0-9a-fA-F]+\] )?(?:\[(\w+)\] )?/;
const QUIET = new Set(['info', 'verbose', 'debug', 'trace', 'warning']);
// `Stream #0:0: Video: h264 (Constrained Baseline), yuv420p(tv, smpte170m, progressive), 640x360 [SAR 1:1 DAR 16:9], …`
const VIDEO_STREAM = /Stream #\d+:\d+.*?: Video: (\w+).*?, (\d{2,5})x(\d{2,5})/;

const CODEC_NAMES: Record<string, string> = { h264: 'H.264', hevc: 'H.265', mjpeg: 'MJPEG', mpeg4: 'MPEG-4' };

/** `h264` → `H.264`: the names camera menus use. */
export function codecName(codec: string): string {
  return CODEC_NAMES[codec] ?? codec.toUpperCase();
}

export class RtspLog {
  /** The last error lines, level and context prefix removed, passwords masked. */
  readonly errors: string[] = [];
  /** The camera's stream once ffmpeg has described its input, else null. */
  stream: RtspStreamInfo | null = null;
  private inInput = false;

  constructor(private readonly mask: (text: string) => string) {}

  /** Takes one stderr line. Lines with no level (option errors before -loglevel applies) count as errors. */
  line(raw: string): void {
    const match = PREFIX.exec(raw);
    const level = match?.[1];
    const text = raw.slice(match?.[0].length ?? 0).trimEnd();
    if (text.trim() === '') return;
    if (level === undefined || !QUIET.has(level)) return this.keep(text);
    // Only the input's description: the output's stream line carries the scaled size and mjpeg.
    if (/^Input #/.test(text)) this.inInput = true;
    else if (/^(Output #|Stream mapping)/.test(text)) this.inInput = false;
    const video = this.inInput && this.stream === null ? VIDEO_STREAM.exec(text) : null;
    if (video) this.stream = { codec: video[1]!, width: Number(video[2]), height: Number(video[3]) };
  }

  /** Forgets the lines of an earlier run. */
  reset(): void {
    this.errors.length = 0;
    this.stream = null;
    this.inInput = false;
  }

  private keep(text: string): void {
    this.errors.push(this.mask(text).slice(0, 500));
    if (this.errors.length > KEPT_LINES) this.errors.shift();
  }
}
