/**
 * Resizes or re-encodes frames with ffmpeg, only when asked and only when the frame does not already fit.
 * No sharp: the one-file capture program carries ffmpeg and no native modules, and every flag must work there.
 */
import { CamrelayError } from '../shared/errors.js';
import { readJpegSize } from '../common/codec/jpeg.js';
import { FfmpegTranscoder } from './ffmpeg-transcoder.js';
import type { SourceFrame } from './sources/source.js';

export interface TranscodeOptions {
  /** Largest width; the height follows the aspect ratio. Smaller frames are not enlarged. */
  width?: number;
  /** Largest height, the same way; with a width too, the frame fits inside both. */
  height?: number;
  /** JPEG quality 1-100; when set, every frame is re-encoded (a JPEG does not record the quality it was made at). */
  quality?: number;
  /** --ffmpeg-path; default: beside the program, else @ffmpeg-installer. */
  ffmpegPath?: string;
}

export class Transcoder {
  readonly width: number | undefined;
  readonly height: number | undefined;
  readonly quality: number | undefined;
  private readonly ffmpegPath: string | undefined;
  private engine: FfmpegTranscoder<SourceFrame> | null = null;

  /** `onFrame` gets every frame, passed through or transcoded, in order; `onDropped` each frame that could not be. */
  constructor(
    opts: TranscodeOptions = {},
    private readonly onFrame: (frame: SourceFrame) => void = () => {},
    private readonly onDropped: (err?: Error) => void = () => {},
  ) {
    const { width, height, quality } = opts;
    if (width !== undefined && (!Number.isInteger(width) || width < 16 || width > 7680)) {
      throw new CamrelayError('BAD_CONFIG', `width must be an integer 16-7680, got ${width}.`);
    }
    if (height !== undefined && (!Number.isInteger(height) || height < 16 || height > 4320)) {
      throw new CamrelayError('BAD_CONFIG', `height must be an integer 16-4320, got ${height}.`);
    }
    if (quality !== undefined && (!Number.isInteger(quality) || quality < 1 || quality > 100)) {
      throw new CamrelayError('BAD_CONFIG', `quality must be an integer 1-100, got ${quality}.`);
    }
    this.width = width;
    this.height = height;
    this.quality = quality;
    this.ffmpegPath = opts.ffmpegPath;
  }

  /** True when no option is set, so every frame passes through untouched. */
  get isPassThrough(): boolean {
    return this.width === undefined && this.height === undefined && this.quality === undefined;
  }

  /** Finds ffmpeg when an option needs it; rejects with SOURCE_UNAVAILABLE (naming --ffmpeg-path) when there is none. */
  async ready(): Promise<void> {
    if (!this.isPassThrough) this.ffmpeg();
  }

  /** True when this frame would be changed; reads the header only, never the pixels. */
  needsWork(jpeg: Uint8Array): boolean {
    if (this.quality !== undefined) return true;
    if (this.width === undefined && this.height === undefined) return false;
    const size = readJpegSize(jpeg);
    // An unreadable header goes through ffmpeg, which decodes it properly or fails loudly.
    return size === null || size.width > (this.width ?? Infinity) || size.height > (this.height ?? Infinity);
  }

  /**
   * Hands the frame itself (same object, zero copies) to onFrame when it already fits; else sends it to
   * ffmpeg, whose answer reaches onFrame later with the frame's capture time and its new size. A frame
   * ffmpeg has no room for, or one that is not a JPEG, goes to onDropped.
   */
  push(frame: SourceFrame): void {
    if (!this.needsWork(frame.jpeg)) return this.onFrame(frame);
    try {
      if (!this.ffmpeg().push(frame.jpeg, frame)) this.onDropped();
    } catch (err) {
      this.onDropped(err as Error);
    }
  }

  /** Ends the transcoding ffmpeg, if one was started; frames still inside it reach onFrame first. */
  async close(): Promise<void> {
    await this.engine?.close();
    this.engine = null;
  }

  private ffmpeg(): FfmpegTranscoder<SourceFrame> {
    const { width, height, quality, ffmpegPath } = this;
    this.engine ??= new FfmpegTranscoder<SourceFrame>(
      {
        ...(width === undefined ? {} : { width }),
        ...(height === undefined ? {} : { height }),
        ...(quality === undefined ? {} : { quality }),
        ...(ffmpegPath === undefined ? {} : { ffmpegPath }),
      },
      (jpeg, from) => {
        const size = readJpegSize(jpeg);
        const frame = { ...(from ?? { capturedAt: Date.now() }), jpeg };
        this.onFrame(size ? { ...frame, width: size.width, height: size.height } : frame);
      },
      (err) => this.onDropped(err),
    );
    return this.engine;
  }
}
