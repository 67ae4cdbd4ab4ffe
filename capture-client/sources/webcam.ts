/**
 * The fallback for cameras the ffmpeg source cannot open as it likes. Linux and macOS: still shots through
 * node-webcam, one fswebcam or imagesnap process per frame, so about 0.5-2 fps. Windows: ffmpeg in its most
 * forgiving mode (whatever format the camera gives, encoded to JPEG, surplus frames dropped before the
 * encoder), since node-webcam's CommandCam.exe waits 2 s a shot, cannot write to long or non-ASCII paths,
 * and is downloaded from GitHub at npm install.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CamrelayError } from '../../shared/errors.js';
import { hasJpegMarkers, readJpegSize } from '../../common/codec/jpeg.js';
import { FfmpegSource } from './ffmpeg.js';
import type { FrameSource, SourceFrame, SourceOptions } from './source.js';
import { Ticker } from './ticker.js';
import { findWebcamTool } from './webcam-tool.js';

export interface WebcamSourceOptions extends SourceOptions {
  platform?: NodeJS.Platform;
  /** PATH searched for fswebcam/imagesnap; default process.env.PATH. */
  pathEnv?: string;
  /** Requires node-webcam; a test passes one that fails as a missing optional dependency does. */
  requireNodeWebcam?: () => unknown;
}

interface NodeWebcamCam {
  capture(location: string, done: (err: Error | null) => void): void;
}
export interface NodeWebcamModule {
  Factory: { create(opts: Record<string, unknown>, type?: string): NodeWebcamCam };
}

/**
 * node-webcam, loaded only when the webcam source starts on Linux or macOS. It is an optional dependency: npm
 * leaves it out, and goes on, when its install script fails (that script downloads CommandCam.exe from GitHub).
 */
export function loadNodeWebcam(load: () => unknown = () => createRequire(import.meta.url)('node-webcam')): NodeWebcamModule {
  try {
    return load() as NodeWebcamModule;
  } catch (err) {
    throw new CamrelayError(
      'SOURCE_UNAVAILABLE',
      `The webcam source needs the node-webcam package, which is not installed (${(err as Error).message.split('\n')[0]}). ` +
        'It is optional: install it with "npm install node-webcam", or use --source ffmpeg.',
    );
  }
}

/** node-webcam's device argument; it goes into a shell string, so anything but plain names is refused. */
export function webcamDevice(device: string | undefined, platform: NodeJS.Platform): string | false {
  if (device === undefined) return false;
  const refuse = (why: string): never => {
    throw new CamrelayError('BAD_CONFIG', `webcam source: device "${device}" ${why}`);
  };
  if (platform === 'darwin') return /['"\\$`]/.test(device) ? refuse('must not contain quotes, $, ` or \\.') : device;
  if (/^\d+$/.test(device)) return `/dev/video${device}`;
  return /^[\w./:-]+$/.test(device) ? device : refuse('must be an index or a /dev path.');
}

/** Quotes the shot path for the shell node-webcam runs (sh). */
function shellQuote(path: string): string {
  if (path.includes("'")) throw new CamrelayError('SOURCE_UNAVAILABLE', `webcam source: the temp folder ${path} contains a quote.`);
  return `'${path}'`;
}

function captureError(err: Error): CamrelayError {
  const text = err.message.trim().split(/\r?\n/).slice(-3).join(' | ');
  if (/No webcam found|not found|No such (?:file|device)|No devices found|no video devices/i.test(text)) {
    return new CamrelayError('CAMERA_NOT_FOUND', `The webcam tool found no camera (${text}): run with --list-devices.`);
  }
  if (/busy|in use/i.test(text)) {
    return new CamrelayError('CAMERA_BUSY', `The camera is busy (${text}): close the other app using the camera.`);
  }
  return new CamrelayError('SOURCE_FAILED', `The webcam tool failed: ${text}`);
}

export class WebcamSource implements FrameSource {
  readonly name = 'webcam' as const;
  private readonly opts: WebcamSourceOptions;
  private readonly platform: NodeJS.Platform;
  private readonly ticker: Ticker;
  private dir: string | null = null;
  /** Windows: the ffmpeg that takes the pictures. */
  readonly ffmpeg: FfmpegSource | null;

  constructor(opts: WebcamSourceOptions) {
    if (!(opts.fps > 0)) throw new CamrelayError('BAD_CONFIG', `fps must be a positive number, got ${opts.fps}.`);
    this.opts = opts;
    this.platform = opts.platform ?? process.platform;
    this.ticker = new Ticker(opts.fps);
    this.ffmpeg = this.platform === 'win32' ? new FfmpegSource({ ...opts, platform: 'win32', encode: true }) : null;
  }

  note(): string | null {
    return this.ffmpeg?.note() ?? null;
  }

  async start(onFrame: (frame: SourceFrame) => void, onError: (err: Error) => void): Promise<void> {
    if (this.ffmpeg) return this.ffmpeg.start(onFrame, onError);
    if (this.ticker.running) throw new CamrelayError('SOURCE_FAILED', 'This webcam source is already running.');
    const { platform } = this;
    const nodeWebcam = loadNodeWebcam(this.opts.requireNodeWebcam);
    findWebcamTool({ platform, pathEnv: this.opts.pathEnv ?? process.env.PATH });
    const device = webcamDevice(this.opts.device, platform);
    const quality = this.opts.quality ?? 80;
    const cam = nodeWebcam.Factory.create(
      {
        width: this.opts.width ?? 640,
        height: this.opts.height ?? 480,
        quality,
        delay: 0,
        device,
        saveShots: false,
        output: 'jpeg',
        callbackReturn: 'location',
        verbose: false,
      },
      platform,
    );
    this.dir = await mkdtemp(join(tmpdir(), 'camrelay-webcam-'));
    const file = join(this.dir, 'shot.jpg');
    const location = shellQuote(file);

    const shoot = async (): Promise<Buffer> => {
      await rm(file, { force: true }); // never mistake the previous shot for a new one
      await new Promise<void>((resolve, reject) => cam.capture(location, (err) => (err ? reject(captureError(err)) : resolve())));
      const data = await readFile(file).catch(() => {
        throw new CamrelayError('SOURCE_FAILED', 'The webcam tool reported success but wrote no image.');
      });
      if (!hasJpegMarkers(data)) throw new CamrelayError('SOURCE_FAILED', 'The webcam tool wrote something that is not a JPEG.');
      return data;
    };

    let pending: SourceFrame | null;
    try {
      pending = this.frame(await shoot(), Date.now());
    } catch (err) {
      await this.removeDir();
      throw err;
    }
    // One shot per tick and the ticker awaits it, so shots never overlap; slow shots skip ticks.
    this.ticker.start(
      async () => {
        const capturedAt = Date.now();
        const frame = pending ?? this.frame(await shoot(), capturedAt);
        pending = null;
        return frame;
      },
      onFrame,
      (err) => {
        void this.removeDir();
        onError(err);
      },
    );
  }

  async stop(): Promise<void> {
    if (this.ffmpeg) return this.ffmpeg.stop();
    await this.ticker.stop();
    await this.removeDir();
  }

  private frame(jpeg: Buffer, capturedAt: number): SourceFrame {
    const size = readJpegSize(jpeg);
    return { jpeg, capturedAt, ...(size ?? {}) };
  }

  private async removeDir(): Promise<void> {
    const dir = this.dir;
    this.dir = null;
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}
