/** Resizes or re-encodes frames with sharp, only when asked and only when the frame does not already fit. */
import { CamrelayError } from '../shared/errors.js';
import { readJpegSize } from '../shared/jpeg.js';
import type { SourceFrame } from './sources/source.js';

export interface TranscodeOptions {
  /** Largest width; the height follows the aspect ratio. Smaller frames are not enlarged. */
  width?: number;
  /** Largest height, the same way; with a width too, the frame fits inside both. */
  height?: number;
  /** JPEG quality 1-100; when set, every frame is re-encoded (a JPEG does not record the quality it was made at). */
  quality?: number;
}

type Sharp = (typeof import('sharp'))['default'];
let loading: Promise<Sharp> | undefined;

/**
 * sharp on first use, so only --width and --quality need it: it is a native module the one-file
 * capture program (tools/build-capture) does not carry. Rejects with MODULE_MISSING when it cannot load.
 */
export function loadSharp(): Promise<Sharp> {
  loading ??= import('sharp')
    .then(async ({ default: sharp }) => {
      // One pixel proves the native part loads too: a bundle's stand-in for sharp only fails when called.
      await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } })
        .jpeg()
        .toBuffer();
      return sharp;
    })
    .catch((err: unknown) => {
      loading = undefined;
      if (err instanceof CamrelayError) throw err;
      throw new CamrelayError('MODULE_MISSING', `--width and --quality need sharp, which could not be loaded: ${(err as Error).message}`);
    });
  return loading;
}

export class Transcoder {
  readonly width: number | undefined;
  readonly height: number | undefined;
  readonly quality: number | undefined;

  constructor(opts: TranscodeOptions = {}) {
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
  }

  /** True when no option is set, so every frame passes through untouched. */
  get isPassThrough(): boolean {
    return this.width === undefined && this.height === undefined && this.quality === undefined;
  }

  /** Loads sharp when an option needs it; rejects with MODULE_MISSING when it cannot. */
  async ready(): Promise<void> {
    if (!this.isPassThrough) await loadSharp();
  }

  /** True when this frame would be changed; reads the header only, never the pixels. */
  needsWork(jpeg: Uint8Array): boolean {
    if (this.quality !== undefined) return true;
    if (this.width === undefined && this.height === undefined) return false;
    const size = readJpegSize(jpeg);
    // An unreadable header goes through sharp, which decodes it properly or fails loudly.
    return size === null || size.width > (this.width ?? Infinity) || size.height > (this.height ?? Infinity);
  }

  /** The frame itself (same object, zero copies) when it already fits, else a new frame with the new JPEG and size. */
  async transcode(frame: SourceFrame): Promise<SourceFrame> {
    if (!this.needsWork(frame.jpeg)) return frame;
    let img = (await loadSharp())(frame.jpeg);
    // Enlarging adds bytes but no detail, so a smaller frame keeps its size; 'inside' keeps the aspect ratio.
    if (this.width !== undefined || this.height !== undefined) {
      img = img.resize({
        ...(this.width ? { width: this.width } : {}),
        ...(this.height ? { height: this.height } : {}),
        fit: 'inside',
        withoutEnlargement: true,
      });
    }
    const { data, info } = await img.jpeg({ quality: this.quality ?? 80 }).toBuffer({ resolveWithObject: true });
    return { ...frame, jpeg: data, width: info.width, height: info.height };
  }
}
