/**
 * The ffmpeg source's Windows code path (platform injected), against a stand-in ffmpeg that replays recorded dshow
 * listings and refuses or accepts capture arguments the way a camera without MJPEG makes the real one do.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FfmpegSource, type FfmpegSourceOptions } from '../../../capture-client/sources/ffmpeg.js';
import type { SourceFrame } from '../../../capture-client/sources/source.js';
import { solidJpeg } from '../../helpers/jpeg.js';

const fixturePath = (name: string): string => fileURLToPath(new URL(`../../fixtures/capture/${name}`, import.meta.url));

describe.skipIf(process.platform === 'win32')('FfmpegSource on Windows (dshow)', () => {
  let dir: string;
  let frame: string;
  const running: FfmpegSource[] = [];

  /**
   * A stand-in ffmpeg: `-list_options` prints `options`; a capture that asks for MJPEG fails as dshow does when
   * `mjpeg` is 'refused', else it writes one JPEG and waits. Every capture call's arguments go to `<name>.log`.
   */
  function fakeFfmpeg(name: string, options: string, mjpeg: 'accepted' | 'refused' | 'busy'): { path: string; calls: () => string[][] } {
    const path = join(dir, name);
    const log = `${path}.log`;
    const refuse =
      mjpeg === 'busy'
        ? `cat '${fixturePath('dshow-busy.txt')}' >&2; exit 1`
        : `case "$*" in *"-vcodec mjpeg"*) cat '${fixturePath('dshow-bad-mode.txt')}' >&2; exit 1;; esac`;
    writeFileSync(
      path,
      `#!/bin/sh
case "$*" in *-list_options*) cat '${options}' >&2; exit 1;; esac
for a in "$@"; do printf '%s\\t' "$a"; done >> '${log}'; echo >> '${log}'
${mjpeg === 'accepted' ? '' : refuse}
cat '${frame}'
exec sleep 30
`,
    );
    chmodSync(path, 0o755);
    writeFileSync(log, '');
    const calls = () =>
      readFileSync(log, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => l.replace(/\t$/, '').split('\t'));
    return { path, calls };
  }

  function source(opts: Partial<FfmpegSourceOptions>): FfmpegSource {
    const s = new FfmpegSource({ fps: 15, platform: 'win32', device: 'Integrated Camera', ...opts });
    running.push(s);
    return s;
  }

  const start = async (s: FfmpegSource): Promise<SourceFrame[]> => {
    const frames: SourceFrame[] = [];
    await s.start(
      (f) => frames.push(f),
      () => {},
    );
    return frames;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'camrelay-dshow-test-'));
    frame = join(dir, 'frame.jpg');
    writeFileSync(frame, await solidJpeg(64, 48));
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.stop()));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("copies the camera's MJPEG at the asked size and rate, and says nothing of re-encoding", async () => {
    const ff = fakeFfmpeg('ffmpeg-c920', fixturePath('dshow-options-ffmpeg4.txt'), 'accepted');
    const s = source({ ffmpegPath: ff.path, width: 1280, height: 720 });
    expect((await start(s)).length).toBe(1);
    const [args] = ff.calls();
    expect(args).toEqual(expect.arrayContaining(['-vcodec', 'mjpeg', '-video_size', '1280x720', '-framerate', '15', 'video=Integrated Camera', 'copy']));
    expect(s.note()).toBeNull();
  });

  it('encodes JPEG in ffmpeg from the raw format of a camera with no MJPEG mode, and reports it', async () => {
    const ff = fakeFfmpeg('ffmpeg-ir', fixturePath('dshow-options-no-mjpeg.txt'), 'refused');
    const s = source({ ffmpegPath: ff.path, device: 'Integrated IR Camera', width: 1280, height: 720 });
    expect((await start(s)).length).toBe(1);
    expect(ff.calls()).toHaveLength(1); // chosen from the listing: no failed MJPEG try first
    const [args] = ff.calls();
    expect(args).not.toContain('-vcodec');
    expect(args!.join(' ')).toContain('-pixel_format yuyv422 -video_size 1280x720 -framerate 15 -i video=Integrated IR Camera');
    expect(args!.join(' ')).toContain('-an -vf fps=15 -c:v mjpeg -q:v 5 -f mjpeg pipe:1');
    expect(s.note()).toMatch(/^re-encoding: yes/);
  });

  it('tries again encoding in ffmpeg when the listing fails and dshow refuses the MJPEG request', async () => {
    const ff = fakeFfmpeg('ffmpeg-nolist', join(dir, 'no-such-listing.txt'), 'refused');
    const s = source({ ffmpegPath: ff.path, width: 640, height: 480, fps: 10 });
    expect((await start(s)).length).toBe(1);
    const calls = ff.calls();
    expect(calls).toHaveLength(2);
    expect(calls[0]).toContain('-vcodec');
    expect(calls[1]).not.toContain('-vcodec');
    expect(calls[1]!.join(' ')).toContain('-video_size 640x480 -framerate 10');
    expect(s.note()).toMatch(/^re-encoding: yes/);
  });

  it('does not try other modes for a busy camera, and says what to do', async () => {
    const ff = fakeFfmpeg('ffmpeg-busy', join(dir, 'no-such-listing.txt'), 'busy');
    await expect(start(source({ ffmpegPath: ff.path }))).rejects.toMatchObject({
      code: 'CAMERA_BUSY',
      message: expect.stringContaining('close the other app'),
    });
    expect(ff.calls()).toHaveLength(1);
  });

  it('opens a camera whose name has a ":" by its alternative name', async () => {
    const ff = fakeFfmpeg('ffmpeg-colon', fixturePath('dshow-options-ffmpeg4.txt'), 'accepted');
    const listing = join(dir, 'ffmpeg-colon-list');
    // -list_devices goes through the same stand-in: put the awkward-names listing in front of it.
    writeFileSync(
      listing,
      `#!/bin/sh\ncase "$*" in *-list_devices*) cat '${fixturePath('dshow-list-awkward-names.txt')}' >&2; exit 1;; esac\nexec '${ff.path}' "$@"\n`,
    );
    chmodSync(listing, 0o755);
    const s = source({ ffmpegPath: listing, device: 'USB Video Device: Front' });
    await start(s);
    expect(ff.calls()[0]).toContain('video=@device_pnp_\\\\?\\usb#vid_1bcf&pid_2c99&mi_00#6&2f7d1b3&0&0000#{65e8773d-8f56-11d0-a3b9-00a0c9119bf6}\\global');
  });
});
