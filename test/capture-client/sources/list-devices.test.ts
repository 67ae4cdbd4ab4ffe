/** Listing cameras per platform: a stand-in ffmpeg replays recorded listings on stderr, as the real one prints them. */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDevices, resolveDevice } from '../../../capture-client/sources/list-devices.js';

const fixturePath = (name: string): string => fileURLToPath(new URL(`../../fixtures/capture/${name}`, import.meta.url));

// The fake ffmpeg is a shell script that replays a recorded listing on stderr, as ffmpeg does.
describe.skipIf(process.platform === 'win32')('list-devices', () => {
  let dir: string;

  function fakeFfmpeg(name: string, fixture: string): string {
    const path = join(dir, name);
    writeFileSync(path, `#!/bin/sh\ncat '${fixturePath(fixture)}' >&2\nexit 1\n`);
    chmodSync(path, 0o755);
    return path;
  }

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'camrelay-list-test-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe('#listDevices', () => {
    it('lists the /dev/video* nodes on Linux', async () => {
      const dev = join(dir, 'dev');
      mkdirSync(dev);
      for (const f of ['video1', 'video0', 'null', 'media0']) writeFileSync(join(dev, f), '');
      expect(await listDevices({ platform: 'linux', devDir: dev })).toEqual([
        { name: '/dev/video0', kind: 'video' },
        { name: '/dev/video1', kind: 'video' },
      ]);
    });

    it('returns an empty list when the Linux device folder cannot be read', async () => {
      expect(await listDevices({ platform: 'linux', devDir: join(dir, 'nope') })).toEqual([]);
    });

    it('parses what ffmpeg prints for dshow on Windows', async () => {
      const ffmpegPath = fakeFfmpeg('ffmpeg-dshow', 'dshow-list-ffmpeg6.txt');
      const devices = await listDevices({ platform: 'win32', ffmpegPath });
      expect(devices.filter((d) => d.kind === 'video').map((d) => d.name)).toEqual([
        'Integrated Camera',
        'Caméra USB (HD Pro Webcam C920)',
        'OBS Virtual Camera',
      ]);
    });

    it('parses what ffmpeg prints for avfoundation on macOS', async () => {
      const ffmpegPath = fakeFfmpeg('ffmpeg-avf', 'avfoundation-list.txt');
      expect((await listDevices({ platform: 'darwin', ffmpegPath }))[0]).toEqual({ name: 'FaceTime HD Camera', index: 0, kind: 'video' });
    });
  });

  describe('#resolveDevice', () => {
    it('maps a camera number to its dshow name on Windows, and no device to the first camera', async () => {
      const ffmpegPath = fakeFfmpeg('ffmpeg-dshow4', 'dshow-list-ffmpeg4.txt');
      expect(await resolveDevice('1', 'win32', ffmpegPath)).toBe('Caméra USB (HD Pro Webcam C920)');
      expect(await resolveDevice(undefined, 'win32', ffmpegPath)).toBe('Integrated Camera');
      expect(await resolveDevice('Integrated Camera', 'win32', ffmpegPath)).toBe('Integrated Camera');
    });

    it('rejects a camera number past the list with CAMERA_NOT_FOUND, listing what exists', async () => {
      const ffmpegPath = fakeFfmpeg('ffmpeg-dshow-empty', 'dshow-list-empty.txt');
      await expect(resolveDevice('0', 'win32', ffmpegPath)).rejects.toMatchObject({ code: 'CAMERA_NOT_FOUND', message: expect.stringContaining('lists none') });
    });

    it('uses the alternative name when two cameras share a friendly name', async () => {
      const listing = join(dir, 'twins.txt');
      writeFileSync(
        listing,
        '[dshow @ 0000] "USB Camera" (video)\r\n[dshow @ 0000]   Alternative name "@device_pnp_a"\r\n' +
          '[dshow @ 0000] "USB Camera" (video)\r\n[dshow @ 0000]   Alternative name "@device_pnp_b"\r\n',
      );
      const ffmpegPath = join(dir, 'ffmpeg-twins');
      writeFileSync(ffmpegPath, `#!/bin/sh\ncat '${listing}' >&2\nexit 1\n`);
      chmodSync(ffmpegPath, 0o755);
      expect(await resolveDevice('1', 'win32', ffmpegPath)).toBe('@device_pnp_b');
    });

    it('passes Linux and macOS devices through, defaulting to the first camera', async () => {
      expect(await resolveDevice(undefined, 'linux')).toBe('0');
      expect(await resolveDevice('/dev/video4', 'linux')).toBe('/dev/video4');
      expect(await resolveDevice(undefined, 'darwin')).toBe('0');
    });
  });
});
