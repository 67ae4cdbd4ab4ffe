/** The webcam source: node-webcam with a stand-in fswebcam on Linux, and ffmpeg (a stand-in) on Windows. */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SourceFrame } from '../../../capture-client/sources/source.js';
import { webcamDevice, WebcamSource } from '../../../capture-client/sources/webcam.js';
import { solidJpeg } from '../../helpers/jpeg.js';
import { waitFor } from '../../helpers/wait.js';

const posix = process.platform !== 'win32';
const shotDirs = (): number => readdirSync(tmpdir()).filter((n) => n.startsWith('camrelay-webcam-')).length;

describe('WebcamSource', () => {
  let dir: string;
  const sources: WebcamSource[] = [];
  const make = (opts: ConstructorParameters<typeof WebcamSource>[0]): WebcamSource => {
    const s = new WebcamSource(opts);
    sources.push(s);
    return s;
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'camrelay-wc-test-'));
  });
  afterEach(async () => {
    await Promise.all(sources.splice(0).map((s) => s.stop()));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe('#start', () => {
    it('rejects with SOURCE_UNAVAILABLE naming fswebcam when Linux has none on the PATH', async () => {
      await expect(
        make({ fps: 1, platform: 'linux', pathEnv: join(dir, 'empty-bin') }).start(
          () => {},
          () => {},
        ),
      ).rejects.toMatchObject({
        code: 'SOURCE_UNAVAILABLE',
        message: expect.stringMatching(/fswebcam.*--source ffmpeg/),
      });
    });

    it('rejects with SOURCE_UNAVAILABLE naming imagesnap on macOS', async () => {
      await expect(
        make({ fps: 1, platform: 'darwin', pathEnv: '' }).start(
          () => {},
          () => {},
        ),
      ).rejects.toMatchObject({
        code: 'SOURCE_UNAVAILABLE',
        message: expect.stringContaining('brew install imagesnap'),
      });
    });

    it('rejects with SOURCE_UNAVAILABLE saying how to install node-webcam when the optional package is missing', async () => {
      const missing = (): never => {
        throw Object.assign(new Error("Cannot find module 'node-webcam'\nRequire stack: ..."), { code: 'MODULE_NOT_FOUND' });
      };
      await expect(
        make({ fps: 1, platform: 'linux', requireNodeWebcam: missing }).start(
          () => {},
          () => {},
        ),
      ).rejects.toMatchObject({
        code: 'SOURCE_UNAVAILABLE',
        message:
          'The webcam source needs the node-webcam package, which is not installed (Cannot find module \'node-webcam\'). It is optional: install it with "npm install node-webcam", or use --source ffmpeg.',
      });
    });

    it.skipIf(!posix)('runs ffmpeg on Windows in its forgiving mode, at the asked rate, without node-webcam', async () => {
      const jpeg = await solidJpeg(64, 48);
      const shot = join(dir, 'win-shot.jpg');
      const log = join(dir, 'win-ffmpeg.log');
      writeFileSync(shot, jpeg);
      const ffmpegPath = join(dir, 'win-ffmpeg');
      // -list_options fails (as for a camera ffmpeg cannot query); the capture writes one JPEG, then waits.
      writeFileSync(ffmpegPath, `#!/bin/sh\ncase "$*" in *-list_*) exit 1;; esac\necho "$@" > '${log}'\ncat '${shot}'\nexec sleep 30\n`);
      chmodSync(ffmpegPath, 0o755);
      const noNodeWebcam = (): never => {
        throw new Error('node-webcam must not be loaded on Windows');
      };
      const s = make({ fps: 2, platform: 'win32', device: 'Камера ноутбука', ffmpegPath, requireNodeWebcam: noNodeWebcam });
      const frames: SourceFrame[] = [];
      await s.start(
        (f) => frames.push(f),
        () => {},
      );
      expect(frames[0]!.jpeg.equals(jpeg)).toBe(true);
      const args = readFileSync(log, 'utf8');
      expect(args).toContain('-f dshow');
      expect(args).not.toContain('-vcodec mjpeg'); // whatever the camera gives
      expect(args).toContain('-i video=Камера ноутбука -an -vf fps=2 -c:v mjpeg');
      expect(s.note()).toMatch(/^re-encoding: yes/);
    });

    it.skipIf(!posix)('takes shots through node-webcam and fswebcam, one at a time, as JPEG frames', async () => {
      // A stand-in fswebcam that writes a known JPEG to its last argument and logs its arguments.
      const bin = join(dir, 'bin');
      const frame = join(dir, 'shot-source.jpg');
      const log = join(dir, 'fswebcam.log');
      const jpeg = await solidJpeg(64, 48);
      writeFileSync(frame, jpeg);
      mkdirSync(bin, { recursive: true });
      writeFileSync(join(bin, 'fswebcam'), `#!/bin/sh\necho "$@" >> '${log}'\nfor last; do :; done\ncp '${frame}' "$last"\n`);
      chmodSync(join(bin, 'fswebcam'), 0o755);
      const savedPath = process.env.PATH;
      process.env.PATH = `${bin}${delimiter}${savedPath ?? ''}`; // node-webcam runs the shell with this PATH
      try {
        const frames: SourceFrame[] = [];
        const dirsBefore = shotDirs();
        const s = make({ fps: 20, platform: 'linux', device: '1', width: 320, height: 240, quality: 70 });
        await s.start(
          (f) => frames.push(f),
          () => {},
        );
        await waitFor(() => frames.length >= 2, '2 shots', 10_000);
        await s.stop();
        expect(shotDirs()).toBe(dirsBefore); // the temp folder for shots is gone
        expect(frames[0]!.jpeg.equals(jpeg)).toBe(true);
        expect([frames[0]!.width, frames[0]!.height]).toEqual([64, 48]);
        const args = readFileSync(log, 'utf8').split('\n')[0]!;
        expect(args).toContain('-r 320x240');
        expect(args).toContain('--jpeg 70');
        expect(args).toContain('-d /dev/video1');
      } finally {
        process.env.PATH = savedPath;
      }
    });
  });
});

describe('webcam', () => {
  describe('#webcamDevice', () => {
    it('maps an index to /dev/videoN on Linux and refuses shell metacharacters', () => {
      expect(webcamDevice('2', 'linux')).toBe('/dev/video2');
      expect(webcamDevice('/dev/v4l/by-id/usb-cam', 'linux')).toBe('/dev/v4l/by-id/usb-cam');
      expect(() => webcamDevice('/dev/video0; rm -rf ~', 'linux')).toThrow(expect.objectContaining({ code: 'BAD_CONFIG' }));
      expect(() => webcamDevice("Cam's", 'darwin')).toThrow(expect.objectContaining({ code: 'BAD_CONFIG' }));
      expect(webcamDevice('FaceTime HD Camera', 'darwin')).toBe('FaceTime HD Camera');
    });
  });
});
