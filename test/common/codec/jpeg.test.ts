import { describe, expect, it } from 'vitest';
import { hasJpegMarkers, readJpegSize } from '../../../common/codec/jpeg.js';
import { fakeJpegHeader, makeJpeg } from '../../helpers/jpeg.js';
import sharp from 'sharp';

describe('hasJpegMarkers', () => {
  it('accepts a real JPEG and refuses PNG, text and a JPEG without its end', async () => {
    const jpeg = await makeJpeg(16, 16);
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    expect(hasJpegMarkers(jpeg)).toBe(true);
    expect(hasJpegMarkers(png)).toBe(false);
    expect(hasJpegMarkers(Buffer.from('hello world'))).toBe(false);
    expect(hasJpegMarkers(jpeg.subarray(0, jpeg.length - 10))).toBe(false);
    expect(hasJpegMarkers(Buffer.alloc(0))).toBe(false);
  });

  it('refuses a JPEG start followed by HTML (a polyglot without a proper end)', () => {
    expect(hasJpegMarkers(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('<script>alert(1)</script>')]))).toBe(false);
  });
});

describe('readJpegSize', () => {
  it('reads the size of real baseline and progressive JPEGs', async () => {
    expect(readJpegSize(await makeJpeg(640, 360))).toEqual({ width: 640, height: 360 });
    const progressive = await sharp({ create: { width: 33, height: 17, channels: 3, background: '#123' } })
      .jpeg({ progressive: true })
      .toBuffer();
    expect(readJpegSize(progressive)).toEqual({ width: 33, height: 17 });
  });

  it('reads a header that claims a huge size without decoding anything', () => {
    expect(readJpegSize(fakeJpegHeader(65535, 65535))).toEqual({ width: 65535, height: 65535 });
  });

  it('returns null for a header with no frame segment or a broken length', () => {
    expect(readJpegSize(Buffer.from([0xff, 0xd8, 0xff, 0xda, 0, 2, 0xff, 0xd9]))).toBeNull();
    expect(readJpegSize(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]))).toBeNull();
    expect(readJpegSize(Buffer.from([0xff, 0xd8, 0x00, 0x00]))).toBeNull();
  });

  it('returns null for a frame header cut short, at every length before its width', () => {
    const header = fakeJpegHeader(640, 480);
    for (let n = 0; n < 11; n++) expect(readJpegSize(header.subarray(0, n))).toBeNull();
    expect(readJpegSize(header.subarray(0, 11))).toEqual({ width: 640, height: 480 });
  });

  it('returns null for a zero width or height', () => {
    expect(readJpegSize(fakeJpegHeader(0, 480))).toBeNull();
    expect(readJpegSize(fakeJpegHeader(640, 0))).toBeNull();
  });

  it('returns null when a segment says it runs past the end of the bytes', () => {
    expect(readJpegSize(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0xff, 0xff, 1, 2, 3]))).toBeNull();
  });

  it('walks 1 MB of fill bytes and empty segments to its end without finding a size', () => {
    const fill = new Uint8Array(1024 * 1024).fill(0xff);
    fill.set([0xff, 0xd8]);
    expect(readJpegSize(fill)).toBeNull();
    const segments = new Uint8Array(1024 * 1024);
    segments.set([0xff, 0xd8]);
    for (let i = 2; i + 4 <= segments.length; i += 4) segments.set([0xff, 0xfe, 0, 2], i);
    expect(readJpegSize(segments)).toBeNull();
  });
});
