/**
 * `npm run bench -- --only=detect`: #39's detector row. One worker (one model, one core) on a 1280×720
 * street frame made from the taxis fixture: inference at 416×416, and the whole frame (JPEG decode,
 * letterbox, inference, decode of the boxes), as ms per frame and detections per second per core.
 */
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { Detector } from '../common/detect/detector.js';
import type { DetectTimings } from '../common/detect/worker-messages.js';
import { fetchModel } from '../tools/detect-model/fetch-model.js';

const WARMUP = 3;
const FRAMES = 30;

export interface DetectRows {
  frames: number;
  simd: boolean;
  loadMs: number;
  /** Medians and 95th percentiles over `frames`, in ms. */
  inferMedianMs: number;
  inferP95Ms: number;
  frameMedianMs: number;
  frameP95Ms: number;
  /** 1000 / frameMedianMs: one worker uses one core. */
  perCorePerSecond: number;
  /** CPU the process used while detecting, in cores (about 1 when the worker is the only work). */
  cores: number;
  /** CPU time per frame: what a frame costs a core, whatever else the machine runs. */
  cpuMsPerFrame: number;
  rssMiB: number;
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

const round = (v: number) => Math.round(v * 10) / 10;

export async function runDetectRows(log: (m: string) => void): Promise<DetectRows> {
  const { dir } = await fetchModel();
  const taxis = readFileSync(new URL('../test/fixtures/detect/taxis.jpg', import.meta.url));
  const frame = await sharp(taxis).resize(1280, 720, { fit: 'cover' }).jpeg({ quality: 80 }).toBuffer();
  const detector = new Detector({ modelDir: dir, log });
  const { simd, loadMs } = await detector.start();
  log(`  detect: model loaded in ${Math.round(loadMs)} ms (SIMD ${simd ? 'on' : 'off'}); ${WARMUP} warm-up frames, then ${FRAMES}…`);
  try {
    for (let i = 0; i < WARMUP; i++) await detector.detect(frame);
    const timings: DetectTimings[] = [];
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (let i = 0; i < FRAMES; i++) timings.push((await detector.detect(frame)).timings);
    const wall = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const infer = timings.map((t) => t.inferMs);
    const whole = timings.map((t) => t.prepareMs + t.inferMs + t.decodeMs);
    return {
      frames: FRAMES,
      simd,
      loadMs: Math.round(loadMs),
      inferMedianMs: round(quantile(infer, 0.5)),
      inferP95Ms: round(quantile(infer, 0.95)),
      frameMedianMs: round(quantile(whole, 0.5)),
      frameP95Ms: round(quantile(whole, 0.95)),
      perCorePerSecond: round(1000 / quantile(whole, 0.5)),
      cores: Math.round(((used.user + used.system) / 1000 / wall) * 100) / 100,
      cpuMsPerFrame: round((used.user + used.system) / 1000 / FRAMES),
      rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
    };
  } finally {
    await detector.close();
  }
}

export function renderDetectRows(r: DetectRows): string {
  return [
    '### Object detection (NanoDet 416×416, tfjs wasm, one worker = one core)',
    '',
    '| row | median | p95 | target |',
    '|---|---|---|---|',
    `| inference per frame, 416×416, one core | ${r.inferMedianMs} ms | ${r.inferP95Ms} ms | ≤ 200 ms |`,
    `| whole frame (1280×720 JPEG decode, letterbox, inference, boxes) | ${r.frameMedianMs} ms | ${r.frameP95Ms} ms | |`,
    `| CPU time per whole frame | ${r.cpuMsPerFrame} ms | | |`,
    `| detections per second per core | ${r.perCorePerSecond} /s (${round(1000 / r.cpuMsPerFrame)} /s by CPU time) | | |`,
    '',
    `${r.frames} frames after warm-up; SIMD ${r.simd ? 'on' : 'off'}; model load ${r.loadMs} ms; process CPU while detecting ${r.cores} cores; RSS ${r.rssMiB} MiB.`,
  ].join('\n');
}
