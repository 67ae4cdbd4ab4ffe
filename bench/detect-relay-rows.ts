/**
 * `npm run bench -- --only=detect-relay`: #39's relay row. A relay (in this process) with four
 * cameras (real capture clients over Socket.IO, 640×360 at 10 fps, a patch of moving "foliage" and a
 * person walking in and out, so motion lasts), watched by one viewer: first 20 s with detection off,
 * then 20 s with detection on at 2 a second per camera; once with one detector worker, once with two
 * (detectWorkers, #57). Rows per run: what the workers got done of the 8 detections a second asked
 * (detected and skipped per second), the process's CPU per look (its CPU with detection less without,
 * over the looks done), and the viewer's frames per second with detection against without. Frames are
 * made before the runs, so they pay no encoding.
 */
import { getDetection, setDetection } from '../test/helpers/detection-api.js';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import sharp from 'sharp';
import { CaptureClient } from '../capture-client/capture-client.js';
import { CAMERA_DEFAULTS, RECORDING_DEFAULTS } from '../server/recording/settings.js';
import { fetchModel } from '../tools/detect-model/fetch-model.js';
import { startTestServer, stopTestServer } from '../test/helpers/server.js';
import { connectViewer } from '../test/helpers/viewer.js';
import { login } from '../test/security/helpers/session.js';

const CAMERAS = ['door', 'drive', 'garden', 'yard'];
const FPS = 10;
const RATE = 2;
const PHASE_MS = 20_000;
const W = 640;
const H = 360;
/** The detector pool's sizes measured, one run each. */
const WORKERS = [1, 2];

/** One run: the relay with `workers` detection workers. */
export interface DetectRelayRun {
  workers: number;
  /** Detections a second done, and skipped (every worker was busy, or the camera's look was still running). */
  detectedPerSecond: number;
  skippedPerSecond: number;
  /** The process's CPU (all threads) per look done: its CPU a second with detection less without, over looks a second. */
  cpuMsPerLook: number;
  /** The viewer's frames a second over all cameras, without and with detection. */
  fpsWithout: number;
  fpsWith: number;
  /** The 1-minute load average at the end of the run. */
  load: number;
  /** The engine the relay's workers ran, and over the cameras' last minute: regions per look and a worker's ms per look (its own clock). */
  engine: string | null;
  regionsPerLook: number | null;
  workerMsPerLook: number | null;
}

export interface DetectRelayRows {
  cameras: number;
  rate: number;
  /** Detections a second asked (cameras × rate, while motion lasts). */
  askedPerSecond: number;
  runs: DetectRelayRun[];
}

/** 40 frames of one camera: foliage noise in one corner, a person crossing in frames 10-29. */
async function cameraFrames(seed: number): Promise<Buffer[]> {
  const bg = await sharp({ create: { width: W, height: H, channels: 3, background: { r: 90 + seed * 10, g: 110, b: 96 } } })
    .png()
    .toBuffer();
  const person = await sharp(readFileSync(new URL('../test/fixtures/detect/dog-human.jpg', import.meta.url)))
    .extract({ left: 0, top: 0, width: 420, height: 962 })
    .resize({ height: 330 })
    .toBuffer();
  const frames: Buffer[] = [];
  for (let i = 0; i < 40; i++) {
    const leaves = await sharp({
      create: { width: 160, height: 120, channels: 3, background: { r: 40 + i, g: 120, b: 50 }, noise: { type: 'gaussian', mean: 100, sigma: 60 } },
    })
      .png()
      .toBuffer();
    const layers = [{ input: leaves, top: 10, left: 470 }, ...(i >= 10 && i < 30 ? [{ input: person, top: 15, left: 100 + i * 6 }] : [])];
    frames.push(await sharp(bg).composite(layers).jpeg({ quality: 80 }).toBuffer());
  }
  return frames;
}

export async function runDetectRelayRows(log: (m: string) => void): Promise<DetectRelayRows> {
  await fetchModel();
  log(`  detect-relay: making frames for ${CAMERAS.length} cameras…`);
  const frames = await Promise.all(CAMERAS.map((_, i) => cameraFrames(i)));
  const runs: DetectRelayRun[] = [];
  for (const workers of WORKERS) runs.push(await runWith(workers, frames, log));
  return { cameras: CAMERAS.length, rate: RATE, askedPerSecond: CAMERAS.length * RATE, runs };
}

async function runWith(workers: number, frames: Buffer[][], log: (m: string) => void): Promise<DetectRelayRun> {
  const s = await startTestServer({
    detectWorkers: workers,
    recording: { ...RECORDING_DEFAULTS, defaults: { ...CAMERA_DEFAULTS, mode: 'motion', format: 'jpeg' } },
  });
  const clients = CAMERAS.map(
    (cameraId) => new CaptureClient({ server: s.url, token: s.captureToken, cameraId, transport: 'auto', ackTimeoutMs: 2000, fps: FPS, onEvent: () => {} }),
  );
  let n = 0;
  const timer = setInterval(() => {
    clients.forEach((c, i) => c.push({ jpeg: frames[i]![n % 40]!, capturedAt: Date.now() }));
    n++;
  }, 1000 / FPS);
  const viewer = connectViewer(s.url);
  try {
    const cookie = await login(s);
    /** The viewer's frames a second and the process's CPU ms a second over one phase. */
    const phase = async (): Promise<{ fps: number; cpuMsPerS: number }> => {
      const from = viewer.frames.length;
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      await new Promise((r) => setTimeout(r, PHASE_MS));
      const cpu = process.cpuUsage(cpu0);
      const seconds = (performance.now() - t0) / 1000;
      return { fps: (viewer.frames.length - from) / seconds, cpuMsPerS: (cpu.user + cpu.system) / 1000 / seconds };
    };
    log(`  detect-relay: ${workers} worker(s), ${PHASE_MS / 1000} s without detection…`);
    await new Promise((r) => setTimeout(r, 3000));
    const without = await phase();
    for (const camera of CAMERAS) {
      await setDetection(s, cookie, camera, { enabled: true, rate: RATE, labels: ['person', 'vehicle'] });
    }
    const counts = async () => {
      let detected = 0;
      let skipped = 0;
      const looks: Array<{ regions: number; ms: number }> = [];
      let engine: string | null = null;
      for (const camera of CAMERAS) {
        const a = await getDetection(s, cookie, camera);
        detected += a.status.counts.detected;
        skipped += a.status.counts.skipped;
        engine ??= a.status.engine ?? null;
        if (a.looks?.regionsPerLook != null && a.looks.msPerLook != null) looks.push({ regions: a.looks.regionsPerLook, ms: a.looks.msPerLook });
      }
      const mean = (f: (l: { regions: number; ms: number }) => number) => (looks.length ? looks.reduce((t, l) => t + f(l), 0) / looks.length : null);
      return { detected, skipped, engine, regions: mean((l) => l.regions), ms: mean((l) => l.ms) };
    };
    log(`  detect-relay: ${PHASE_MS / 1000} s with detection at ${RATE}/s on each camera…`);
    await new Promise((r) => setTimeout(r, 3000)); // the worker loads its model
    const before = await counts();
    const t0 = performance.now();
    const withDetection = await phase();
    const after = await counts();
    const seconds = (performance.now() - t0) / 1000;
    const round = (v: number) => Math.round(v * 100) / 100;
    const detectedPerSecond = (after.detected - before.detected) / seconds;
    return {
      workers,
      detectedPerSecond: round(detectedPerSecond),
      skippedPerSecond: round((after.skipped - before.skipped) / seconds),
      cpuMsPerLook: detectedPerSecond > 0 ? Math.round((withDetection.cpuMsPerS - without.cpuMsPerS) / detectedPerSecond) : 0,
      fpsWithout: round(without.fps),
      fpsWith: round(withDetection.fps),
      load: round(loadavg()[0]!),
      engine: after.engine,
      regionsPerLook: after.regions === null ? null : round(after.regions),
      workerMsPerLook: after.ms === null ? null : Math.round(after.ms),
    };
  } finally {
    clearInterval(timer);
    viewer.close();
    for (const c of clients) c.close();
    await stopTestServer(s);
  }
}

export function renderDetectRelayRows(r: DetectRelayRows): string {
  const rows = r.runs.flatMap((w) => [
    `| ${w.workers} worker(s): detections a second asked (${r.cameras} cameras × ${r.rate}/s) / done / skipped | ${r.askedPerSecond} / ${w.detectedPerSecond} / ${w.skippedPerSecond} | 8 / 8 / 0 |`,
    `| ${w.workers} worker(s): the process's CPU per look done (load ${w.load}) | ${w.cpuMsPerLook} ms | ≤ 50 ms |`,
    `| ${w.workers} worker(s): the engine; regions per look and a worker's ms per look, the cameras' last minute | ${w.engine ?? '?'}; ${w.regionsPerLook ?? '?'} regions, ${w.workerMsPerLook ?? '?'} ms | reported |`,
    `| ${w.workers} worker(s): viewer's frames a second over all cameras, with detection / without | ${w.fpsWith} / ${w.fpsWithout} (${Math.round((w.fpsWith / w.fpsWithout) * 100) / 100}×) | ≥ 0.95× |`,
  ]);
  return [
    '### Object detection on the relay (4 cameras with motion, 1 and 2 detector workers)',
    '',
    '| row | figure | target |',
    '|---|---|---|',
    ...rows,
    '',
    `Load averages at the end of each run (${availableParallelism()} cores).`,
  ].join('\n');
}
