/** Lists the cameras ffmpeg can open, and turns a device index or no device into a name ffmpeg takes. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { CamrelayError } from '../../shared/errors.js';
import { type CaptureDevice, linuxVideoDevices, parseAvfoundationDevices, parseDshowDevices } from './device-list.js';
import { buildListDevicesArgs, type CapturePlatform } from './ffmpeg-args.js';
import { resolveFfmpegPath } from './ffmpeg-binary.js';
import { killableSpawnOptions, killTree } from './kill-tree.js';

export interface ListDevicesOptions {
  platform?: CapturePlatform;
  ffmpegPath?: string;
  /** Where V4L2 nodes live on Linux; a test may point elsewhere. */
  devDir?: string;
  /** Where sysfs describes them (to tell a camera's picture node from its metadata node). */
  sysDir?: string;
  timeoutMs?: number;
  /** Aborting kills the listing ffmpeg (Ctrl+C during startup). */
  signal?: AbortSignal;
}

/** The video and audio devices ffmpeg sees (Linux: the /dev/video* nodes). */
export async function listDevices(opts: ListDevicesOptions = {}): Promise<CaptureDevice[]> {
  const platform = opts.platform ?? (process.platform as CapturePlatform);
  const args = buildListDevicesArgs(platform);
  if (args === null) {
    try {
      const sysDir = opts.sysDir ?? '/sys/class/video4linux';
      const indexOf = (entry: string): number | null => {
        try {
          return Number(readFileSync(path.join(sysDir, entry, 'index'), 'utf8').trim());
        } catch {
          return null; // no sysfs (a container, another OS): keep the node
        }
      };
      return linuxVideoDevices(await readdir(opts.devDir ?? '/dev'), indexOf);
    } catch {
      return [];
    }
  }
  const stderr = await runForStderr(resolveFfmpegPath(opts.ffmpegPath, platform), args, opts.timeoutMs ?? 10_000, opts.signal);
  return platform === 'win32' ? parseDshowDevices(stderr) : parseAvfoundationDevices(stderr);
}

/** What a listing keeps of ffmpeg's stderr: a listing is a few KiB, and an ffmpeg that loops must not fill memory. */
const STDERR_MAX = 1024 * 1024;

/**
 * Runs ffmpeg to completion and returns its stderr; the listing commands always exit non-zero, so the code is
 * ignored. Past `timeoutMs`, or on `signal`, its whole process tree is killed and the pipe let go at once: a
 * process it started can hold stderr open for ever, and waiting for 'close' then never ends (#37 item 17).
 */
export function runForStderr(path: string, args: string[], timeoutMs: number, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const child = spawn(path, args, { windowsHide: true, stdio: ['ignore', 'ignore', 'pipe'], ...killableSpawnOptions() });
    let text = '';
    let settled = false;
    const settle = (finish: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      finish();
    };
    const end = (): void => {
      killTree(child);
      child.stderr.destroy();
    };
    const onAbort = (): void => {
      end();
      settle(() => reject(signal!.reason as Error));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => {
      end();
      const last = text.trim().split(/\r?\n/).at(-1)?.slice(0, 200);
      const said = last ? ` Its last line: ${last}` : ' It printed nothing.';
      const why = `ffmpeg did not finish within ${timeoutMs / 1000} s (${args.join(' ')}), so it was stopped with every process it started.${said}`;
      settle(() => reject(new CamrelayError('SOURCE_FAILED', why)));
    }, timeoutMs);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (s: string) => {
      if (text.length < STDERR_MAX) text += s.slice(0, STDERR_MAX - text.length);
    });
    child.on('error', (err) => settle(() => reject(new CamrelayError('SOURCE_UNAVAILABLE', `Could not run ffmpeg at "${path}": ${err.message}`))));
    child.on('close', () => settle(() => resolve(text)));
  });
}

/**
 * The device string to give ffmpeg. dshow has no numeric selection, so on Windows an index (or no device)
 * picks from the listing; Linux and macOS take an index as is, defaulting to the first camera.
 */
export async function resolveDevice(device: string | undefined, platform: CapturePlatform, ffmpegPath?: string, signal?: AbortSignal): Promise<string> {
  if (platform === 'linux') return device ?? '0';
  if (platform === 'darwin') return device ?? '0';
  if (device !== undefined && !/^\d+$/.test(device) && !needsAlternativeName(device)) return device;
  const listing = await listDevices({ platform, ...(ffmpegPath === undefined ? {} : { ffmpegPath }), ...(signal ? { signal } : {}) });
  const cameras = listing.filter((d) => d.kind === 'video');
  if (device !== undefined && !/^\d+$/.test(device)) return dshowDeviceName(device, cameras);
  const index = device === undefined ? 0 : Number(device);
  const picked = cameras[index];
  if (!picked) {
    const names = cameras.map((c, i) => `${i}: ${c.name}`).join(', ') || 'none';
    throw new CamrelayError('CAMERA_NOT_FOUND', `There is no camera number ${index}; ffmpeg lists ${names}.`);
  }
  // Two identical cameras share a friendly name; only the alternative name tells them apart.
  const shared = cameras.filter((c) => c.name === picked.name).length > 1;
  return shared && picked.alternativeName ? picked.alternativeName : dshowDeviceName(picked.name, cameras);
}

/**
 * dshow splits `video=NAME` at every ":" (libavdevice/dshow.c parse_device_name: strtok on "=" then ":", with no
 * quoting or escape), so such a name fails with "Malformed dshow input string". Quotes, "=" and non-ASCII pass as
 * they are: spawn hands ffmpeg the argument whole, in UTF-16 on Windows.
 */
export function needsAlternativeName(device: string): boolean {
  return device.includes(':') && !device.startsWith('@device') && !device.startsWith('video=');
}

/** The name to open a listed camera by: its friendly name, or its `@device_...` name when the friendly one has a ":". */
export function dshowDeviceName(name: string, cameras: readonly CaptureDevice[]): string {
  if (!needsAlternativeName(name)) return name;
  const listed = cameras.find((c) => c.name === name);
  if (!listed) {
    const names = cameras.map((c, i) => `${i}: ${c.name}`).join(', ') || 'none';
    throw new CamrelayError('CAMERA_NOT_FOUND', `ffmpeg lists no camera named "${name}"; it lists ${names}.`);
  }
  if (listed.alternativeName && !listed.alternativeName.includes(':')) return listed.alternativeName;
  throw new CamrelayError(
    'CAMERA_NOT_FOUND',
    `ffmpeg cannot open camera "${name}": dshow reads the ":" in its name as a separator, and ffmpeg lists no alternative name for it. ` +
      'Pick it by the alternative name if a newer ffmpeg lists one (--ffmpeg-path), or rename the camera in its driver software.',
  );
}
