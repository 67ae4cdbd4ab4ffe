/**
 * A video file of any kind ffmpeg reads (.mp4, .mkv, .avi, .mov…), played in a loop at the frame rate
 * asked and decoded to JPEGs on ffmpeg's stdout: the file source's third kind, beside a folder of JPEGs
 * and an .mjpeg file (#55). ffmpeg loops the file itself (`-stream_loop -1`) and paces it (`-re`).
 */
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { readJpegSize } from '../../common/codec/jpeg.js';
import { CamrelayError } from '../../shared/errors.js';
import { mjpegToStdout, scaleFilter } from '../transcode-args.js';
import { GLOBAL_ARGS } from './ffmpeg-args.js';
import { resolveFfmpegPath } from './ffmpeg-binary.js';
import { JpegSplitter } from './jpeg-splitter.js';
import { killableSpawnOptions, stopTree } from './kill-tree.js';
import type { SourceFrame, SourceOptions } from './source.js';

type Child = ChildProcessByStdio<null, Readable, Readable>;

/** How long start() waits for the first picture: a file opens at once, so a silence this long means it holds none. */
const START_TIMEOUT_MS = 15_000;
/** ffmpeg's last lines kept to say why a file did not play. */
const ERROR_LINES = 3;

/** ffmpeg's arguments: the file looped and paced, every picture at `fps`, scaled down as the camera flags ask, as JPEGs on stdout. */
export function videoFileArgs(file: string, opts: Pick<SourceOptions, 'fps' | 'width' | 'height' | 'quality'>): string[] {
  const filters = [`fps=${opts.fps}`, scaleFilter(opts.width, opts.height)].filter((f): f is string => f !== null);
  return [...GLOBAL_ARGS, '-stream_loop', '-1', '-re', '-i', file, '-an', '-sn', '-dn', '-vf', filters.join(','), ...mjpegToStdout(opts.quality)];
}

export class VideoFile {
  private child: Child | null = null;
  private exited: Promise<void> = Promise.resolve();
  private stopping = false;
  private readonly splitter = new JpegSplitter();

  constructor(
    private readonly file: string,
    private readonly opts: Pick<SourceOptions, 'fps' | 'width' | 'height' | 'quality' | 'ffmpegPath'>,
  ) {}

  /** Resolves at the first picture; rejects with SOURCE_UNAVAILABLE when ffmpeg cannot play the file. */
  start(onFrame: (frame: SourceFrame) => void, onError: (err: Error) => void): Promise<void> {
    const path = resolveFfmpegPath(this.opts.ffmpegPath);
    this.stopping = false;
    const child = spawn(path, videoFileArgs(this.file, this.opts), { windowsHide: true, stdio: ['ignore', 'pipe', 'pipe'], ...killableSpawnOptions() });
    this.child = child;
    const said: string[] = [];
    createInterface({ input: child.stderr, crlfDelay: Infinity }).on('line', (line) => {
      said.push(line.slice(0, 300));
      if (said.length > ERROR_LINES) said.shift();
    });
    const unplayable = (why: string): CamrelayError =>
      new CamrelayError('SOURCE_UNAVAILABLE', `file source: ${this.file} ${why}${said.length > 0 ? `: ${said.join(' | ')}` : ''}.`);
    let settle: ((err?: Error) => void) | null = null;
    const ready = new Promise<void>((resolve, reject) => {
      settle = (err) => {
        settle = null;
        clearTimeout(timer);
        if (err) reject(err);
        else resolve();
      };
    });
    const timer = setTimeout(() => {
      settle?.(unplayable(`gave no picture within ${START_TIMEOUT_MS / 1000} s`));
      void this.stop();
    }, START_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) =>
      this.splitter.push(chunk, (jpeg) => {
        if (this.stopping) return;
        settle?.();
        const size = readJpegSize(jpeg);
        onFrame({ jpeg, capturedAt: Date.now(), ...(size ?? {}) });
      }),
    );
    this.exited = new Promise((resolve) => {
      child.on('error', (err) => {
        if (child.pid !== undefined) return;
        settle?.(new CamrelayError('SOURCE_UNAVAILABLE', `Could not run ffmpeg at "${path}": ${err.message}`));
        resolve();
      });
      child.on('close', () => {
        if (this.child === child) this.child = null;
        // A looped file never ends: ffmpeg leaving is a failure, unless we stopped it.
        const err = unplayable('is not a video ffmpeg can play');
        if (settle) settle(this.stopping ? undefined : err);
        else if (!this.stopping) onError(err);
        resolve();
      });
    });
    return ready;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.child) await stopTree(this.child, this.exited, 1_500);
    else await this.exited;
  }
}
