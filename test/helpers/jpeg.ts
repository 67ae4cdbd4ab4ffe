/** Small real JPEGs made with sharp, for tests that need frames. */
import sharp from 'sharp';

/** A real JPEG of the given size, its colour set by `n` so frames differ. */
export function makeJpeg(width = 64, height = 48, n = 0): Promise<Buffer> {
  return solidJpeg(width, height, [(n * 37) % 256, (n * 91) % 256, 128]);
}

/** A minimal hand-built JPEG header claiming any size; not decodable, but passes marker checks. */
export function fakeJpegHeader(width: number, height: number): Buffer {
  const sof = [0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
  return Buffer.from([0xff, 0xd8, ...sof, 0xff, 0xda, 0x00, 0x08, 1, 1, 0, 0, 0x3f, 0, 0x12, 0x34, 0xff, 0xd9]);
}

/** A solid-colour JPEG of the given size. */
export function solidJpeg(width: number, height: number, rgb: [number, number, number] = [200, 40, 40]): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } })
    .jpeg({ quality: 80 })
    .toBuffer();
}

/** A JPEG with an EXIF APP1 segment that embeds a whole thumbnail JPEG (its own SOI..EOI) before the main image. */
export async function jpegWithExifThumbnail(width: number, height: number): Promise<{ jpeg: Buffer; thumbnail: Buffer }> {
  const main = await solidJpeg(width, height, [20, 120, 220]);
  const thumbnail = await solidJpeg(16, 16, [250, 250, 0]);
  // Minimal APP1: "Exif\0\0" + a placeholder TIFF header, then the thumbnail bytes, as cameras lay it out.
  const tiff = Buffer.from([0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00]);
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff, thumbnail]);
  const app1 = Buffer.alloc(4);
  app1.writeUInt16BE(0xffe1, 0);
  app1.writeUInt16BE(body.length + 2, 2);
  return { jpeg: Buffer.concat([main.subarray(0, 2), app1, body, main.subarray(2)]), thumbnail };
}

/** Decodes to raw pixels, to compare frames or read a colour. */
export async function rawPixels(jpeg: Buffer): Promise<{ data: Buffer; width: number; height: number; channels: number }> {
  const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

/** A JPEG that compresses badly (noise), to load a link with realistic frame sizes. */
export function noisyJpeg(width: number, height: number, seed = 0): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: seed % 256, g: 90, b: 160 }, noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
    .jpeg({ quality: 85 })
    .toBuffer();
}
