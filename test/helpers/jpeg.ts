/** Small real JPEGs made with sharp, for tests that need frames. */
import sharp from 'sharp';

/** A real JPEG of the given size, its colour set by `n` so frames differ. */
export async function makeJpeg(width = 64, height = 48, n = 0): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: (n * 37) % 256, g: (n * 91) % 256, b: 128 } } })
    .jpeg({ quality: 80 })
    .toBuffer();
}

/** A minimal hand-built JPEG header claiming any size; not decodable, but passes marker checks. */
export function fakeJpegHeader(width: number, height: number): Buffer {
  const sof = [0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
  return Buffer.from([0xff, 0xd8, ...sof, 0xff, 0xda, 0x00, 0x08, 1, 1, 0, 0, 0x3f, 0, 0x12, 0x34, 0xff, 0xd9]);
}
