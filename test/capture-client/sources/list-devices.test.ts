/** Listing cameras per platform: a stand-in ffmpeg replays recorded listings on stderr, as the real one prints them. */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dshowDeviceName, listDevices, needsAlternativeName, resolveDevice } from '../../../capture-client/sources/list-devices.js';
import type { CamrelayError } from '../../../shared/errors.js';
import { waitFor } from '../../helpers/wait.js';

/** Alive and not a zombie (an orphan waits for PID 1 to reap it, late in some containers). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
  return !/\) Z /.test(stat);
}

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

    it('opens a camera whose name has a ":" by its alternative name, by number or by name', async () => {
      const ffmpegPath = fakeFfmpeg('ffmpeg-awkward', 'dshow-list-awkward-names.txt');
      const front = '@device_pnp_\\\\?\\usb#vid_1bcf&pid_2c99&mi_00#6&2f7d1b3&0&0000#{65e8773d-8f56-11d0-a3b9-00a0c9119bf6}\\global';
      expect(await resolveDevice('0', 'win32', ffmpegPath)).toBe(front);
      expect(await resolveDevice(undefined, 'win32', ffmpegPath)).toBe(front);
      expect(await resolveDevice('USB Video Device: Front', 'win32', ffmpegPath)).toBe(front);
      expect(await resolveDevice('カメラ: 背面', 'win32', ffmpegPath)).toMatch(/^@device_pnp_.*vid_05c8&pid_03d2/);
    });

    it('keeps names with quotes or non-ASCII letters, which dshow takes as they are', async () => {
      const ffmpegPath = fakeFfmpeg('ffmpeg-awkward2', 'dshow-list-awkward-names.txt');
      expect(await resolveDevice('1', 'win32', ffmpegPath)).toBe('Logi "Studio" Cam');
      expect(await resolveDevice('2', 'win32', ffmpegPath)).toBe('Камера ноутбука');
      // A name without ":" needs no listing at all.
      expect(await resolveDevice('Камера ноутбука', 'win32', join(dir, 'no-ffmpeg-here'))).toBe('Камера ноутбука');
    });

    it('stops the listing ffmpeg when asked to (Ctrl+C during startup)', async () => {
      const ffmpegPath = join(dir, 'ffmpeg-slow');
      writeFileSync(ffmpegPath, '#!/bin/sh\nexec sleep 30\n');
      chmodSync(ffmpegPath, 0o755);
      const abort = new AbortController();
      const listing = listDevices({ platform: 'win32', ffmpegPath, signal: abort.signal });
      abort.abort('SIGINT');
      await expect(listing).rejects.toBe('SIGINT');
    });

    it('after its timeout, kills the listing ffmpeg and what it started, stops reading, and says what happened (#37 item 17)', async () => {
      // ffmpeg hangs, and a process it started holds its stderr open: 'close' would never come.
      const childPid = join(dir, 'held.pid');
      const ffmpegPath = join(dir, 'ffmpeg-held');
      writeFileSync(ffmpegPath, `#!/bin/sh\necho '[dshow @ 0x1] opening the device list' >&2\nsleep 60 &\necho $! > '${childPid}'\nexec sleep 60\n`);
      chmodSync(ffmpegPath, 0o755);
      const listing = listDevices({ platform: 'win32', ffmpegPath, timeoutMs: 500 });
      const err = await listing.then(
        () => null,
        (e: unknown) => e as CamrelayError,
      );
      expect(err?.code).toBe('SOURCE_FAILED');
      expect(err?.message).toMatch(
        /^ffmpeg did not finish within 0\.5 s \(-hide_banner .*-list_devices true.*\), so it was stopped with every process it started\./,
      );
      expect(err?.message).toContain('Its last line: [dshow @ 0x1] opening the device list');
      const held = Number(readFileSync(childPid, 'utf8'));
      await waitFor(() => !isAlive(held), 'the process holding the pipe to be gone', 5000);
    });

    it('passes Linux and macOS devices through, defaulting to the first camera', async () => {
      expect(await resolveDevice(undefined, 'linux')).toBe('0');
      expect(await resolveDevice('/dev/video4', 'linux')).toBe('/dev/video4');
      expect(await resolveDevice(undefined, 'darwin')).toBe('0');
    });
  });

  describe('#dshowDeviceName', () => {
    it('needs the alternative name only for a friendly name with ":"', () => {
      expect(needsAlternativeName('USB Video Device: Front')).toBe(true);
      expect(needsAlternativeName('Logi "Studio" Cam')).toBe(false);
      expect(needsAlternativeName('@device_pnp_\\\\?\\usb#vid_1')).toBe(false);
    });

    it('says what to do when a name with ":" has no alternative name, or is not listed', () => {
      const cameras = [{ name: 'Cam: A', kind: 'video' as const }];
      expect(() => dshowDeviceName('Cam: A', cameras)).toThrow(
        expect.objectContaining({ code: 'CAMERA_NOT_FOUND', message: expect.stringContaining('separator') }),
      );
      expect(() => dshowDeviceName('Cam: B', cameras)).toThrow(
        expect.objectContaining({ code: 'CAMERA_NOT_FOUND', message: expect.stringContaining('0: Cam: A') }),
      );
    });
  });
});
