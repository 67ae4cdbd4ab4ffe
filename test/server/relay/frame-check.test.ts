import { describe, expect, it } from 'vitest';
import { checkJpeg } from '../../../server/relay/frame-check.js';
import { fakeJpegHeader, makeJpeg } from '../../helpers/jpeg.js';

const limits = { maxFrameBytes: 100_000, maxDimension: 1920 };

describe('checkJpeg', () => {
  it('accepts a real JPEG and reads its size from the header', async () => {
    expect(checkJpeg(await makeJpeg(64, 48), limits)).toEqual({ ok: true, size: { width: 64, height: 48 } });
  });

  it('accepts a frame of exactly the byte limit and exactly the largest side', () => {
    const jpeg = fakeJpegHeader(1920, 1920);
    expect(checkJpeg(jpeg, { maxFrameBytes: jpeg.length, maxDimension: 1920 }).ok).toBe(true);
  });

  it('refuses a frame one byte over the limit with FRAME_TOO_LARGE, naming both sizes', () => {
    const jpeg = fakeJpegHeader(64, 48);
    const result = checkJpeg(jpeg, { ...limits, maxFrameBytes: jpeg.length - 1 });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('FRAME_TOO_LARGE');
      expect(result.error.message).toContain(`${jpeg.length} bytes`);
      expect(result.error.message).toContain(`${jpeg.length - 1}`);
    }
  });

  it('refuses an oversized frame by its length before looking at its bytes', () => {
    const result = checkJpeg(Buffer.alloc(limits.maxFrameBytes + 1), limits);
    expect(!result.ok && result.error.code).toBe('FRAME_TOO_LARGE');
  });

  it.each([
    ['nothing', Buffer.alloc(0)],
    ['text', Buffer.from('hello, this is not a picture')],
    ['a PNG signature', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
    ['a JPEG cut before its end marker', fakeJpegHeader(64, 48).subarray(0, 30)],
  ])('refuses %s with NOT_JPEG', (_what, bytes) => {
    const result = checkJpeg(bytes, limits);
    expect(!result.ok && result.error.code).toBe('NOT_JPEG');
  });

  it('refuses a JPEG whose header has no frame size with NOT_JPEG, saying so', () => {
    const result = checkJpeg(Buffer.from([0xff, 0xd8, 0xff, 0xd9]), limits);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('NOT_JPEG');
      expect(result.error.message).toMatch(/SOF/);
    }
  });

  it.each([
    [1921, 1080],
    [1080, 1921],
  ])('refuses a %i×%i frame over a 1920-pixel side with FRAME_TOO_LARGE', (width, height) => {
    const result = checkJpeg(fakeJpegHeader(width, height), limits);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('FRAME_TOO_LARGE');
      expect(result.error.message).toContain(`${width}×${height}`);
    }
  });
});
