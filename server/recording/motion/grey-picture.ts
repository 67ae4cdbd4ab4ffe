/**
 * A camera's JPEG as the small greyscale picture motion detection compares. libjpeg scales in the
 * DCT (shrink-on-load, 1/2 to 1/8), so a 720p frame is never decoded at full size; what is left is
 * mostly entropy decoding, which no scale avoids (bench/motion-cost.ts measures it). Runs on
 * libuv's thread pool, never on the event loop.
 */
import sharp from 'sharp';

/** Width of the compared picture: a person across a 720p frame still covers dozens of its pixels. */
export const GRID_WIDTH = 160;

export interface GreyPicture {
  data: Uint8Array;
  width: number;
  height: number;
}

/** The compared picture's size for a frame of `width`×`height` (never wider than the frame). */
export function gridOf(width: number, height: number): { width: number; height: number } {
  const w = Math.max(1, Math.min(GRID_WIDTH, width));
  return { width: w, height: Math.max(1, Math.round((w * height) / Math.max(1, width))) };
}

/** Decodes `jpeg` (`width`×`height` as its sender said) to the compared picture, one byte per pixel. */
export async function greyPicture(jpeg: Buffer, width: number, height: number): Promise<GreyPicture> {
  const grid = gridOf(width, height);
  // Nearest-neighbour after the DCT shrink: the 1/8 scale has averaged each 8×8 block already.
  const { data, info } = await sharp(jpeg, { failOn: 'none', sequentialRead: true })
    .resize(grid.width, grid.height, { fit: 'fill', fastShrinkOnLoad: true, kernel: 'nearest' })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}
