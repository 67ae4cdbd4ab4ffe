import { describe, expect, it } from 'vitest';
import { hasJpegMarkers, JPEG_BAD, JPEG_MORE, jpegMarkerEnd, readJpegSize } from '../../../common/codec/jpeg.js';
import { fakeJpegHeader, jpegWithExifThumbnail, makeJpeg } from '../../helpers/jpeg.js';
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

describe('jpegMarkerEnd', () => {
  it('walks a real JPEG with an EXIF thumbnail from SOI to SOS, stepping over the thumbnail inside APP1', async () => {
    const { jpeg } = await jpegWithExifThumbnail(64, 48);
    const markers: number[] = [];
    let at = 0;
    while (jpeg[at + 1] !== 0xda) {
      markers.push(jpeg[at + 1]!);
      at = jpegMarkerEnd(jpeg, at);
      expect(at).toBeGreaterThan(0);
    }
    expect(markers[0]).toBe(0xd8);
    expect(markers).toContain(0xe1);
    expect(markers.filter((m) => m === 0xd8)).toHaveLength(1);
  });

  it('steps over fill bytes and markers without a length', () => {
    const bytes = Uint8Array.from([0xff, 0xff, 0xd0, 0xff, 0x01, 0xff, 0xd9]);
    expect([0, 1, 3, 5].map((at) => jpegMarkerEnd(bytes, at))).toEqual([1, 3, 5, 7]);
  });

  it('says MORE when the bytes end before a marker or its length, and BAD for no marker or a length under 2', () => {
    expect(jpegMarkerEnd(Uint8Array.from([0xff]), 0)).toBe(JPEG_MORE);
    expect(jpegMarkerEnd(Uint8Array.from([0xff, 0xe0, 0]), 0)).toBe(JPEG_MORE);
    expect(jpegMarkerEnd(Uint8Array.from([0x00, 0xe0, 0, 16]), 0)).toBe(JPEG_BAD);
    expect(jpegMarkerEnd(Uint8Array.from([0xff, 0xe0, 0, 1]), 0)).toBe(JPEG_BAD);
  });

  it('gives the end of a segment that runs past the bytes there are, for a stream to wait for', () => {
    expect(jpegMarkerEnd(Uint8Array.from([0xff, 0xe0, 0xff, 0xff, 1]), 0)).toBe(2 + 0xffff);
  });
});
