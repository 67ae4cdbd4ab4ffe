/** The BMP decoder against hand-built bitmaps in the layouts CommandCam writes, and sharp's JPEG out. */
import { describe, expect, it } from 'vitest';
import { hasJpegMarkers, readJpegSize } from '../../../shared/jpeg.js';
import { bmpToJpeg, decodeBmp } from '../../../capture-client/sources/bmp.js';
import { rawPixels } from '../../helpers/jpeg.js';

type Rgb = [number, number, number];

/** Writes a BMP by hand, as CommandCam does (24-bit bottom-up) or in the 32-bit BI_BITFIELDS variant. */
function makeBmp(pixels: Rgb[][], opts: { bpp?: 24 | 32; topDown?: boolean; masks?: [number, number, number] } = {}): Buffer {
  const { bpp = 24, topDown = false, masks } = opts;
  const height = pixels.length;
  const width = pixels[0]!.length;
  const stride = Math.ceil((width * bpp) / 32) * 4;
  const header = 14 + 40 + (masks ? 12 : 0);
  const buf = Buffer.alloc(header + stride * height);
  buf.write('BM', 0, 'latin1');
  buf.writeUInt32LE(buf.length, 2);
  buf.writeUInt32LE(header, 10);
  buf.writeUInt32LE(40, 14);
  buf.writeInt32LE(width, 18);
  buf.writeInt32LE(topDown ? -height : height, 22);
  buf.writeUInt16LE(1, 26);
  buf.writeUInt16LE(bpp, 28);
  buf.writeUInt32LE(masks ? 3 : 0, 30);
  if (masks) masks.forEach((m, i) => buf.writeUInt32LE(m >>> 0, 54 + i * 4));
  const [rAt, gAt, bAt] = masks ? masks.map((m) => [0xff, 0xff00, 0xff0000, 0xff000000].indexOf(m >>> 0)) : [2, 1, 0];
  for (let y = 0; y < height; y++) {
    const row = header + (topDown ? y : height - 1 - y) * stride;
    for (let x = 0; x < width; x++) {
      const p = row + x * (bpp / 8);
      const [r, g, b] = pixels[y]![x]!;
      buf[p + rAt!] = r;
      buf[p + gAt!] = g;
      buf[p + bAt!] = b;
    }
  }
  return buf;
}

const RED: Rgb = [255, 0, 0];
const GREEN: Rgb = [0, 255, 0];
const BLUE: Rgb = [0, 0, 255];
const WHITE: Rgb = [255, 255, 255];

/** 3x2, an odd width so each 24-bit row carries padding. */
const PICTURE: Rgb[][] = [
  [RED, GREEN, BLUE],
  [WHITE, BLUE, RED],
];

describe('bmp', () => {
  describe('#decodeBmp', () => {
    it('reads a bottom-up 24-bit BMP with row padding into top-down RGB', () => {
      const { data, width, height } = decodeBmp(makeBmp(PICTURE));
      expect([width, height]).toEqual([3, 2]);
      expect([...data]).toEqual(PICTURE.flat(2));
    });

    it('reads a top-down 32-bit BMP with BI_BITFIELDS masks', () => {
      const bmp = makeBmp(PICTURE, { bpp: 32, topDown: true, masks: [0xff, 0xff00, 0xff0000] });
      expect([...decodeBmp(bmp).data]).toEqual(PICTURE.flat(2));
    });

    it('rejects what is not a BMP, or a BMP it cannot read, with SOURCE_FAILED', () => {
      expect(() => decodeBmp(Buffer.alloc(60))).toThrow(expect.objectContaining({ code: 'SOURCE_FAILED' }));
      const eightBit = makeBmp(PICTURE);
      eightBit.writeUInt16LE(8, 28);
      expect(() => decodeBmp(eightBit)).toThrow(/8 bits per pixel/);
      expect(() => decodeBmp(makeBmp(PICTURE).subarray(0, 60))).toThrow(/truncated/);
    });
  });

  describe('#bmpToJpeg', () => {
    it('converts a CommandCam-style BMP to a JPEG of the same size and colours', async () => {
      const big: Rgb[][] = Array.from({ length: 32 }, (_, y) => Array.from({ length: 33 }, (_, x): Rgb => (y < 16 ? (x < 16 ? RED : GREEN) : BLUE)));
      const jpeg = await bmpToJpeg(makeBmp(big), 90);
      expect(hasJpegMarkers(jpeg)).toBe(true);
      expect(readJpegSize(jpeg)).toEqual({ width: 33, height: 32 });
      const { data, width, channels } = await rawPixels(jpeg);
      const at = (x: number, y: number): number[] => [...data.subarray((y * width + x) * channels, (y * width + x) * channels + 3)];
      const near = (got: number[], want: Rgb): boolean => got.every((v, i) => Math.abs(v - want[i]!) < 40);
      expect(near(at(4, 4), RED)).toBe(true);
      expect(near(at(28, 4), GREEN)).toBe(true);
      expect(near(at(16, 28), BLUE)).toBe(true);
    });
  });
});
