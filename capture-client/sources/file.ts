/** Replays recorded frames in a loop: a folder of JPEG files (by name), one .mjpeg file, or a video file ffmpeg plays (video-file.ts). */
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { CamrelayError } from '../../shared/errors.js';
import { hasJpegMarkers, readJpegSize } from '../../common/codec/jpeg.js';
import { MjpegFileReader } from './mjpeg-file-reader.js';
import type { FrameSource, SourceFrame, SourceOptions } from './source.js';
import { Ticker } from './ticker.js';
import { VideoFile } from './video-file.js';

const JPEG_EXT = new Set(['.jpg', '.jpeg']);
const MJPEG_EXT = new Set(['.mjpeg', '.mjpg']);

/** JPEG file names of a folder in name order, numbers compared as numbers (frame2 before frame10). */
export function sortJpegNames(names: readonly string[]): string[] {
  return names.filter((n) => JPEG_EXT.has(extname(n).toLowerCase())).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

export class FileSource implements FrameSource {
  readonly name = 'file' as const;
  private readonly path: string;
  private readonly ticker: Ticker;
  private reader: MjpegFileReader | null = null;
  private video: VideoFile | null = null;

  constructor(private readonly opts: SourceOptions) {
    if (!opts.path) throw new CamrelayError('BAD_CONFIG', 'The file source needs a path: a folder of .jpg files, an .mjpeg file or a video file.');
    if (!(opts.fps > 0)) throw new CamrelayError('BAD_CONFIG', `fps must be a positive number, got ${opts.fps}.`);
    this.path = opts.path;
    this.ticker = new Ticker(opts.fps);
  }

  async start(onFrame: (frame: SourceFrame) => void, onError: (err: Error) => void): Promise<void> {
    if (this.ticker.running || this.video) throw new CamrelayError('SOURCE_FAILED', 'This file source is already running.');
    const next = await this.open();
    // Any other file is a video for ffmpeg, which paces and loops it itself.
    if (next === 'video') {
      const video = (this.video = new VideoFile(this.path, this.opts));
      return await video.start(onFrame, onError).catch((err: unknown) => {
        this.video = null;
        throw err;
      });
    }
    this.ticker.start(
      async () => {
        const jpeg = await next();
        const size = readJpegSize(jpeg);
        return { jpeg, capturedAt: Date.now(), ...(size ?? {}) };
      },
      onFrame,
      (err) => {
        void this.reader?.close();
        onError(err instanceof CamrelayError ? err : new CamrelayError('SOURCE_FAILED', `file source: ${err.message}`));
      },
    );
  }

  async stop(): Promise<void> {
    const video = this.video;
    this.video = null;
    await video?.stop();
    await this.ticker.stop();
    const reader = this.reader;
    this.reader = null;
    await reader?.close();
  }

  /** Checks the path and returns a function giving the next frame, looping forever, or 'video' for ffmpeg to play. */
  private async open(): Promise<(() => Promise<Buffer>) | 'video'> {
    const unavailable = (why: string): CamrelayError => new CamrelayError('SOURCE_UNAVAILABLE', `file source: ${this.path} ${why}`);
    const info = await stat(this.path).catch(() => null);
    if (!info) throw unavailable('does not exist.');
    if (info.isDirectory()) {
      const files = sortJpegNames(await readdir(this.path)).map((n) => join(this.path, n));
      return this.loopFiles(files, unavailable('holds no .jpg or .jpeg file that is a JPEG.'));
    }
    const ext = extname(this.path).toLowerCase();
    if (JPEG_EXT.has(ext)) return this.loopFiles([this.path], unavailable('is not a JPEG.'));
    if (!MJPEG_EXT.has(ext)) return 'video';
    const reader = new MjpegFileReader(this.path);
    this.reader = reader;
    const nextOrThrow = async (): Promise<Buffer> => {
      const jpeg = await reader.next();
      if (!jpeg) throw unavailable('holds no whole JPEG frame.');
      return jpeg;
    };
    // Read the first frame now, so an empty or broken file rejects start() instead of failing later.
    const first = await nextOrThrow().catch(async (err: unknown) => {
      await reader.close();
      this.reader = null;
      throw err;
    });
    let pending: Buffer | null = first;
    return async () => {
      const jpeg = pending ?? (await nextOrThrow());
      pending = null;
      return jpeg;
    };
  }

  /** Reads the files one per tick, skipping any that is not a JPEG, so a stray file does not stop the loop. */
  private async loopFiles(files: string[], none: CamrelayError): Promise<() => Promise<Buffer>> {
    const readJpeg = async (p: string): Promise<Buffer | null> => {
      const buf = await readFile(p).catch(() => null);
      return buf && hasJpegMarkers(buf) ? buf : null;
    };
    let i = 0;
    let first: Buffer | null = null;
    for (; i < files.length && !first; i++) first = await readJpeg(files[i]!);
    if (!first) throw none;
    let pending: Buffer | null = first;
    i = i % files.length;
    return async () => {
      if (pending) {
        const jpeg = pending;
        pending = null;
        return jpeg;
      }
      for (let tries = 0; tries < files.length; tries++) {
        const p = files[i]!;
        i = (i + 1) % files.length;
        const jpeg = await readJpeg(p);
        if (jpeg) return jpeg;
      }
      throw none;
    };
  }
}
