/** Finding a runnable ffmpeg: the shipped one, a given path, and a binary that lost its exec bit. */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveFfmpegPath } from '../../../capture-client/sources/ffmpeg-binary.js';

describe('ffmpeg-binary', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'camrelay-bin-test-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe('#resolveFfmpegPath', () => {
    it('returns the binary shipped by @ffmpeg-installer/ffmpeg by default', () => {
      expect(resolveFfmpegPath()).toMatch(/@ffmpeg-installer[/\\][^/\\]+[/\\]ffmpeg(\.exe)?$/);
    });

    it.skipIf(process.platform === 'win32')('adds u+x to a binary that lost its exec bit', () => {
      const bin = join(dir, 'ffmpeg');
      writeFileSync(bin, '#!/bin/sh\n', { mode: 0o644 });
      expect(resolveFfmpegPath(bin)).toBe(bin);
      expect(statSync(bin).mode & 0o100).toBe(0o100);
    });

    it('rejects a path that does not exist with SOURCE_UNAVAILABLE', () => {
      expect(() => resolveFfmpegPath(join(dir, 'missing'))).toThrow(expect.objectContaining({ code: 'SOURCE_UNAVAILABLE' }));
    });
  });
});
