/** The file source against real folders and .mjpeg files in a temp folder. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FileSource, sortJpegNames } from '../../../capture-client/sources/file.js';
import type { SourceFrame } from '../../../capture-client/sources/source.js';
import { solidJpeg } from '../../helpers/jpeg.js';
import { waitFor } from '../../helpers/wait.js';

describe('FileSource', () => {
  let dir: string;
  let jpegs: Buffer[];
  const sources: FileSource[] = [];
  const make = (path: string, fps = 50): FileSource => {
    const s = new FileSource({ fps, path });
    sources.push(s);
    return s;
  };

  /** Starts the source and returns the first n frames. */
  async function collect(source: FileSource, n: number): Promise<SourceFrame[]> {
    const frames: SourceFrame[] = [];
    const errors: Error[] = [];
    await source.start(
      (f) => frames.push(f),
      (e) => errors.push(e),
    );
    await waitFor(() => frames.length >= n || errors.length > 0, `${n} frames`, 10_000);
    await source.stop();
    expect(errors).toEqual([]);
    return frames.slice(0, n);
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'camrelay-file-test-'));
    jpegs = [await solidJpeg(32, 24, [255, 0, 0]), await solidJpeg(32, 24, [0, 255, 0]), await solidJpeg(48, 24, [0, 0, 255])];
  });
  afterEach(async () => {
    await Promise.all(sources.splice(0).map((s) => s.stop()));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe('#start', () => {
    it('loops over a folder of JPEGs in name order, numbers compared as numbers', async () => {
      const folder = join(dir, 'frames');
      mkdirSync(folder);
      writeFileSync(join(folder, 'frame10.jpg'), jpegs[2]!);
      writeFileSync(join(folder, 'frame2.JPEG'), jpegs[1]!);
      writeFileSync(join(folder, 'frame1.jpg'), jpegs[0]!);
      writeFileSync(join(folder, 'notes.txt'), 'not a frame');
      const frames = await collect(make(folder), 7);
      const order = frames.map((f) => jpegs.findIndex((j) => j.equals(f.jpeg)));
      expect(order).toEqual([0, 1, 2, 0, 1, 2, 0]);
      expect([frames[2]!.width, frames[2]!.height]).toEqual([48, 24]);
    });

    it('skips a .jpg that is not a JPEG and keeps looping over the others', async () => {
      const folder = join(dir, 'with-bad');
      mkdirSync(folder);
      writeFileSync(join(folder, 'a.jpg'), 'oops');
      writeFileSync(join(folder, 'b.jpg'), jpegs[0]!);
      writeFileSync(join(folder, 'c.jpg'), jpegs[1]!);
      const order = (await collect(make(folder), 4)).map((f) => jpegs.findIndex((j) => j.equals(f.jpeg)));
      expect(order).toEqual([0, 1, 0, 1]);
    });

    it('loops over the frames of an .mjpeg file', async () => {
      const file = join(dir, 'clip.mjpeg');
      writeFileSync(file, Buffer.concat([Buffer.from('junk'), ...jpegs]));
      const order = (await collect(make(file), 7)).map((f) => jpegs.findIndex((j) => j.equals(f.jpeg)));
      expect(order).toEqual([0, 1, 2, 0, 1, 2, 0]);
    });

    it('rejects with SOURCE_UNAVAILABLE when the path does not exist', async () => {
      await expect(
        make(join(dir, 'missing')).start(
          () => {},
          () => {},
        ),
      ).rejects.toMatchObject({
        code: 'SOURCE_UNAVAILABLE',
        message: expect.stringContaining('does not exist'),
      });
    });

    it('rejects with SOURCE_UNAVAILABLE when the folder holds no JPEG', async () => {
      const folder = join(dir, 'empty');
      mkdirSync(folder);
      writeFileSync(join(folder, 'readme.txt'), 'hi');
      await expect(
        make(folder).start(
          () => {},
          () => {},
        ),
      ).rejects.toMatchObject({ code: 'SOURCE_UNAVAILABLE' });
    });

    it('rejects with SOURCE_UNAVAILABLE when the .mjpeg file holds no whole frame', async () => {
      const file = join(dir, 'broken.mjpg');
      writeFileSync(file, jpegs[0]!.subarray(0, 100));
      await expect(
        make(file).start(
          () => {},
          () => {},
        ),
      ).rejects.toMatchObject({ code: 'SOURCE_UNAVAILABLE' });
    });

    // Any other file is a video for ffmpeg: test/capture-client/sources/video-file.test.ts.
  });

  describe('#ctor', () => {
    it('throws BAD_CONFIG without a path', () => {
      expect(() => new FileSource({ fps: 10 })).toThrow(expect.objectContaining({ code: 'BAD_CONFIG' }));
    });
  });

  describe('#stop', () => {
    it('emits no frame once it has resolved', async () => {
      const file = join(dir, 'stop.mjpeg');
      writeFileSync(file, Buffer.concat(jpegs));
      let count = 0;
      let seen = 0;
      const s = make(file, 100);
      const witness = make(file, 100);
      await s.start(
        () => count++,
        () => {},
      );
      await witness.start(
        () => seen++,
        () => {},
      );
      await waitFor(() => count >= 2, '2 frames', 10_000);
      await s.stop();
      const [after, seenAtStop] = [count, seen];
      // A twin still running shows that frames were due meanwhile.
      await waitFor(() => seen >= seenAtStop + 5, 'five more frames from the twin', 10_000);
      expect(count).toBe(after);
    });
  });
});

describe('file', () => {
  describe('#sortJpegNames', () => {
    it('keeps .jpg and .jpeg names in natural order', () => {
      expect(sortJpegNames(['b.jpg', 'a10.jpeg', 'a9.JPG', 'x.png'])).toEqual(['a9.JPG', 'a10.jpeg', 'b.jpg']);
    });
  });
});
