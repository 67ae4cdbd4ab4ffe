/** Splitting an MJPEG byte stream into JPEGs, however the bytes are chunked and whatever junk comes between. */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { hasJpegMarkers } from '../../../common/codec/jpeg.js';
import { JpegSplitter } from '../../../capture-client/sources/jpeg-splitter.js';
import { jpegWithExifThumbnail, solidJpeg } from '../../helpers/jpeg.js';

/** Feeds the chunks and returns every frame emitted. */
function split(splitter: JpegSplitter, chunks: Buffer[]): Buffer[] {
  const frames: Buffer[] = [];
  for (const c of chunks) splitter.push(c, (f) => frames.push(f));
  return frames;
}

/** Buffer-aware comparison: toEqual on Buffers is slow over thousands of cuts. */
function expectFrames(got: Buffer[], want: Buffer[], label: string): void {
  expect(got.length, label).toBe(want.length);
  got.forEach((f, i) => expect(f.equals(want[i]!), `${label}, frame ${i}`).toBe(true));
}

/** SOI, a DQT-like segment, SOS, then entropy data with FF stuffed as FF 00 (as an encoder writes it), then EOI. */
function syntheticJpeg(scanLength: number, seed = 1): Buffer {
  const out: number[] = [0xff, 0xd8, 0xff, 0xdb, 0x00, 0x04, 0x01, 0x02, 0xff, 0xda, 0x00, 0x03, 0x00];
  let x = seed;
  for (let i = 0; i < scanLength; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    const b = (x >>> 16) & 0xff;
    out.push(b);
    if (b === 0xff) out.push(0x00);
  }
  out.push(0xff, 0xd9);
  return Buffer.from(out);
}

describe('JpegSplitter', () => {
  let frames: Buffer[];
  let stream: Buffer;

  beforeAll(async () => {
    frames = [await solidJpeg(16, 16, [255, 0, 0]), await solidJpeg(24, 8, [0, 255, 0]), await solidJpeg(8, 8, [0, 0, 255])];
    stream = Buffer.concat(frames);
  });

  describe('#ctor', () => {
    it('throws if maxFrameSize is not a positive integer', () => {
      expect(() => new JpegSplitter({ maxFrameSize: 0 })).toThrow(TypeError);
      expect(() => new JpegSplitter({ maxFrameSize: 1.5 })).toThrow(TypeError);
    });
  });

  describe('#push', () => {
    it('emits every frame of a stream given in one chunk, byte for byte', () => {
      expect(split(new JpegSplitter(), [stream])).toEqual(frames);
    });

    it('emits the same frames whatever offset the stream is cut at, markers included', () => {
      for (let cut = 0; cut <= stream.length; cut++) {
        const got = split(new JpegSplitter(), [stream.subarray(0, cut), stream.subarray(cut)]);
        expectFrames(got, frames, `cut at ${cut}`);
      }
    });

    it('emits the same frames when cut at two offsets around every marker', () => {
      const markers: number[] = [];
      for (let i = 0; i + 1 < stream.length; i++) if (stream[i] === 0xff && stream[i + 1] !== 0x00) markers.push(i);
      for (const m of markers) {
        for (const a of [m - 1, m, m + 1]) {
          for (const b of [m + 1, m + 2, m + 3, m + 5]) {
            if (a < 0 || b <= a || b > stream.length) continue;
            const got = split(new JpegSplitter(), [stream.subarray(0, a), stream.subarray(a, b), stream.subarray(b)]);
            expectFrames(got, frames, `cuts at ${a} and ${b}`);
          }
        }
      }
    });

    it('emits the same frames when fed one byte at a time', () => {
      const bytes = [...stream].map((b) => Buffer.from([b]));
      expect(split(new JpegSplitter(), bytes)).toEqual(frames);
    });

    it('keeps an EXIF thumbnail inside APP1 as part of the frame instead of ending at its EOI', async () => {
      const { jpeg, thumbnail } = await jpegWithExifThumbnail(32, 32);
      const input = Buffer.concat([jpeg, frames[0]!]);
      for (let cut = 0; cut <= input.length; cut += 7) {
        const got = split(new JpegSplitter(), [input.subarray(0, cut), input.subarray(cut)]);
        expectFrames(got, [jpeg, frames[0]!], `cut at ${cut}`);
      }
      expect(split(new JpegSplitter(), [input])[0]!.length).toBeGreaterThan(thumbnail.length);
    });

    it('treats FF 00 and restart markers in entropy data as data', () => {
      const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xda, 0x00, 0x02, 0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56, 0xff, 0xd7, 0xff, 0xff, 0xd9]);
      expect(split(new JpegSplitter(), [jpeg])).toEqual([jpeg]);
    });

    it('skips garbage before, between and after frames, FF D9 and stray FF bytes included', () => {
      const junk = Buffer.from([0x00, 0xff, 0x12, 0xff, 0xd9, 0xff, 0xff, 0x7f]);
      const input = Buffer.concat([junk, frames[0]!, junk, frames[1]!, junk, junk, frames[2]!, junk]);
      for (let cut = 0; cut <= input.length; cut += 3) {
        const splitter = new JpegSplitter();
        expectFrames(split(splitter, [input.subarray(0, cut), input.subarray(cut)]), frames, `cut at ${cut}`);
        expect(splitter.dropped).toBe(0);
      }
    });

    it('follows progressive JPEGs through the tables and scans between their SOS segments', async () => {
      const sharp = (await import('sharp')).default;
      const progressive = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3a7' } })
        .jpeg({ progressive: true, quality: 70 })
        .toBuffer();
      expect(split(new JpegSplitter(), [Buffer.concat([progressive, frames[0]!])])).toEqual([progressive, frames[0]]);
    });

    it('drops a frame that broke off when the next SOI arrives, and keeps the next frame', () => {
      const broken = frames[0]!.subarray(0, frames[0]!.length - 40);
      const splitter = new JpegSplitter();
      expect(split(splitter, [Buffer.concat([broken, frames[1]!])])).toEqual([frames[1]]);
      expect(splitter.dropped).toBe(1);
    });

    it('drops a frame that outgrows maxFrameSize without an EOI and resyncs at the next SOI', () => {
      const splitter = new JpegSplitter({ maxFrameSize: 2000 });
      const endless = syntheticJpeg(5000).subarray(0, -2); // no EOI
      const got = split(splitter, [endless.subarray(0, 1500), endless.subarray(1500, 3000), endless.subarray(3000), frames[2]!]);
      expect(got).toEqual([frames[2]]);
      expect(splitter.dropped).toBe(1);
      expect(splitter.buffered).toBe(0);
    });

    it('copies frames out, so later chunks do not change a frame already emitted', () => {
      const chunk = Buffer.from(stream);
      const got = split(new JpegSplitter(), [chunk]);
      chunk.fill(0);
      expect(got).toEqual(frames);
    });

    it('scans each byte once, so a large frame in many small chunks stays fast', () => {
      const big = syntheticJpeg(4 * 1024 * 1024);
      const chunks: Buffer[] = [];
      for (let i = 0; i < big.length; i += 64) chunks.push(big.subarray(i, i + 64));
      // Counts the bytes the marker searches go over, rather than timing them.
      const indexOf = vi.spyOn(Buffer.prototype, 'indexOf');
      let got: Buffer[];
      let scanned = 0;
      try {
        got = split(new JpegSplitter(), chunks);
        indexOf.mock.calls.forEach(([, from], i) => {
          const found = indexOf.mock.results[i]!.value as number;
          const end = found === -1 ? (indexOf.mock.contexts[i] as Buffer).length : found + 1;
          scanned += end - Number(from ?? 0);
        });
      } finally {
        indexOf.mockRestore();
      }
      // Rescanning from the frame start on every chunk would go over ~130 GB here and take minutes.
      expect(scanned).toBeLessThanOrEqual(big.length);
      expect(got).toHaveLength(1);
      expect(got[0]!.equals(big)).toBe(true);
      expect(hasJpegMarkers(got[0]!)).toBe(true);
    });
  });

  describe('#reset', () => {
    it('forgets a partial frame', () => {
      const splitter = new JpegSplitter();
      split(splitter, [frames[0]!.subarray(0, 50)]);
      expect(splitter.buffered).toBe(50);
      splitter.reset();
      expect(splitter.buffered).toBe(0);
      expect(split(splitter, [frames[0]!.subarray(50), frames[1]!])).toEqual([frames[1]]);
    });
  });
});
