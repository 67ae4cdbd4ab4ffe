/** Resizing and re-encoding with real sharp, and the zero-copy pass-through when a frame already fits. */
import { describe, expect, it } from 'vitest';
import { readJpegSize } from '../../shared/jpeg.js';
import type { SourceFrame } from '../../capture-client/sources/source.js';
import { Transcoder } from '../../capture-client/transcode.js';
import { solidJpeg } from '../helpers/jpeg.js';

async function frameOf(width: number, height: number): Promise<SourceFrame> {
  return { jpeg: await solidJpeg(width, height), capturedAt: 1234, width, height };
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

  describe('#transcode', () => {
    it('returns the very same frame when no option is set', async () => {
      const frame = await frameOf(64, 48);
      const t = new Transcoder();
      expect(t.isPassThrough).toBe(true);
      expect(await t.transcode(frame)).toBe(frame);
    });

    it('returns the very same frame when its width already matches and no quality is asked', async () => {
      const frame = await frameOf(64, 48);
      const out = await new Transcoder({ width: 64 }).transcode(frame);
      expect(out).toBe(frame);
      expect(out.jpeg).toBe(frame.jpeg);
    });

    it('does not enlarge a frame narrower than the asked width', async () => {
      const frame = await frameOf(64, 48);
      expect(await new Transcoder({ width: 320 }).transcode(frame)).toBe(frame);
    });

    it('resizes a wider frame to the asked width, keeping the aspect ratio and the capture time', async () => {
      const frame = await frameOf(640, 480);
      const out = await new Transcoder({ width: 320 }).transcode(frame);
      expect(readJpegSize(out.jpeg)).toEqual({ width: 320, height: 240 });
      expect([out.width, out.height, out.capturedAt]).toEqual([320, 240, 1234]);
    });

    it('resizes a taller frame to the asked height alone, keeping the aspect ratio', async () => {
      const out = await new Transcoder({ height: 240 }).transcode(await frameOf(640, 480));
      expect([out.width, out.height]).toEqual([320, 240]);
    });

    it('fits a frame inside both a width and a height, and passes one that already fits', async () => {
      const t = new Transcoder({ width: 320, height: 320 });
      const out = await t.transcode(await frameOf(1280, 720));
      expect([out.width, out.height]).toEqual([320, 180]);
      const fits = await frameOf(320, 180);
      expect(await t.transcode(fits)).toBe(fits);
    });

    it('re-encodes at the asked quality even when the size matches', async () => {
      const frame = await frameOf(256, 128);
      const low = await new Transcoder({ quality: 10 }).transcode(frame);
      expect(low).not.toBe(frame);
      expect(readJpegSize(low.jpeg)).toEqual({ width: 256, height: 128 });
      const high = await new Transcoder({ quality: 100 }).transcode(frame);
      expect(low.jpeg.length).toBeLessThan(high.jpeg.length);
    });

    it('sends a frame whose header it cannot read through sharp, which rejects a non-JPEG', async () => {
      const t = new Transcoder({ width: 100 });
      expect(t.needsWork(Buffer.from([0xff, 0xd8, 0xff, 0xd9]))).toBe(true);
      await expect(t.transcode({ jpeg: Buffer.from('nope'), capturedAt: 0 })).rejects.toThrow();
    });
  });
});
