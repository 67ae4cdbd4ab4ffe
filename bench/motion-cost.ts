/**
 * What motion detection costs: CPU ms per detection (decode to the small greyscale picture, then
 * the comparison with the background) on the benchmark's 720p frames and the same resized to
 * 1080p, and what that makes per camera frame at the default detection rate for a 15 fps camera.
 * CPU is the whole process's (process.cpuUsage counts libuv's and libvips's threads too), over
 * `--count` detections run one after another as a camera's are. A third row decodes the camera side's
 * small picture instead (#28: the rung motion asks of the capture client, made from the 720p frames).
 * `--relay-only` skips the other ways to get the small picture (the benchmark's rows need the relay's alone).
 * Run: npx tsx bench/motion-cost.ts [--count 200] [--fps 15] [--relay-only]
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { greyPicture } from '../server/recording/motion/grey-picture.js';
import { MotionDetector } from '../server/recording/motion/motion-detector.js';
import { MOTION_DEFAULTS } from '../server/recording/settings.js';
import { MOTION_WIDTH } from '../server/recording/motion/motion-detection.js';

const { values } = parseArgs({
  options: { count: { type: 'string', default: '200' }, fps: { type: 'string', default: '15' }, 'relay-only': { type: 'boolean', default: false } },
});
const count = Number(values.count);
const cameraFps = Number(values.fps);
const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** Other ways to get the small picture, measured beside the one the relay uses. */
const VARIANTS: Record<string, (jpeg: Buffer, w: number, h: number) => Promise<unknown>> = {
  relay: (jpeg, w, h) => greyPicture(jpeg, w, h),
  'colour (no greyscale step)': (jpeg) =>
    sharp(jpeg, { failOn: 'none', sequentialRead: true }).resize(160, 90, { fit: 'fill', fastShrinkOnLoad: true, kernel: 'nearest' }).raw().toBuffer(),
  '80 px wide': (jpeg) =>
    sharp(jpeg, { failOn: 'none', sequentialRead: true })
      .resize(80, 45, { fit: 'fill', fastShrinkOnLoad: true, kernel: 'nearest' })
      .greyscale()
      .raw()
      .toBuffer(),
  'no shrink-on-load': (jpeg) =>
    sharp(jpeg, { failOn: 'none', sequentialRead: true })
      .resize(160, 90, { fit: 'fill', fastShrinkOnLoad: false, kernel: 'nearest' })
      .greyscale()
      .raw()
      .toBuffer(),
  'metadata only (header parse, no decode)': (jpeg) => sharp(jpeg).metadata(),
};

async function cpuPer(run: () => Promise<unknown>, n: number): Promise<{ cpuMs: number; wallMs: number }> {
  for (let i = 0; i < 10; i++) await run();
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  for (let i = 0; i < n; i++) await run();
  const cpu = process.cpuUsage(cpu0);
  const round = (v: number) => Math.round(v * 100) / 100;
  return { cpuMs: round((cpu.user + cpu.system) / 1000 / n), wallMs: round((performance.now() - wall0) / n) };
}

async function main(): Promise<void> {
  const originals = readdirSync(fixtures)
    .filter((n) => n.endsWith('.jpg'))
    .map((n) => readFileSync(path.join(fixtures, n)));
  const rows = [];
  for (const height of [720, 1080]) {
    const frames = height === 720 ? originals : await Promise.all(originals.map((j) => sharp(j).resize({ height }).jpeg({ quality: 80 }).toBuffer()));
    const { width = 0 } = await sharp(frames[0]).metadata();
    const bytes = Math.round(frames.reduce((n, f) => n + f.length, 0) / frames.length);
    for (const [variant, decode] of Object.entries(VARIANTS)) {
      if (values['relay-only'] && variant !== 'relay') continue;
      let i = 0;
      const decoded = await cpuPer(() => decode(frames[i++ % frames.length]!, width, height), count);
      rows.push({ resolution: `${width}x${height}`, jpegBytes: bytes, variant, ...decoded });
    }
  }
  // #28: the camera side sends the small picture motion asks for, and the relay decodes that instead.
  const rung = await Promise.all(originals.map((j) => sharp(j).resize({ width: MOTION_WIDTH }).jpeg({ quality: 75 }).toBuffer()));
  const rungHeight = (await sharp(rung[0]).metadata()).height ?? 0;
  let k = 0;
  const small = await cpuPer(() => greyPicture(rung[k++ % rung.length]!, MOTION_WIDTH, rungHeight), count);
  rows.push({
    resolution: `${MOTION_WIDTH}x${rungHeight} (camera-side rung of 1280x720)`,
    jpegBytes: Math.round(rung.reduce((n, f) => n + f.length, 0) / rung.length),
    variant: 'relay',
    ...small,
  });
  // The comparison itself, on the small picture: independent of the camera's resolution.
  const pictures = await Promise.all(originals.map((j) => greyPicture(j, 1280, 720)));
  const detector = new MotionDetector(MOTION_DEFAULTS);
  let t = 0;
  const compare = await cpuPer(async () => {
    const p = pictures[t % pictures.length]!;
    detector.detect(p.data, p.width, p.height, (t++ * 1000) / MOTION_DEFAULTS.fps);
  }, count * 10);
  const perFrame = (ms: number) => Math.round(((ms * MOTION_DEFAULTS.fps) / cameraFps) * 100) / 100;
  const summary = rows
    .filter((r) => r.variant === 'relay')
    .map((r) => ({
      resolution: r.resolution,
      cpuMsPerDetection: Math.round((r.cpuMs + compare.cpuMs) * 100) / 100,
      detectionFps: MOTION_DEFAULTS.fps,
      cameraFps,
      cpuMsPerCameraFrame: perFrame(r.cpuMs + compare.cpuMs),
      budgetMsPerCameraFrame: 1,
      // The highest detection rate within the 1 ms budget per camera frame.
      detectionFpsWithinBudget: Math.floor(((cameraFps * 1) / (r.cpuMs + compare.cpuMs)) * 10) / 10,
    }));
  console.log(JSON.stringify({ summary, compareCpuMs: compare.cpuMs, vipsThreads: sharp.concurrency(), decode: rows }, null, 2));
}

await main();
