/**
 * The capture program as a user runs it (the Linux single executable from `npm run build:capture`):
 * time from start to the first frame at a relay, and its memory while it sends 720p at 15 fps.
 * Targets (issue 18): first frame ≤ 2 s, RSS ≤ 120 MB.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { DEFAULTS } from '../server/load-config.js';
import { startServer } from '../server/start-server.js';

export interface CaptureExeFigures {
  /** From spawn to the relay holding the program's first frame. */
  firstFrameMs: number;
  /** Resident memory of the program while sending (Linux /proc; null elsewhere). */
  rssPeakMb: number | null;
  rssMeanMb: number | null;
  /** Frames the relay got per second over the sending window. */
  fpsDelivered: number;
  fpsAsked: number;
}

export interface CaptureExeOptions {
  /** The built program, e.g. dist-capture/linux-x64/camrelay-capture. */
  exe: string;
  /** A folder of 1280×720 JPEGs (default bench/fixtures). */
  frames?: string;
  fps?: number;
  /** How long to sample memory and count frames after the first one. */
  seconds?: number;
}

const CAMERA = 'bench-exe';

function rssMb(pid: number): number | null {
  if (process.platform !== 'linux') return null;
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return kb === undefined ? null : Number(kb) / 1024;
}

export async function measureCaptureExe(opts: CaptureExeOptions): Promise<CaptureExeFigures> {
  const fps = opts.fps ?? 15;
  const seconds = opts.seconds ?? 10;
  const frames = opts.frames ?? path.join(import.meta.dirname, 'fixtures');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'camrelay-bench-exe-'));
  const server = await startServer({ ...DEFAULTS, host: '127.0.0.1', port: 0, dataDir, logLevel: 'silent' }, pino({ level: 'silent' }));
  const args = ['--server', server.url, '--camera', CAMERA, '--token', server.captureToken, '--source', 'file', '--path', frames, '--fps', String(fps)];
  const started = performance.now();
  const child = spawn(path.resolve(opts.exe), args, { cwd: tmpdir(), stdio: 'ignore' });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    const deadline = started + 20_000;
    while (!server.relay.latestFrame(CAMERA)) {
      if (performance.now() > deadline || child.exitCode !== null) throw new Error('the capture program sent no frame within 20 s');
      await new Promise((r) => setTimeout(r, 5));
    }
    const firstFrameMs = performance.now() - started;
    const firstSeq = server.relay.latestFrame(CAMERA)!.seq;
    const samples: number[] = [];
    const windowStart = performance.now();
    while (performance.now() - windowStart < seconds * 1000) {
      const mb = rssMb(child.pid!);
      if (mb !== null) samples.push(mb);
      await new Promise((r) => setTimeout(r, 200));
    }
    const fpsDelivered = (server.relay.latestFrame(CAMERA)!.seq - firstSeq) / ((performance.now() - windowStart) / 1000);
    const round = (n: number) => Math.round(n * 10) / 10;
    return {
      firstFrameMs: Math.round(firstFrameMs),
      rssPeakMb: samples.length ? round(Math.max(...samples)) : null,
      rssMeanMb: samples.length ? round(samples.reduce((a, b) => a + b, 0) / samples.length) : null,
      fpsDelivered: round(fpsDelivered),
      fpsAsked: fps,
    };
  } finally {
    child.kill('SIGTERM');
    await exited;
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Sizes in MB of what `npm run build:capture` wrote to `dir` (default dist-capture). */
export function captureArtefactSizes(dir = 'dist-capture'): Record<string, number> {
  const files = {
    bundle: 'camrelay-capture.cjs',
    linuxExe: path.join('linux-x64', 'camrelay-capture'),
    windowsExe: path.join('win-x64', 'camrelay-capture.exe'),
    windowsZip: 'camrelay-capture-win-x64.zip',
  };
  // Only what was built: a build of some targets has no file for the others.
  const built = Object.entries(files).filter(([, file]) => existsSync(path.join(dir, file)));
  return Object.fromEntries(built.map(([name, file]) => [name, Math.round(statSync(path.join(dir, file)).size / 1e5) / 10]));
}
