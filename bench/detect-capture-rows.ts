/**
 * `npm run bench -- --only=detect-capture`: #39's camera-side row. The capture program (from source,
 * as `npm run capture` starts it) plays a 720p15 clip from a folder (a still scene, then a person
 * walking across, looped every 3 s) to a relay that detects on that camera; 30 s without `--detect`
 * (the relay detects), then 30 s with it (the relay asks the program for verdicts at 2/s while
 * motion lasts). Rows: the program's CPU (its process, its worker threads and children) each way.
 */
import { getDetection, setDetection } from '../test/helpers/detection-api.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { CAMERA_DEFAULTS, RECORDING_DEFAULTS } from '../server/recording/settings.js';
import { fetchModel } from '../tools/detect-model/fetch-model.js';
import { scenePerson } from '../test/helpers/detect-scene.js';
import { startCaptureProcess } from '../test/helpers/processes.js';
import { startTestServer, stopTestServer, type TestServer } from '../test/helpers/server.js';
import { login } from '../test/security/helpers/session.js';
import { childrenCpuMs, processCpuMs } from './lib/child-cpu.js';

const SECONDS = 30;
const FPS = 15;

export interface DetectCaptureRows {
  /** The program's CPU in % of one core, without and with --detect. */
  cpuWithout: number;
  cpuWith: number;
  /** Verdicts the relay heard per second with --detect. */
  verdictsPerSecond: number;
  load: number;
}

async function clipFolder(): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'camrelay-bench-clip-'));
  const bg = await sharp({ create: { width: 1280, height: 720, channels: 3, background: { r: 96, g: 110, b: 96 } } })
    .png()
    .toBuffer();
  const person = await sharp(await scenePerson())
    .resize({ height: 620 })
    .toBuffer();
  for (let i = 0; i < 45; i++) {
    const layers = i >= 15 ? [{ input: person, top: 40, left: 200 + (i - 15) * 12 }] : [];
    writeFileSync(path.join(dir, `f${String(i).padStart(2, '0')}.jpg`), await sharp(bg).composite(layers).jpeg({ quality: 80 }).toBuffer());
  }
  return dir;
}

async function measure(s: TestServer, cookie: string, frames: string, detect: boolean): Promise<{ cpu: number; verdicts: number }> {
  const program = startCaptureProcess(s.url, s.captureToken, 'door', [
    '--source',
    'file',
    '--path',
    frames,
    '--fps',
    String(FPS),
    '--transport',
    'socketio',
    ...(detect ? ['--detect'] : []),
  ]);
  const pid = program.child.pid!;
  const counts = async () => (await getDetection(s, cookie, 'door')).status.counts.detected;
  try {
    await new Promise((r) => setTimeout(r, 8000)); // start, model load, first motion
    const cpu0 = processCpuMs(pid) + childrenCpuMs(pid);
    const seen0 = await counts();
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    const wall = performance.now() - t0;
    const cpu = ((processCpuMs(pid) + childrenCpuMs(pid) - cpu0) / wall) * 100;
    return { cpu: Math.round(cpu * 10) / 10, verdicts: Math.round((((await counts()) - seen0) * 1000 * 100) / wall) / 100 };
  } finally {
    await program.kill();
  }
}

export async function runDetectCaptureRows(log: (m: string) => void): Promise<DetectCaptureRows> {
  await fetchModel();
  const frames = await clipFolder();
  const s = await startTestServer({ recording: { ...RECORDING_DEFAULTS, defaults: { ...CAMERA_DEFAULTS, mode: 'motion', format: 'jpeg' } } });
  try {
    const cookie = await login(s);
    await setDetection(s, cookie, 'door', { enabled: true, rate: 2, labels: ['person'] });
    log(`  detect-capture: the program without --detect, ${SECONDS} s…`);
    const without = await measure(s, cookie, frames, false);
    log(`  detect-capture: the program with --detect, ${SECONDS} s…`);
    const withDetect = await measure(s, cookie, frames, true);
    return { cpuWithout: without.cpu, cpuWith: withDetect.cpu, verdictsPerSecond: withDetect.verdicts, load: Math.round(loadavg()[0]! * 100) / 100 };
  } finally {
    await stopTestServer(s);
    rmSync(frames, { recursive: true, force: true });
  }
}

export function renderDetectCaptureRows(r: DetectCaptureRows): string {
  return [
    '### Object detection on the camera side (capture program, 720p15 clip with a person, 2 detections/s while motion lasts)',
    '',
    '| row | without --detect | with --detect |',
    '|---|---|---|',
    `| capture program CPU, % of one core | ${r.cpuWithout} % | ${r.cpuWith} % (${r.verdictsPerSecond} verdicts/s) |`,
    '',
    `Load average ${r.load} at the end (2 cores).`,
  ].join('\n');
}
