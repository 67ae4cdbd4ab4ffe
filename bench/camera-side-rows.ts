/**
 * Issue #28's rows: the camera-side path (publishers that honour the relay's demand: H.264 recorded by copy,
 * JPEG rungs passed on untouched) beside today's JPEG-only path, in the same run. Part of the full run; the
 * grid pair is in browser-rows.ts. `npm run bench -- --only=camera-side` runs these alone (no browser).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describePick, pickEncoder } from '../capture-client/edge/encoder-pick.js';
import { MOTION_WIDTH } from '../server/recording/motion/motion-detection.js';
import type { BrowserResult } from './browser.js';
import { GRID_CAMERA_SIDE, GRID_RELAY } from './browser-rows.js';
import { renderCaptureH264Row, runCaptureH264Rows, type CaptureH264Figures } from './capture-h264.js';
import { runLoad, type LoadResult, type LoadSpec } from './lib/load.js';
import type { MotionRow } from './recording-rows.js';

/** #19's recording row: 10 viewers watching 4 cameras at 720p15. */
const FAN_OUT: LoadSpec = { system: 'camrelay', viewers: 10, link: 'websocket', cameras: 4, fps: 15, warmupMs: 1500, measureMs: 3000 };

export interface CameraSideRows {
  /** No recording (JPEG-only publishers), recording by relay encode (JPEG-only), recording by copy (camera side). */
  none: LoadResult;
  encode: LoadResult;
  copy: LoadResult;
  /** Motion at the relay: the full 720p frame, and the camera side's MOTION_WIDTH rung. */
  motion: MotionRow[];
  capture: CaptureH264Figures[];
  /** The encoder pick here, as the capture client's status line says it. */
  encoders: string;
}

function motionRows(): MotionRow[] {
  const root = path.resolve(import.meta.dirname, '..');
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/motion-cost.ts', '--count', '100', '--relay-only'], { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`bench/motion-cost.ts failed: ${run.stderr}`);
  return (JSON.parse(run.stdout) as { summary: MotionRow[] }).summary.filter((m) => !m.resolution.startsWith('1920'));
}

export async function runCameraSideRows(log: (m: string) => void): Promise<CameraSideRows> {
  log('  camera side (#28): 4 cameras 720p15, 10 viewers, no recording…');
  const none = await runLoad({ ...FAN_OUT, record: false });
  log('  camera side (#28): recording, relay encodes (JPEG-only cameras)…');
  const encode = await runLoad({ ...FAN_OUT, record: true });
  log('  camera side (#28): recording by copy (cameras send H.264 on demand)…');
  const copy = await runLoad({ ...FAN_OUT, record: true, cameraSide: true });
  log(`  camera side (#28): motion detection per frame, 720p against the ${MOTION_WIDTH} px rung…`);
  const motion = motionRows();
  log(`  camera side (#28): capture client + ffmpeg, 720p15 to H.264 + ${MOTION_WIDTH} px rung…`);
  const capture = await runCaptureH264Rows(4, MOTION_WIDTH);
  return { none, encode, copy, motion, capture, encoders: describePick(await pickEncoder()) };
}

const f = (n: number | undefined, d = 1) => (n === undefined || !Number.isFinite(n) ? '–' : n.toFixed(d));
/** The relay process and its children (ffmpeg), % of one core. */
const relayPct = (r: LoadResult) => (r.serverCpuPct ?? 0) + (r.childCpuPct ?? 0);
const met = (ok: boolean) => (ok ? 'met' : '**missed**');

export function renderCameraSideRows(r: CameraSideRows, browser: BrowserResult[]): string {
  const cams = FAN_OUT.cameras;
  const perCamera = (x: LoadResult) => (relayPct(x) - relayPct(r.none)) / cams;
  const ffmpeg = (x: LoadResult) => (x.childCpuPct ?? 0) / cams;
  const p99 = (x: LoadResult) => x.latency.p99 / Math.max(1, r.none.latency.p99);
  const line = (name: string, x: LoadResult) =>
    `| ${name} | ${f(x.fpsPerViewer)} | ${x.latency.p50} | ${x.latency.p99} | ${f(x.serverCpuPct)} | ${f(x.childCpuPct ?? 0)} | ${x.recorded ? `${x.recorded.kept} / ${x.recorded.dropped}` : ''} | ${x.cameraSide ? `${x.cameraSide.h264Acked} / ${x.cameraSide.h264Dropped}` : ''} |`;
  const out = [
    '### Camera side (#28): 10 viewers, 4 cameras at 720p15, today’s path (JPEG only) beside the camera side’s',
    '',
    '| recording | fps/viewer/camera | p50 ms | p99 ms | relay process % of a core | relay ffmpeg % of a core | frames recorded / dropped | H.264 units acked / dropped |',
    '|---|---|---|---|---|---|---|---|',
    line('none', r.none),
    line('relay encodes (JPEG-only cameras)', r.encode),
    line('by copy (camera-side H.264)', r.copy),
    '',
    '| #28 row | today (same run) | camera side | target | |',
    '|---|---|---|---|---|',
    `| relay CPU per recording camera, 720p15 (4 cameras; relay + its ffmpeg, over no recording; its ffmpeg alone) | ${f(perCamera(r.encode))}% of a core (ffmpeg ${f(ffmpeg(r.encode))}%) | ${f(perCamera(r.copy))}% (ffmpeg ${f(ffmpeg(r.copy))}%; ${f(perCamera(r.copy) / perCamera(r.encode), 3)}×) | ≤ 2% | ${met(perCamera(r.copy) <= 2)} |`,
    `| live fan-out p99, 4 cameras recording vs none | ${f(p99(r.encode), 2)}× (${r.encode.latency.p99} / ${r.none.latency.p99} ms) | ${f(p99(r.copy), 2)}× (${r.copy.latency.p99} ms) | ≤ 1.1× | ${met(p99(r.copy) <= 1.1)} |`,
  ];
  const relay = browser.find((b) => b.name === GRID_RELAY);
  const side = browser.find((b) => b.name === GRID_CAMERA_SIDE);
  if (relay && side) {
    out.push(
      `| 16 × 10 fps grid, 1280×800, slowest tile in view (${side.tilesInView} in view) | ${f(relay.tileFpsMin)} fps | ${f(side.tileFpsMin)} fps (${f(side.tileFpsMin / Math.max(0.1, relay.tileFpsMin), 2)}×) | ≥ 9 fps | ${met(side.tileFpsMin >= 9)} |`,
      `| same, glass-to-glass p50 / p95 | ${relay.latency.p50} / ${relay.latency.p95} ms | ${side.latency.p50} / ${side.latency.p95} ms | ≤ 100 / 250 ms | ${met(side.latency.p50 <= 100 && side.latency.p95 <= 250)} |`,
      `| same, relay CPU | ${f(relay.relayCpuPercent)}% of a core | ${f(side.relayCpuPercent)}% (${f(side.relayCpuPercent / Math.max(0.1, relay.relayCpuPercent), 2)}×) | ≤ 30% | ${met(side.relayCpuPercent <= 30)} |`,
    );
  }
  const full = r.motion.find((m) => m.resolution === '1280x720');
  const rung = r.motion.find((m) => m.resolution.startsWith(`${MOTION_WIDTH}x`));
  if (full && rung)
    out.push(
      `| motion detection at the relay, CPU per frame of a 15 fps camera (${full.detectionFps} detections/s) | ${f(full.cpuMsPerCameraFrame, 2)} ms (720p frame) | ${f(rung.cpuMsPerCameraFrame, 2)} ms (${rung.resolution}; ${f(rung.cpuMsPerCameraFrame / full.cpuMsPerCameraFrame, 2)}×) | ≤ 0.3 ms | ${met(rung.cpuMsPerCameraFrame <= 0.3)} |`,
    );
  out.push('', `Encoders here: ${r.encoders}.`, '', '| camera side | target | measured | |', '|---|---|---|---|', ...r.capture.map(renderCaptureH264Row));
  return out.join('\n');
}
