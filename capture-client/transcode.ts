/** Resizes or re-encodes frames with sharp, only when asked and only when the frame does not already fit. */
import sharp from 'sharp';
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
    let img = sharp(frame.jpeg);
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
