/**
 * `npm run bench -- --only=detect-relay`: #39's relay row. A relay (in this process) with four
 * cameras (real capture clients over Socket.IO, 640×360 at 10 fps, a patch of moving "foliage" and a
 * person walking in and out, so motion lasts), watched by one viewer: first 20 s with detection off,
 * then 20 s with detection on at 2 a second per camera. Rows: what the one detector worker got done
 * of the 8 detections a second asked (detected and skipped per second), and the viewer's frames per
 * second with detection against without. Frames are made before the run, so the run pays no encoding.
 */
import { getDetection, setDetection } from '../test/helpers/detection-api.js';
import { readFileSync } from 'node:fs';
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

export interface DetectRelayRows {
  cameras: number;
  rate: number;
  /** Detections a second asked (cameras × rate, while motion lasts), done, and skipped (the worker was busy). */
  askedPerSecond: number;
  detectedPerSecond: number;
  skippedPerSecond: number;
  /** The viewer's frames a second over all cameras, without and with detection. */
  fpsWithout: number;
  fpsWith: number;
  load: number;
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
  const s = await startTestServer({ recording: { ...RECORDING_DEFAULTS, defaults: { ...CAMERA_DEFAULTS, mode: 'motion', format: 'jpeg' } } });
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
    const phase = async (): Promise<number> => {
      const from = viewer.frames.length;
      const t0 = performance.now();
      await new Promise((r) => setTimeout(r, PHASE_MS));
      return ((viewer.frames.length - from) * 1000) / (performance.now() - t0);
    };
    log(`  detect-relay: ${PHASE_MS / 1000} s without detection…`);
    await new Promise((r) => setTimeout(r, 3000));
    const fpsWithout = await phase();
    for (const camera of CAMERAS) {
      await setDetection(s, cookie, camera, { enabled: true, rate: RATE, labels: ['person', 'vehicle'] });
    }
    const counts = async () => {
      let detected = 0;
      let skipped = 0;
      for (const camera of CAMERAS) {
        const a = await getDetection(s, cookie, camera);
        detected += a.status.counts.detected;
        skipped += a.status.counts.skipped;
      }
      return { detected, skipped };
    };
    log(`  detect-relay: ${PHASE_MS / 1000} s with detection at ${RATE}/s on each camera…`);
    await new Promise((r) => setTimeout(r, 3000)); // the worker loads its model
    const before = await counts();
    const t0 = performance.now();
    const fpsWith = await phase();
    const after = await counts();
    const seconds = (performance.now() - t0) / 1000;
    const round = (v: number) => Math.round(v * 100) / 100;
    const { loadavg } = await import('node:os');
    return {
      cameras: CAMERAS.length,
      rate: RATE,
      askedPerSecond: CAMERAS.length * RATE,
      detectedPerSecond: round((after.detected - before.detected) / seconds),
      skippedPerSecond: round((after.skipped - before.skipped) / seconds),
      fpsWithout: round(fpsWithout),
      fpsWith: round(fpsWith),
      load: round(loadavg()[0]!),
    };
  } finally {
    clearInterval(timer);
    viewer.close();
    for (const c of clients) c.close();
    await stopTestServer(s);
  }
}

export function renderDetectRelayRows(r: DetectRelayRows): string {
  return [
    '### Object detection on the relay (4 cameras with motion, one detector worker)',
    '',
    '| row | figure | target |',
    '|---|---|---|',
    `| detections a second: asked (${r.cameras} cameras × ${r.rate}/s) / done / skipped | ${r.askedPerSecond} / ${r.detectedPerSecond} / ${r.skippedPerSecond} | keeps up on one core |`,
    `| viewer's frames a second over all cameras, with detection / without | ${r.fpsWith} / ${r.fpsWithout} (${Math.round((r.fpsWith / r.fpsWithout) * 100) / 100}×) | ≥ 0.95× |`,
    '',
    `Load average ${r.load} at the end (2 cores).`,
  ].join('\n');
}
