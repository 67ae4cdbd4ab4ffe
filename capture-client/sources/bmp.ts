/** A small BMP decoder (24- and 32-bit, uncompressed) and BMP → JPEG, because sharp's libvips has no BMP loader. */
import sharp from 'sharp';
import { CamrelayError } from '../../shared/errors.js';

export interface RawRgb {
  /** Top-down RGB, 3 bytes a pixel, no row padding. */
  data: Buffer;
  width: number;
  height: number;
}

const BI_RGB = 0;
const BI_BITFIELDS = 3;

function bad(why: string): never {
  throw new CamrelayError('SOURCE_FAILED', `The webcam shot is not a BMP this decoder reads: ${why}.`);
}

/** Byte offset of an 8-bit channel mask within a little-endian 32-bit pixel (0x00ff0000 → 2). */
function maskByte(mask: number): number {
  const at = [0x000000ff, 0x0000ff00, 0x00ff0000, 0xff000000].indexOf(mask >>> 0);
  return at >= 0 ? at : bad(`channel mask 0x${(mask >>> 0).toString(16)} is not byte-aligned`);
}

/** Decodes BITMAPINFOHEADER (and V4/V5) BMPs as CommandCam writes them: 24-bit BGR, usually bottom-up. */
export function decodeBmp(buf: Buffer): RawRgb {
  if (buf.length < 54 || buf[0] !== 0x42 || buf[1] !== 0x4d) bad('no "BM" signature');
  const dataOffset = buf.readUInt32LE(10);
  const headerSize = buf.readUInt32LE(14);
  if (headerSize < 40) bad(`header size ${headerSize} (OS/2 bitmaps are not supported)`);
  const width = buf.readInt32LE(18);
  const rawHeight = buf.readInt32LE(22);
  const bpp = buf.readUInt16LE(28);
  const compression = buf.readUInt32LE(30);
  const height = Math.abs(rawHeight);
  const topDown = rawHeight < 0;
  if (width <= 0 || height === 0 || width > 16384 || height > 16384) bad(`size ${width}x${rawHeight}`);
  if (bpp !== 24 && bpp !== 32) bad(`${bpp} bits per pixel`);
  if (compression !== BI_RGB && !(bpp === 32 && compression === BI_BITFIELDS)) bad(`compression ${compression}`);

  // BGRX by default; BI_BITFIELDS masks sit right after a 40-byte header, or inside a V4/V5 one at the same place.
  let [r, g, b] = [2, 1, 0];
  if (compression === BI_BITFIELDS) {
    if (buf.length < 66) bad('truncated channel masks');
    [r, g, b] = [maskByte(buf.readUInt32LE(54)), maskByte(buf.readUInt32LE(58)), maskByte(buf.readUInt32LE(62))];
  }
  const bytesPerPixel = bpp / 8;
  const stride = Math.ceil((width * bpp) / 32) * 4;
  if (dataOffset + stride * (height - 1) + width * bytesPerPixel > buf.length) bad('truncated pixel data');

  const out = Buffer.allocUnsafe(width * height * 3);
  for (let y = 0; y < height; y++) {
    const src = dataOffset + (topDown ? y : height - 1 - y) * stride;
    let o = y * width * 3;
    for (let x = 0, s = src; x < width; x++, s += bytesPerPixel) {
      out[o++] = buf[s + r]!;
      out[o++] = buf[s + g]!;
      out[o++] = buf[s + b]!;
    }
  }
  return { data: out, width, height };
}

/** Converts a BMP shot to a JPEG at the given quality. */
export async function bmpToJpeg(bmp: Buffer, quality = 80): Promise<Buffer> {
  const { data, width, height } = decodeBmp(bmp);
  return sharp(data, { raw: { width, height, channels: 3 } })
    .jpeg({ quality })
    .toBuffer();
}
