/**
 * Issue #19's rows: does recording slow live viewing, what it costs per camera, how much disk it
 * takes. `npm run bench -- --only=recording` runs these alone (about a minute and a half), so the
 * full run keeps its time.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { runLoad, type LoadResult, type LoadSpec } from './lib/load.js';
import { measureRecordingCost, type RecordingCostRow } from './lib/recording-cost.js';

/** The issue's row: 10 viewers watching 4 cameras at 720p15, every camera recorded continuously or not. */
const FAN_OUT: LoadSpec = { system: 'camrelay', viewers: 10, link: 'websocket', cameras: 4, fps: 15, warmupMs: 1500, measureMs: 6000 };
/** Off and on alternate, twice each, so a busy moment of the box falls on both sides. */
const ROUNDS = 2;

export interface MotionRow {
  resolution: string;
  cpuMsPerDetection: number;
  detectionFps: number;
  cameraFps: number;
  cpuMsPerCameraFrame: number;
  detectionFpsWithinBudget: number;
}

export interface RecordingRows {
  off: LoadResult[];
  on: LoadResult[];
  cost: RecordingCostRow[];
  motion: MotionRow[];
}

/** bench/motion-cost.ts in its own process (its CPU figures are the whole process's), as its docs print it. */
function motionRows(): MotionRow[] {
  const root = path.resolve(import.meta.dirname, '..');
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/motion-cost.ts', '--count', '150'], { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`bench/motion-cost.ts failed: ${run.stderr}`);
  return (JSON.parse(run.stdout) as { summary: MotionRow[] }).summary;
}

export async function runRecordingRows(log: (m: string) => void): Promise<RecordingRows> {
  const rows: RecordingRows = { off: [], on: [], cost: [], motion: [] };
  for (let i = 0; i < ROUNDS; i++) {
    for (const record of [false, true]) {
      log(`  recording ${record ? 'on' : 'off'}: 4 cameras 720p15, 10 viewers (round ${i + 1})…`);
      (record ? rows.on : rows.off).push(await runLoad({ ...FAN_OUT, record }));
    }
  }
  for (const height of [720, 1080]) {
    log(`  recording cost: ${height}p15, both formats and by copy, 20 s of video each…`);
    rows.cost.push(...(await measureRecordingCost(height, 20, 15)));
  }
  log('  motion detection: CPU per detection, 720p and 1080p…');
  rows.motion = motionRows();
  return rows;
}

const f = (n: number, d = 1) => n.toFixed(d);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

export function renderRecordingRows(r: RecordingRows): string {
  const line = (name: string, x: LoadResult) =>
    `| ${name} | ${f(x.fpsPerViewer)} | ${f(x.freshFpsPerViewer ?? 0)} | ${f(x.latency.p50)} | ${f(x.latency.p99)} | ${f(x.cpuMsPerFrame, 3)} | ${x.childCpuPct === undefined ? '' : f(x.childCpuPct / FAN_OUT.cameras)} | ${x.recorded ? `${x.recorded.kept} / ${x.recorded.dropped}` : ''} |`;
  const fps = { off: mean(r.off.map((x) => x.fpsPerViewer)), on: mean(r.on.map((x) => x.fpsPerViewer)) };
  const p99 = { off: mean(r.off.map((x) => x.latency.p99)), on: mean(r.on.map((x) => x.latency.p99)) };
  const h264 = r.cost.filter((c) => c.format === 'h264');
  const copy = r.cost.filter((c) => c.format === 'h264 copy');
  const copy720 = copy.find((c) => c.resolution === '1280x720');
  return [
    '### Recording (#19): 10 viewers, 4 cameras at 720p15',
    '',
    '| recording | fps/viewer/camera | fresh fps | p50 ms | p99 ms | relay CPU ms/frame sent | encoder % of a core per camera | frames recorded / dropped |',
    '|---|---|---|---|---|---|---|---|',
    ...r.off.map((x, i) => line(`off (round ${i + 1})`, x)),
    ...r.on.map((x, i) => line(`on (round ${i + 1})`, x)),
    '',
    '| format | resolution | CPU % of a core | cameras per core | disk per hour | per day |',
    '|---|---|---|---|---|---|',
    ...r.cost.map(
      (c) =>
        `| ${c.format} | ${c.resolution} | ${f(c.cpuPercentOfCore)} | ${c.cpuPercentOfCore > 0 ? f(100 / c.cpuPercentOfCore) : '∞'} | ${f(c.bytesPerHour / 1e6, 0)} MB | ${f(c.gbPerDay)} GB |`,
    ),
    '',
    '| motion detection | CPU ms per detection | detections/s (default) | CPU ms per frame of a 15 fps camera |',
    '|---|---|---|---|',
    ...r.motion.map((m) => `| ${m.resolution} | ${f(m.cpuMsPerDetection, 2)} | ${m.detectionFps} | ${f(m.cpuMsPerCameraFrame, 2)} |`),
    '',
    '| target | measured | |',
    '|---|---|---|',
    `| live fps with recording ≥ 0.9× without | ${f(fps.on)} against ${f(fps.off)} (${f(fps.on / fps.off, 2)}×) | ${fps.on >= 0.9 * fps.off ? 'met' : '**missed**'} |`,
    `| live p99 with recording ≤ 1.1× without | ${f(p99.on)} against ${f(p99.off)} ms (${f(p99.on / p99.off, 2)}×) | ${p99.on <= 1.1 * p99.off ? 'met' : '**missed**'} |`,
    ...r.motion
      .filter((m) => m.resolution === '1280x720')
      .map((m) => `| motion ≤ 1 ms CPU per 720p frame | ${f(m.cpuMsPerCameraFrame, 2)} ms | ${m.cpuMsPerCameraFrame <= 1 ? 'met' : '**missed**'} |`),
    `| recording CPU per camera, 720p15 and 1080p15 (reported) | ${h264.map((c) => `${c.resolution} ${f(c.cpuPercentOfCore)}%`).join(', ')} | |`,
    ...(copy720
      ? [
          `| relay CPU per camera recorded by copy, 720p15 ≤ 2% of a core (#28; 1 camera) | ${f(copy720.cpuPercentOfCore)}% (encode: ${f(h264.find((c) => c.resolution === '1280x720')?.cpuPercentOfCore ?? 0)}%) | ${copy720.cpuPercentOfCore <= 2 ? 'met' : '**missed**'} |`,
        ]
      : []),
  ].join('\n');
}
