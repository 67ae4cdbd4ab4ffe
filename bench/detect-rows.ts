/**
 * `npm run bench -- --only=detect`: #39's detector row and #57's engine row beside it, same run. One
 * worker per engine (onnxruntime-node, tfjs-wasm), each one model on one core, on a 1280×720 street
 * frame made from the taxis fixture, taking turns (10 frames each, 3 turns) so a change in the box's
 * load falls on both: inference at 416×416, and the whole look (JPEG decode, letterbox, inference,
 * boxes) as ms per frame and as CPU time per frame, the figure #57's target (≤ 50 ms) is on.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import sharp from 'sharp';
import { Detector } from '../common/detect/detector.js';
import type { EngineName } from '../common/detect/engine.js';
import type { DetectTimings } from '../common/detect/worker-messages.js';
import { fetchModel } from '../tools/detect-model/fetch-model.js';

const WARMUP = 3;
const TURNS = 3;
const PER_TURN = 10;
/** #57's target for the whole look's CPU on onnxruntime. */
const TARGET_MS = 50;

export interface EngineRow {
  engine: EngineName;
  /** Why onnxruntime did not run where it was asked for, else null. */
  fallbackReason: string | null;
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
  /** CPU time per whole frame: what a look costs a core, whatever else the machine runs. */
  cpuMsPerFrame: number;
}

export interface DetectRows {
  engines: EngineRow[];
  /** The 1-minute load average at the end: CPU times grow on a busy box. */
  load: number;
  rssMiB: number;
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

const round = (v: number) => Math.round(v * 10) / 10;

interface Lane {
  name: EngineName;
  detector: Detector;
  started: { simd: boolean; loadMs: number; engine: EngineName; fallbackReason: string | null };
  timings: DetectTimings[];
  cpuMs: number;
}

export async function runDetectRows(log: (m: string) => void): Promise<DetectRows> {
  const { dir } = await fetchModel();
  const taxis = readFileSync(new URL('../test/fixtures/detect/taxis.jpg', import.meta.url));
  const frame = await sharp(taxis).resize(1280, 720, { fit: 'cover' }).jpeg({ quality: 80 }).toBuffer();
  const lanes: Lane[] = [];
  try {
    for (const name of ['onnxruntime', 'tfjs-wasm'] as const) {
      const detector = new Detector({ modelDir: dir, log, ...(name === 'tfjs-wasm' ? { engine: name } : {}) });
      const started = await detector.start();
      log(
        `  detect: ${started.engine} loaded in ${Math.round(started.loadMs)} ms${started.fallbackReason && name === 'onnxruntime' ? ` (fell back: ${started.fallbackReason})` : ''}`,
      );
      for (let i = 0; i < WARMUP; i++) await detector.detect(frame);
      lanes.push({ name, detector, started, timings: [], cpuMs: 0 });
    }
    log(`  detect: ${TURNS} turns of ${PER_TURN} frames per engine…`);
    for (let turn = 0; turn < TURNS; turn++) {
      for (const lane of lanes) {
        // Only this lane's worker is busy now: the process's CPU in the turn is its frames'.
        const cpu = process.cpuUsage();
        for (let i = 0; i < PER_TURN; i++) lane.timings.push((await lane.detector.detect(frame)).timings);
        const used = process.cpuUsage(cpu);
        lane.cpuMs += (used.user + used.system) / 1000;
      }
    }
    const rssMiB = Math.round(process.memoryUsage().rss / 2 ** 20);
    const engines = lanes.map((lane): EngineRow => {
      const infer = lane.timings.map((t) => t.inferMs);
      const whole = lane.timings.map((t) => t.prepareMs + t.inferMs + t.decodeMs);
      return {
        engine: lane.started.engine,
        fallbackReason: lane.name === 'onnxruntime' ? lane.started.fallbackReason : null,
        frames: lane.timings.length,
        simd: lane.started.simd,
        loadMs: Math.round(lane.started.loadMs),
        inferMedianMs: round(quantile(infer, 0.5)),
        inferP95Ms: round(quantile(infer, 0.95)),
        frameMedianMs: round(quantile(whole, 0.5)),
        frameP95Ms: round(quantile(whole, 0.95)),
        perCorePerSecond: round(1000 / quantile(whole, 0.5)),
        cpuMsPerFrame: round(lane.cpuMs / lane.timings.length),
      };
    });
    return { engines, load: Math.round(loadavg()[0]! * 100) / 100, rssMiB };
  } finally {
    await Promise.all(lanes.map((lane) => lane.detector.close()));
  }
}

export function renderDetectRows(r: DetectRows): string {
  const [onnx, tfjs] = r.engines as [EngineRow, EngineRow];
  const head = (e: EngineRow) => (e.engine === 'onnxruntime' ? 'onnxruntime-node, 1 thread' : `tfjs-wasm, SIMD ${e.simd ? 'on' : 'off'}`);
  const row = (name: string, cell: (e: EngineRow) => string, target = '') => `| ${name} | ${cell(onnx)} | ${cell(tfjs)} | ${target} |`;
  const met = onnx.engine === 'onnxruntime' && onnx.cpuMsPerFrame <= TARGET_MS;
  return [
    '### Object detection (NanoDet 416×416, one worker per engine = one core each, same run)',
    '',
    `| row | ${head(onnx)} | ${head(tfjs)} | target |`,
    '|---|---|---|---|',
    row(
      'CPU per look at 416×416, one core (decode, letterbox, inference, boxes)',
      (e) => `${e.cpuMsPerFrame} ms`,
      `≤ ${TARGET_MS} ms on onnxruntime: ${met ? 'met' : '**missed**'}`,
    ),
    row('whole look by the clock, median / p95', (e) => `${e.frameMedianMs} ms / ${e.frameP95Ms} ms`),
    row('inference per look by the clock, median / p95', (e) => `${e.inferMedianMs} ms / ${e.inferP95Ms} ms`),
    row('looks per second per core', (e) => `${round(1000 / e.cpuMsPerFrame)} /s by CPU time (${e.perCorePerSecond} /s by the clock)`),
    '',
    onnx.fallbackReason
      ? `onnxruntime-node did not run (${onnx.fallbackReason}): both columns are tfjs-wasm.`
      : `onnxruntime-node uses ${round(tfjs.cpuMsPerFrame / onnx.cpuMsPerFrame)}× less CPU per look than tfjs-wasm.`,
    `${onnx.frames} frames per engine after warm-up, in turns of ${PER_TURN}; model load ${r.engines.map((e) => `${e.engine} ${e.loadMs} ms`).join(', ')}; load average ${r.load}; RSS ${r.rssMiB} MiB.`,
  ].join('\n');
}
