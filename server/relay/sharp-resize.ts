/**
 * The relay's Resize, with sharp: libvips decodes a JPEG at 1/2, 1/4 or 1/8 of its size when the
 * target allows (shrink-on-load), so most of a rendition's cost is a smaller decode. Runs on
 * libuv's thread pool, never on the event loop.
 */
import sharp from 'sharp';
import type { Resize } from './renditions.js';

export const sharpResize: Resize = async (jpeg, width, quality) => {
  const { data, info } = await sharp(jpeg, { failOn: 'error' })
    .resize({ width, withoutEnlargement: true, fastShrinkOnLoad: true })
    .jpeg({ quality })
    .toBuffer({ resolveWithObject: true });
  return { jpeg: data, width: info.width, height: info.height };
};
