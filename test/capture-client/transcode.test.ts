/** Resizing and re-encoding with real ffmpeg (no sharp), and the zero-copy pass-through when a frame already fits. */
import { describe, expect, it } from 'vitest';
import { readJpegSize } from '../../common/codec/jpeg.js';
import type { SourceFrame } from '../../capture-client/sources/source.js';
import { Transcoder, type TranscodeOptions } from '../../capture-client/transcode.js';
import { solidJpeg } from '../helpers/jpeg.js';

async function frameOf(width: number, height: number, capturedAt = 1234): Promise<SourceFrame> {
  return { jpeg: await solidJpeg(width, height), capturedAt, width, height };
}

/** Pushes the frames through a Transcoder and closes it (frames inside ffmpeg come out first): what came out, and what was dropped. */
async function through(opts: TranscodeOptions, frames: SourceFrame[]): Promise<{ out: SourceFrame[]; dropped: (Error | undefined)[] }> {
  const out: SourceFrame[] = [];
  const dropped: (Error | undefined)[] = [];
  const t = new Transcoder(
    opts,
    (f) => out.push(f),
    (err) => dropped.push(err),
  );
  await t.ready();
  for (const f of frames) t.push(f);
  await t.close();
  return { out, dropped };
}

describe('Transcoder', () => {
  describe('#ctor', () => {
    it('throws BAD_CONFIG for a width or quality out of range', () => {
      expect(() => new Transcoder({ width: 0 })).toThrow(expect.objectContaining({ code: 'BAD_CONFIG' }));
      expect(() => new Transcoder({ height: 8 })).toThrow(expect.objectContaining({ code: 'BAD_CONFIG' }));
      expect(() => new Transcoder({ quality: 0 })).toThrow(expect.objectContaining({ code: 'BAD_CONFIG' }));
      expect(() => new Transcoder({ quality: 101 })).toThrow(expect.objectContaining({ code: 'BAD_CONFIG' }));
    });
  });

  describe('#ready', () => {
    it('says where to point --ffmpeg-path when there is no ffmpeg, and never mentions npm or sharp', async () => {
      const err = await new Transcoder({ width: 100, ffmpegPath: '/nonexistent/ffmpeg' }).ready().then(
        () => new Error('ready() resolved'),
        (e: unknown) => e as Error,
      );
      expect(err).toMatchObject({ code: 'SOURCE_UNAVAILABLE' });
      expect(err.message).toContain('--ffmpeg-path');
      expect(err.message).not.toMatch(/npm|sharp/);
    });
  });

  describe('#push', () => {
    it('hands on the very same frame when no option is set', async () => {
      const frame = await frameOf(64, 48);
      const { out } = await through({}, [frame]);
      expect(out).toHaveLength(1);
      expect(out[0]).toBe(frame);
    });

    it('hands on the very same frame when its width already matches and no quality is asked', async () => {
      const frame = await frameOf(64, 48);
      const { out } = await through({ width: 64 }, [frame]);
      expect(out[0]).toBe(frame);
      expect(out[0]!.jpeg).toBe(frame.jpeg);
    });

    it('does not enlarge a frame narrower than the asked width', async () => {
      const frame = await frameOf(64, 48);
      expect((await through({ width: 320 }, [frame])).out[0]).toBe(frame);
    });

    it('resizes a wider frame to the asked width, keeping the aspect ratio and the capture time', async () => {
      const { out } = await through({ width: 320 }, [await frameOf(640, 480)]);
      expect(out).toHaveLength(1);
      expect(readJpegSize(out[0]!.jpeg)).toEqual({ width: 320, height: 240 });
      expect([out[0]!.width, out[0]!.height, out[0]!.capturedAt]).toEqual([320, 240, 1234]);
    });

    it('resizes a taller frame to the asked height alone, keeping the aspect ratio', async () => {
      const { out } = await through({ height: 240 }, [await frameOf(640, 480)]);
      expect([out[0]!.width, out[0]!.height]).toEqual([320, 240]);
    });

    it('fits a frame inside both a width and a height, and passes one that already fits', async () => {
      const fits = await frameOf(320, 180);
      const { out } = await through({ width: 320, height: 320 }, [await frameOf(1280, 720), fits]);
      expect([out[0]!.width, out[0]!.height]).toEqual([320, 180]);
      expect(out).toContain(fits);
    });

    it('re-encodes at the asked quality even when the size matches', async () => {
      const frame = { jpeg: await noiseJpeg(256, 128), capturedAt: 1 };
      const low = (await through({ quality: 10 }, [frame])).out[0]!;
      expect(low).not.toBe(frame);
      expect(readJpegSize(low.jpeg)).toEqual({ width: 256, height: 128 });
      const high = (await through({ quality: 100 }, [frame])).out[0]!;
      expect(low.jpeg.length).toBeLessThan(high.jpeg.length / 2);
    });

    it('gives each of a run of frames of different sizes its own size and capture time, in order', async () => {
      const frames = [await frameOf(400, 300, 1), await frameOf(200, 400, 2)];
      const { out, dropped } = await through({ width: 100 }, frames);
      expect(dropped).toEqual([]);
      expect(out.map((f) => [f.width, f.height, f.capturedAt])).toEqual([
        [100, 75, 1],
        [100, 200, 2],
      ]);
    });

    it('reports a JPEG with no picture, which ffmpeg gives nothing back for, as dropped, and goes on with the next', async () => {
      const empty = Buffer.from([0xff, 0xd8, 0xff, 0xfe, 0x00, 0x04, 0x00, 0x00, 0xff, 0xd9]);
      const { out, dropped } = await through({ quality: 50 }, [{ jpeg: empty, capturedAt: 1 }, await frameOf(64, 48, 2)]);
      expect(dropped).toEqual([expect.objectContaining({ code: 'SOURCE_FAILED' })]);
      expect(out.map((f) => f.capturedAt)).toEqual([2]);
    });

    it('drops a frame that is not a JPEG with NOT_JPEG, and goes on with the next', async () => {
      const { out, dropped } = await through({ width: 100 }, [{ jpeg: Buffer.from('nope'), capturedAt: 0 }, await frameOf(400, 300)]);
      expect(dropped).toEqual([expect.objectContaining({ code: 'NOT_JPEG' })]);
      expect(out.map((f) => f.width)).toEqual([100]);
    });
  });
});

/** A JPEG of random pixels: a solid colour compresses to nearly nothing at any quality. */
async function noiseJpeg(width: number, height: number): Promise<Buffer> {
  const { default: sharp } = await import('sharp');
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 2654435761) >>> 24;
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 95 })
    .toBuffer();
}
