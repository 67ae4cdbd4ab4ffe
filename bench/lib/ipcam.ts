/**
 * The pieces of the IP camera rows (#29): the capture program run as a user runs it against an RTSP camera,
 * its CPU with its ffmpegs, and one Socket.IO viewer of the relay that notes each camera's first frame.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import type { CameraInfo, MonitorFrameMeta } from '../../shared/protocol.js';
import { BENCH_ADMIN, BENCH_TOKEN } from '../systems/credentials.js';
import { childrenCpuMs, processCpuMs } from './child-cpu.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface CaptureRun {
  child: ChildProcess;
  startedAt: number;
  /** CPU ms of the program and its live children (ffmpeg) so far. */
  cpuMs(): number;
  /** The end of what it printed on stderr (its status lines), for a row that fails. */
  stderr(): string;
  stop(): Promise<void>;
}

/** `npm run capture -- --source rtsp --url <sub> [--record-url <main>] --fps 10`, as a user types it. */
export function startCapture(port: number, cameraId: string, sub: string, main: string | null): CaptureRun {
  const args = ['--server', `http://127.0.0.1:${port}`, '--camera', cameraId, '--token', BENCH_TOKEN, '--source', 'rtsp', '--url', sub, '--fps', '10'];
  if (main) args.push('--record-url', main);
  const startedAt = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'capture-client/main.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err = (err + String(d)).slice(-2000)));
  const pid = child.pid!;
  return {
    child,
    startedAt,
    cpuMs: () => processCpuMs(pid) + childrenCpuMs(pid),
    stderr: () => err,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = once(child, 'exit');
      // SIGINT: the program's own stop, which ends its ffmpegs (they are in process groups of their own).
      child.kill('SIGINT');
      await gone;
    },
  };
}

export interface BenchViewer {
  /** performance.now() of each camera's first frame here. */
  firstFrameAt: Map<string, number>;
  /** performance.now() when the relay first listed each camera online: its capture program has connected. */
  onlineAt: Map<string, number>;
  frames: number;
  close(): void;
}

/** One viewer of every camera on the relay at `port`, acking each frame as a page that keeps up does. */
export async function connectBenchViewer(port: number): Promise<BenchViewer> {
  const socket: Socket = io(`http://127.0.0.1:${port}/monitor`, { transports: ['websocket'], forceNew: true, auth: { ...BENCH_ADMIN } });
  const viewer: BenchViewer = { firstFrameAt: new Map(), onlineAt: new Map(), frames: 0, close: () => socket.close() };
  socket.on('frame', (meta: MonitorFrameMeta, _jpeg: unknown, ack?: () => void) => {
    ack?.();
    viewer.frames++;
    if (!viewer.firstFrameAt.has(meta.cameraId)) viewer.firstFrameAt.set(meta.cameraId, performance.now());
  });
  socket.on('cameras', (list: CameraInfo[]) => {
    for (const c of list) if (c.online && !viewer.onlineAt.has(c.id)) viewer.onlineAt.set(c.id, performance.now());
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  socket.emit('subscribe', { cameraIds: '*' });
  return viewer;
}

/** Resolves when `ok()` holds, polling every 20 ms; rejects after `ms`. */
export async function until(ok: () => boolean, what: string, ms: number): Promise<void> {
  const end = performance.now() + ms;
  while (!ok()) {
    if (performance.now() > end) throw new Error(`no ${what} within ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
