/** Reading an .mjpeg file frame by frame, looping, against files written in a temp folder. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MjpegFileReader } from '../../../capture-client/sources/mjpeg-file-reader.js';
import { solidJpeg } from '../../helpers/jpeg.js';

describe('MjpegFileReader', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'camrelay-mjpeg-test-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe('#next', () => {
    it('wraps to the first frame, and a truncated last frame does not glue onto it', async () => {
      const a = await solidJpeg(16, 16, [255, 0, 0]);
      const b = await solidJpeg(16, 16, [0, 0, 255]);
      const file = join(dir, 'cut.mjpeg');
      writeFileSync(file, Buffer.concat([a, b, a.subarray(0, 60)]));
      const reader = new MjpegFileReader(file);
      try {
        const got: Buffer[] = [];
        for (let i = 0; i < 5; i++) got.push((await reader.next())!);
        expect(got.map((f) => (f.equals(a) ? 'a' : f.equals(b) ? 'b' : '?'))).toEqual(['a', 'b', 'a', 'b', 'a']);
      } finally {
        await reader.close();
      }
    });

    it('returns null for a file with no whole JPEG', async () => {
      const file = join(dir, 'empty.mjpeg');
      writeFileSync(file, '');
      const reader = new MjpegFileReader(file);
      expect(await reader.next()).toBeNull();
      await reader.close();
    });
  });
});
