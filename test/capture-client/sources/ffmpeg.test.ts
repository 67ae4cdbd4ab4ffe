/** The ffmpeg source with the real ffmpeg (lavfi test sources, .mjpeg files) and stand-in scripts where ffmpeg misbehaves. */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { hasJpegMarkers, readJpegSize } from '../../../common/codec/jpeg.js';
import { FfmpegSource, type FfmpegSourceOptions } from '../../../capture-client/sources/ffmpeg.js';
import { resolveFfmpegPath } from '../../../capture-client/sources/ffmpeg-binary.js';
import type { SourceFrame } from '../../../capture-client/sources/source.js';
import { solidJpeg } from '../../helpers/jpeg.js';
import { waitFor } from '../../helpers/wait.js';

const LAVFI = ['-re', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=15'];
const posix = process.platform !== 'win32';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('FfmpegSource', () => {
  let dir: string;
  const running: FfmpegSource[] = [];

  /** A source that afterEach stops, so no ffmpeg outlives its test. */
  function source(opts: Partial<FfmpegSourceOptions>): FfmpegSource {
    const s = new FfmpegSource({ fps: 15, ...opts });
    running.push(s);
    return s;
  }

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'camrelay-ffmpeg-test-'));
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.stop()));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe('#start', () => {
    it('delivers valid JPEG frames of the size ffmpeg makes, then stops the child', async () => {
      const s = source({ inputArgs: LAVFI });
      const frames: SourceFrame[] = [];
      const errors: Error[] = [];
      await s.start(
        (f) => frames.push(f),
        (e) => errors.push(e),
      );
      expect(frames.length).toBeGreaterThanOrEqual(1);
      await waitFor(() => frames.length >= 5, '5 frames', 10_000);
      for (const f of frames) {
        expect(hasJpegMarkers(f.jpeg)).toBe(true);
        expect(readJpegSize(f.jpeg)).toEqual({ width: 320, height: 240 });
        expect([f.width, f.height]).toEqual([320, 240]);
      }
      expect(frames[4]!.capturedAt).toBeGreaterThanOrEqual(frames[0]!.capturedAt);
      const pid = s.pid!;
      expect(isAlive(pid)).toBe(true);
      await s.stop();
      expect(isAlive(pid)).toBe(false);
      const count = frames.length;
      await s.stop(); // twice is fine
      expect(frames.length).toBe(count);
      expect(errors).toEqual([]);
    });

    it('copies the frames of an .mjpeg file without re-encoding them', async () => {
      const clip = join(dir, 'clip.mjpeg');
      const made = spawnSync(resolveFfmpegPath(), [
        '-hide_banner',
        '-loglevel',
        'error',
        '-nostdin',
        '-f',
        'lavfi',
        '-i',
        'testsrc2=size=160x120:rate=10',
        '-t',
        '1',
        '-c:v',
        'mjpeg',
        '-f',
        'mjpeg',
        clip,
      ]);
      expect(made.status).toBe(0);
      const s = source({ inputArgs: ['-re', '-i', clip], outputArgs: ['-c:v', 'copy', '-f', 'mjpeg', 'pipe:1'] });
      const frames: SourceFrame[] = [];
      await s.start(
        (f) => frames.push(f),
        () => {},
      );
      await waitFor(() => frames.length >= 3, '3 frames', 10_000);
      expect(frames.every((f) => f.width === 160 && f.height === 120)).toBe(true);
    });

    it('rejects with CAMERA_NOT_FOUND when the v4l2 device does not exist', async () => {
      if (process.platform !== 'linux') return;
      const s = source({ platform: 'linux', device: '99', fps: 10 });
      await expect(
        s.start(
          () => {},
          () => {},
        ),
      ).rejects.toMatchObject({ code: 'CAMERA_NOT_FOUND', message: expect.stringContaining('/dev/video99') });
      expect(s.pid).toBeUndefined();
    });

    it('rejects with the parsed error when ffmpeg exits before the first frame', async () => {
      const s = source({ inputArgs: ['-i', join(dir, 'missing.mjpeg')] });
      await expect(
        s.start(
          () => {},
          () => {},
        ),
      ).rejects.toMatchObject({ code: 'CAMERA_NOT_FOUND' });
    });

    it('reports an exit after the first frame through onError', async () => {
      const s = source({ inputArgs: ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=30:duration=0.3'] });
      const errors: Error[] = [];
      let frames = 0;
      await s.start(
        () => frames++,
        (e) => errors.push(e),
      );
      await waitFor(() => errors.length > 0, 'onError', 10_000);
      expect(errors[0]).toMatchObject({ code: 'SOURCE_FAILED', message: expect.stringContaining('exited with code 0') });
      expect(frames).toBeGreaterThan(0);
    });

    it('rejects and kills ffmpeg when no frame comes within the start timeout', async () => {
      const s = source({ inputArgs: ['-re', '-f', 'lavfi', '-i', 'anullsrc'], outputArgs: ['-f', 'null', '-'], startTimeoutMs: 500 });
      await expect(
        s.start(
          () => {},
          () => {},
        ),
      ).rejects.toMatchObject({ code: 'SOURCE_FAILED', message: expect.stringContaining('no frame within 500 ms') });
      await waitFor(() => s.pid === undefined, 'ffmpeg to exit', 10_000);
    });

    it('rejects with SOURCE_UNAVAILABLE when the ffmpeg path does not exist', async () => {
      const s = source({ ffmpegPath: join(dir, 'no-ffmpeg'), inputArgs: LAVFI });
      await expect(
        s.start(
          () => {},
          () => {},
        ),
      ).rejects.toMatchObject({ code: 'SOURCE_UNAVAILABLE' });
    });

    it('rejects with BAD_CONFIG for a non-positive fps', () => {
      expect(() => new FfmpegSource({ fps: 0 })).toThrow(expect.objectContaining({ code: 'BAD_CONFIG' }));
    });
  });

  describe('#stop', () => {
    it.skipIf(!posix)('sends SIGKILL when the child ignores SIGTERM past the grace period', async () => {
      const frame = join(dir, 'frame.jpg');
      writeFileSync(frame, await solidJpeg(32, 16));
      const fake = join(dir, 'stubborn-ffmpeg.sh');
      writeFileSync(fake, `#!/bin/sh\ntrap '' TERM\ncat '${frame}'\nwhile :; do sleep 0.05; done\n`);
      chmodSync(fake, 0o755);
      const s = source({ ffmpegPath: fake, inputArgs: [], killGraceMs: 300 });
      await s.start(
        () => {},
        () => {},
      );
      const pid = s.pid!;
      // Only the grace timer is fake: the child and its signals are real.
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      try {
        let stopped = false;
        const stopping = s.stop().then(() => (stopped = true));
        await vi.advanceTimersByTimeAsync(299);
        expect([stopped, isAlive(pid)]).toEqual([false, true]);
        await vi.advanceTimersByTimeAsync(1);
        await stopping;
      } finally {
        vi.useRealTimers();
      }
      expect(isAlive(pid)).toBe(false);
    });

    it('resolves when the source never started', async () => {
      await expect(source({ inputArgs: LAVFI }).stop()).resolves.toBeUndefined();
    });
  });

  describe('#buildArgs', () => {
    it('wraps input overrides with the quiet flags and an MJPEG encoder', async () => {
      expect(await new FfmpegSource({ fps: 5, inputArgs: ['-f', 'lavfi', '-i', 'testsrc2'] }).buildArgs()).toEqual([
        '-hide_banner',
        '-loglevel',
        'error',
        '-nostdin',
        '-f',
        'lavfi',
        '-i',
        'testsrc2',
        '-an',
        '-c:v',
        'mjpeg',
        '-q:v',
        '5',
        '-f',
        'mjpeg',
        'pipe:1',
      ]);
    });

    it('builds the platform capture arguments from the options', async () => {
      const args = await new FfmpegSource({ fps: 12, platform: 'linux', device: '1', width: 640, height: 480 }).buildArgs();
      expect(args).toContain('/dev/video1');
      expect(args).toContain('640x480');
    });
  });
});
