/**
 * What the camera side's H.264 costs (#28): the bench fixtures' 720p JPEGs at 15 fps through EdgeH264 with the
 * encoder picked on this PC (and libx264, for the target), CPU of its ffmpeg and of this Node process while it runs.
 * With `--rung <width>` the capture client's rung maker (capture-client/rung-makers.ts) runs beside it on the
 * same frames, as when a viewer or motion detection asks for that width: its ffmpeg counts in the ffmpeg figure.
 * Run: npx tsx bench/capture-h264.ts [--seconds 10] [--fps 15] [--encoder libx264] [--rung 320]
 */
import { parseArgs } from 'node:util';
import { EdgeH264 } from '../capture-client/edge/edge-h264.js';
import { pickEncoder } from '../capture-client/edge/encoder-pick.js';
import { RungMakers } from '../capture-client/rung-makers.js';
import { childrenCpuMs } from './lib/child-cpu.js';
import { loadFixtures } from './lib/fixtures.js';

export interface CaptureH264Figures {
  encoder: string;
  /** The rung width made beside the H.264, or null. */
  rung: number | null;
  /** Rung JPEGs out per frame in. */
  rungsPerFrame: number;
  fps: number;
  seconds: number;
  /** Access units out per frame in (1.0: none lost), and keyframes seen. */
  unitsPerFrame: number;
  keyframes: number;
  /** ffmpeg (JPEG decode + H.264 encode) and the client's Node side, % of one core. */
  ffmpegCpuPct: number;
  nodeCpuPct: number;
  kbps: number;
}

/** Feeds `seconds` of 720p frames at `fps` on a timer, as a camera would, and measures the CPU spent meanwhile. */
export async function measureCaptureH264(encoder: string, seconds = 10, fps = 15, rung: number | null = null): Promise<CaptureH264Figures> {
  const frames = await loadFixtures();
  let rungs = 0;
  const makers = new RungMakers({}, () => rungs++);
  makers.setWidths(rung ? [rung] : []);
  const edge = new EdgeH264({ pick: { encoder, hardware: encoder !== 'libx264', failed: [] } });
  let units = 0;
  let keyframes = 0;
  let bytes = 0;
  edge.onAccessUnit((au) => {
    units++;
    bytes += au.data.length;
    if (au.keyframe) keyframes++;
  });
  await edge.start({ fps, width: 1280, height: 720 });
  // The first frame starts ffmpeg: its start-up is not part of the steady cost.
  edge.push(frames[0]!, Date.now());
  makers.push({ jpeg: frames[0]!, capturedAt: Date.now() });
  await new Promise((r) => setTimeout(r, 1000));
  rungs = 0;
  const total = Math.round(seconds * fps);
  const cpu0 = childrenCpuMs();
  const node0 = process.cpuUsage();
  const t0 = performance.now();
  let pushed = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const capturedAt = Date.now();
      edge.push(frames[pushed % frames.length]!, capturedAt);
      makers.push({ jpeg: frames[pushed % frames.length]!, capturedAt });
      if (++pushed >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 1000 / fps);
  });
  const wallMs = performance.now() - t0;
  const ffmpegMs = childrenCpuMs() - cpu0;
  const node = process.cpuUsage(node0);
  await Promise.all([edge.stop(), makers.close()]);
  return {
    encoder,
    rung,
    rungsPerFrame: rungs / total,
    fps,
    seconds,
    unitsPerFrame: units / (total + 1),
    keyframes,
    ffmpegCpuPct: (100 * ffmpegMs) / wallMs,
    nodeCpuPct: (100 * (node.user + node.system)) / 1000 / wallMs,
    kbps: (bytes * 8) / 1000 / (wallMs / 1000),
  };
}

/** libx264, and the encoder picked here when that is another one; with `rung`, that width made beside each. */
export async function runCaptureH264Rows(seconds = 10, rung: number | null = null): Promise<CaptureH264Figures[]> {
  const picked = (await pickEncoder()).encoder;
  const encoders = [...new Set(['libx264', ...(picked ? [picked] : [])])];
  const out: CaptureH264Figures[] = [];
  for (const e of encoders) out.push(await measureCaptureH264(e, seconds, 15, rung));
  return out;
}

export function renderCaptureH264Row(f: CaptureH264Figures): string {
  const met = f.encoder !== 'libx264' || f.ffmpegCpuPct + f.nodeCpuPct <= 40;
  const what = f.rung ? `H.264 (${f.encoder}) + ${f.rung} px rung` : `H.264 (${f.encoder})`;
  return `| capture-h264: 720p${f.fps} JPEG → ${what}, ffmpeg + client | libx264 ≤ 40% of a core | ffmpeg ${f.ffmpegCpuPct.toFixed(1)}% + client ${f.nodeCpuPct.toFixed(1)}% of a core; ${f.kbps.toFixed(0)} kb/s, ${f.keyframes} keyframes, ${f.unitsPerFrame.toFixed(2)} units per frame${f.rung ? `, ${f.rungsPerFrame.toFixed(2)} rungs per frame` : ''} | ${met ? 'met' : '**missed**'} |`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '10' },
      fps: { type: 'string', default: '15' },
      encoder: { type: 'string', default: 'libx264' },
      rung: { type: 'string' },
    },
  });
  const rung = values.rung === undefined ? null : Number(values.rung);
  console.log(JSON.stringify(await measureCaptureH264(values.encoder, Number(values.seconds), Number(values.fps), rung), null, 2));
}
