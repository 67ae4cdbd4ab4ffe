/**
 * Where one segment's frames go: to an ffmpeg that encodes H.264 into fragmented MP4, to one that
 * copies the camera side's H.264 into the same fragmented MP4 (no encoder), or straight to a
 * Matroska file of the JPEGs as they came. All take the same Matroska stream (mkv.ts), so each frame
 * keeps its own time: a variable-rate camera plays back at real speed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { constants, setPriority } from 'node:os';
import type { Writable } from 'node:stream';
import { mkvFrame, mkvHeader, type MkvAudio } from './mkv.js';
import type { RecordingFormat } from './settings.js';

/** However much progress it makes, an ffmpeg still closing after this long is killed: a segment's close is bounded. */
const CLOSE_MAX_MS = 120_000;

/** The codec folder's bytes (a plain Uint8Array) as the Buffer a sink writes, over the same memory: no copy. */
export const asBuffer = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

/** What a sink runs: an H.264 encoder, a copy into MP4 (camera-side H.264), or no process (MJPEG file). */
export type SinkKind = 'encode' | 'copy' | 'file';

export interface SegmentSink {
  readonly kind: SinkKind;
  /** Writes one frame at `ms` from the segment's start; false: wait for `drain()` before the next. */
  write(ms: number, jpeg: Buffer, keyframe?: boolean): boolean;
  /** Writes one raw AAC frame at `ms` (a copy opened with `audio` only); false: wait for `drain()`. */
  writeAudio(ms: number, frame: Buffer): boolean;
  drain(): Promise<void>;
  /** Why the sink can take no more (ffmpeg exited, the disk refused a write), else null. */
  readonly failure: string | null;
  /** Ends the file; resolves when it is complete on disk (or failed). */
  close(): Promise<void>;
}

export interface SinkOptions {
  ffmpegPath: string;
  /** A keyframe (and with it an MP4 fragment) this often: a killed relay loses at most about this much. */
  keyframeSeconds?: number;
  /** How long close() waits for an ffmpeg making no progress (its input unread, its file not growing) before killing it. */
  closeTimeoutMs?: number;
}

/** The ffmpeg arguments for one H.264 segment, fed Matroska on stdin; with `audio`, its sound track is copied beside. */
export function h264Args(file: string, keyframeSeconds = 2, audio?: MkvAudio['codec']): string[] {
  return [
    ...inputArgs(),
    ...soundArgs(audio),
    '-c:v',
    'libx264',
    // veryfast: on the benchmark's 720p15 frames it took the same CPU as ultrafast for 38% fewer bytes.
    '-preset',
    'veryfast',
    // No frame delay inside the encoder: what was fed is in the file at the next fragment.
    '-tune',
    'zerolatency',
    '-pix_fmt',
    'yuv420p',
    '-force_key_frames',
    `expr:gte(t,n_forced*${keyframeSeconds})`,
    // Each frame keeps its own time: no frames added or dropped, no rounding to a guessed frame rate.
    '-vsync',
    '0',
    '-enc_time_base',
    '-1',
    ...outputArgs(file),
  ];
}

/**
 * The ffmpeg arguments for one segment of the camera side's H.264, fed Matroska (V_MPEG4/ISO/AVC) on
 * stdin: the packets are copied with their own times into the same fragmented MP4 as an encode makes,
 * a fragment per keyframe, which the camera side sends at most 2 s apart.
 */
export function copyArgs(file: string, audio?: MkvAudio['codec'], codec?: 'h265'): string[] {
  const streams = [...soundArgs(audio), '-c:v', 'copy'];
  // hvc1, not ffmpeg's default hev1: Safari plays only hvc1.
  const tag = codec === 'h265' ? ['-tag:v', 'hvc1'] : [];
  return [...inputArgs(), ...streams, ...tag, '-vsync', '0', ...outputArgs(file)];
}

/** The sound track copied as it came (AAC, or a browser's Opus), or none (`-an`). */
function soundArgs(audio?: MkvAudio['codec']): string[] {
  if (!audio) return ['-an'];
  // Opus in MP4 is "experimental" to the ffmpeg the package ships (4.x; Chromium, Firefox and Safari play it): allowed.
  return ['-map', '0:v', '-map', '0:a', '-c:a', 'copy', ...(audio === 'opus' ? ['-strict', '-2'] : [])];
}

function inputArgs(): string[] {
  return [
    '-hide_banner',
    '-loglevel',
    'error',
    // Never over an existing file: ffmpeg would ask on stdin, which carries the frames.
    '-n',
    // Start on the first frame: the default probe waits for 5 s or 5 MB of input before writing anything.
    '-probesize',
    '32768',
    '-analyzeduration',
    '100000',
    '-fpsprobesize',
    '0',
    '-f',
    'matroska',
    '-i',
    'pipe:0',
  ];
}

function outputArgs(file: string): string[] {
  return [
    // A fragment per keyframe, the header first: every fragment written is playable without the rest.
    '-movflags',
    '+frag_keyframe+empty_moov+default_base_moof',
    '-f',
    'mp4',
    file,
  ];
}

/**
 * Opens the sink for one segment; the Matroska header is written at once. With `avcC` (the camera
 * side's H.264) the frames are access units and are copied, whatever the format says. `audio`'s
 * frames are copied beside the picture of a copy or an encode.
 */
export function openSink(
  format: RecordingFormat,
  file: string,
  width: number,
  height: number,
  options: SinkOptions,
  avcC?: Buffer,
  audio?: MkvAudio,
  codec?: 'h265',
): SegmentSink {
  const sink = avcC
    ? new FfmpegSink(file, options, 'copy', copyArgs(file, audio?.codec, codec))
    : format === 'h264'
      ? new FfmpegSink(file, options, 'encode', h264Args(file, options.keyframeSeconds, audio?.codec))
      : new FileSink(file);
  sink.start(mkvHeader(width, height, avcC, sink.kind === 'file' ? undefined : audio, codec));
  return sink;
}

abstract class StreamSink implements SegmentSink {
  failure: string | null = null;
  abstract readonly kind: SinkKind;
  protected abstract readonly out: Writable;

  start(header: Buffer): void {
    this.out.on('error', (err) => this.fail(err.message));
    this.out.write(header);
  }

  write(ms: number, jpeg: Buffer, keyframe = true): boolean {
    return this.failure ? true : this.writeFrame(mkvFrame(ms, jpeg, keyframe));
  }

  writeAudio(ms: number, frame: Buffer): boolean {
    return this.failure ? true : this.writeFrame(mkvFrame(ms, frame, true, 2));
  }

  /** A frame's parts in one writev: a write each cost a syscall and a wake-up of ffmpeg each (#29). */
  private writeFrame(parts: Buffer[]): boolean {
    this.out.cork();
    let room = true;
    for (const part of parts) room = this.out.write(part) && room;
    this.out.uncork();
    return room;
  }

  drain(): Promise<void> {
    if (this.failure || !this.out.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.out.off('drain', done);
        this.out.off('close', done);
        resolve();
      };
      this.out.on('drain', done);
      this.out.on('close', done);
    });
  }

  protected fail(why: string): void {
    this.failure ??= why;
  }

  abstract close(): Promise<void>;
}

class FileSink extends StreamSink {
  readonly kind = 'file';
  protected readonly out: WriteStream;

  constructor(file: string) {
    super();
    // `wx`: never over another segment's file.
    this.out = createWriteStream(file, { flags: 'wx' });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.out.closed) return resolve();
      this.out.once('close', () => resolve());
      this.out.end();
    });
  }
}

class FfmpegSink extends StreamSink {
  protected readonly out: Writable;
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;
  private stderr = '';

  constructor(
    private readonly file: string,
    private readonly options: SinkOptions,
    readonly kind: 'encode' | 'copy',
    args: string[],
  ) {
    super();
    this.child = spawn(options.ffmpegPath, args, { stdio: ['pipe', 'ignore', 'pipe'], windowsHide: true });
    // An encoder at the lowest priority: when the CPU is short, live viewing goes first and the encoder's
    // queue fills (its drops are counted). Measured (bench --only=recording): live p99 with 4 encoders rose
    // 1.8× over none at nice 10, 1.35× at 19, with no frame dropped either way. A copy stays at the relay's
    // own priority: it costs about 0.3% of a core, so lowering it spares live viewing nothing, and at nice 19
    // beside busy processes it got too little CPU to drain its pipe (a segment's close killed, frames dropped).
    try {
      if (kind === 'encode' && this.child.pid) setPriority(this.child.pid, constants.priority.PRIORITY_LOW);
    } catch {
      // Not allowed here (some containers): the encoder runs at normal priority.
    }
    this.child.stderr!.on('data', (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-2000)));
    this.out = this.child.stdin!;
    this.exited = new Promise((resolve) => {
      this.child.once('error', (err) => {
        this.fail(`ffmpeg could not start: ${err.message}`);
        resolve();
      });
      this.child.once('close', (code, signal) => {
        if (code !== 0) this.fail(`ffmpeg exited with ${signal ?? code}: ${this.stderr.trim().split('\n').at(-1) ?? ''}`);
        resolve();
      });
    });
  }

  /**
   * Ends its input and waits for ffmpeg to finish the file. It is killed only once it stops making progress (its
   * input unread and its file not growing for `closeTimeoutMs`), or past CLOSE_MAX_MS: an encoder at low priority
   * on a busy box finishes late, and killed at a fixed deadline it lost frames the record had counted.
   */
  async close(): Promise<void> {
    this.out.end();
    const quietMs = this.options.closeTimeoutMs ?? 10_000;
    const startedAt = Date.now();
    let movedAt = startedAt;
    let seen = { unread: this.out.writableLength, size: -2 };
    /** One look at its progress: the file's size (-1 when not there yet) and its input still unread. */
    const look = (size: number) => {
      const now = { unread: this.out.writableLength, size };
      if (now.unread !== seen.unread || now.size !== seen.size) movedAt = Date.now();
      seen = now;
      if (Date.now() - movedAt > quietMs || Date.now() - startedAt > CLOSE_MAX_MS) this.child.kill('SIGKILL');
    };
    // A file not there yet (an ffmpeg that has not opened it) is size -1: its input being read is progress all the same.
    const watch = setInterval(
      () =>
        void stat(this.file).then(
          (st) => look(st.size),
          () => look(-1),
        ),
      Math.min(1000, quietMs / 4),
    );
    await this.exited;
    clearInterval(watch);
  }
}
