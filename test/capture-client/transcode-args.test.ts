/** The transcoding ffmpeg's arguments: the scale filter, and the 1-100 quality mapped to mjpeg's qscale. */
import { describe, expect, it } from 'vitest';
import { multipartHead, qscaleFor, scaleFilter, transcodeArgs } from '../../capture-client/transcode-args.js';

describe('qscaleFor', () => {
  it("follows libjpeg's scaling: 50 is qscale 10, 75 is 5, 80 is 4", () => {
    expect([qscaleFor(50), qscaleFor(75), qscaleFor(80)]).toEqual([10, 5, 4]);
  });

  it("gives ffmpeg's best, 2, from quality 90 up, and its coarsest, 31, at the bottom", () => {
    expect([90, 95, 100].map(qscaleFor)).toEqual([2, 2, 2]);
    expect([1, 10, 16].map(qscaleFor)).toEqual([31, 31, 31]);
  });

  it('never gives a finer qscale for a lower quality', () => {
    for (let q = 2; q <= 100; q++) expect(qscaleFor(q)).toBeLessThanOrEqual(qscaleFor(q - 1));
  });
});

describe('scaleFilter', () => {
  it('is null when neither a width nor a height is asked', () => {
    expect(scaleFilter()).toBeNull();
  });

  it('caps the width and lets the height follow, never enlarging (commas escaped for the filter graph)', () => {
    expect(scaleFilter(640)).toBe('scale=w=min(iw\\,640):h=-1');
  });

  it('caps the height alone the same way', () => {
    expect(scaleFilter(undefined, 360)).toBe('scale=w=-1:h=min(ih\\,360)');
  });

  it('fits inside both, keeping the aspect ratio', () => {
    expect(scaleFilter(640, 640)).toBe('scale=w=min(iw\\,640):h=min(ih\\,640):force_original_aspect_ratio=decrease');
  });
});

describe('transcodeArgs', () => {
  it('reads multipart JPEG on stdin and writes JPEGs on stdout, scaled, at the mapped qscale, each frame as it comes', () => {
    const args = transcodeArgs({ width: 640, quality: 75 });
    expect(args.slice(args.indexOf('-f'), args.indexOf('-i') + 2)).toEqual(['-f', 'mpjpeg', '-c:v', 'mjpeg', '-i', 'pipe:0']);
    expect(args[args.indexOf('-vf') + 1]).toBe('scale=w=min(iw\\,640):h=-1');
    expect(args[args.indexOf('-q:v') + 1]).toBe('5');
    expect(args[args.indexOf('-vsync') + 1]).toBe('passthrough');
    expect(args.slice(-3)).toEqual(['-f', 'image2pipe', 'pipe:1']);
  });

  it('has no filter for a quality alone, and re-encodes at 80 when only a size is asked', () => {
    expect(transcodeArgs({ quality: 30 })).not.toContain('-vf');
    const args = transcodeArgs({ height: 200 });
    expect(args[args.indexOf('-q:v') + 1]).toBe(String(qscaleFor(80)));
  });
});

describe('multipartHead', () => {
  it("states the part's length, which is all ffmpeg's mpjpeg reader needs to take the frame at once", () => {
    expect(multipartHead(1234).toString()).toBe('--camrelayframe\r\nContent-Type: image/jpeg\r\nContent-Length: 1234\r\n\r\n');
  });
});
