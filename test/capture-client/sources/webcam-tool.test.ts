/** Finding the still-capture tool node-webcam runs, over PATH strings and file modes made in a temp folder. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOnPath, findWebcamTool } from '../../../capture-client/sources/webcam-tool.js';

const posix = process.platform !== 'win32';

describe('webcam-tool', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'camrelay-tool-test-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe('#findOnPath', () => {
    it.skipIf(!posix)('finds an executable over the PATH entries and skips one without the exec bit', () => {
      const a = join(dir, 'a');
      const b = join(dir, 'b');
      for (const d of [a, b]) rmSync(d, { recursive: true, force: true });
      mkdirSync(a);
      mkdirSync(b);
      writeFileSync(join(a, 'fswebcam'), '#!/bin/sh\n', { mode: 0o644 });
      writeFileSync(join(b, 'fswebcam'), '#!/bin/sh\n', { mode: 0o755 });
      expect(findOnPath('fswebcam', `${a}:${b}`, 'linux')).toBe(join(b, 'fswebcam'));
      expect(findOnPath('fswebcam', `${a}`, 'linux')).toBeNull();
      expect(findOnPath('fswebcam', undefined, 'linux')).toBeNull();
    });

    it('tries the PATHEXT extensions on Windows, with ; between entries', () => {
      const w = join(dir, 'win');
      mkdirSync(w, { recursive: true });
      writeFileSync(join(w, 'imagesnap.EXE'), 'MZ');
      expect(findOnPath('imagesnap', `C:\\nowhere;${w}`, 'win32', '.COM;.EXE')).toBe(join(w, 'imagesnap.EXE'));
    });
  });

  describe('#findWebcamTool', () => {
    it.skipIf(!posix)('returns fswebcam from the PATH on Linux and imagesnap on macOS', () => {
      const bin = join(dir, 'tools');
      mkdirSync(bin, { recursive: true });
      for (const tool of ['fswebcam', 'imagesnap']) writeFileSync(join(bin, tool), '#!/bin/sh\n', { mode: 0o755 });
      expect(findWebcamTool({ platform: 'linux', pathEnv: bin })).toBe(join(bin, 'fswebcam'));
      expect(findWebcamTool({ platform: 'darwin', pathEnv: bin })).toBe(join(bin, 'imagesnap'));
    });

    it('throws SOURCE_UNAVAILABLE saying how to install the missing tool', () => {
      expect(() => findWebcamTool({ platform: 'linux', pathEnv: '' })).toThrow(
        expect.objectContaining({ code: 'SOURCE_UNAVAILABLE', message: expect.stringContaining('apt install fswebcam') }),
      );
      expect(() => findWebcamTool({ platform: 'darwin', pathEnv: '' })).toThrow(
        expect.objectContaining({ code: 'SOURCE_UNAVAILABLE', message: expect.stringContaining('brew install imagesnap') }),
      );
    });
  });
});
