/**
 * Where an RTSP camera's first frame goes (#29): ffmpeg run with the capture client's own arguments
 * (rtsp-args.ts) against a camera, stamped at spawn, at the stream's description on stderr, and at the
 * first JPEG on stdout. The capture program's other phases are measured around it (ipcam-rows.ts).
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { resolveFfmpegPath } from '../../capture-client/sources/ffmpeg-binary.js';
import { buildRtspArgs } from '../../capture-client/sources/rtsp-args.js';

export interface RtspPhases {
  /** Spawn to the stream described (`Input #0, rtsp`: DESCRIBE, SETUP and PLAY answered, then probed). */
  describedMs: number;
  /** Spawn to the first JPEG on stdout (the first keyframe decoded). */
  firstJpegMs: number;
}

/** One run of ffmpeg on `url` (an address, not a name); ends it after its first JPEG. */
export function rtspPhases(url: string, fps = 10, extra: string[] = []): Promise<RtspPhases> {
  const started = performance.now();
  const args = buildRtspArgs({ url, fps });
  const child = spawn(resolveFfmpegPath(undefined), [...args.slice(0, args.indexOf('-i')), ...extra, ...args.slice(args.indexOf('-i'))], {
    stdio: ['ignore', 'pipe', 'pipe'],
    windowsHide: true,
  });
  let describedMs = NaN;
  createInterface({ input: child.stderr }).on('line', (line) => {
    if (Number.isNaN(describedMs) && line.includes('Input #0')) describedMs = performance.now() - started;
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (child.kill('SIGKILL'), reject(new Error('no JPEG from ffmpeg within 20 s'))), 20_000);
    child.stdout.once('data', () => {
      clearTimeout(timer);
      const firstJpegMs = performance.now() - started;
      child.kill('SIGKILL');
      resolve({ describedMs, firstJpegMs });
    });
  });
}
