/**
 * The resize-cost row of #17: CPU per rendition at each rung for 720p and 1080p input (sharp, one
 * resize at a time, so the figure is the work, not the thread pool's parallelism), and the proof
 * that renditions are made once per rung whatever the number of viewers (1 and 100 on one rung).
 */
import sharp from 'sharp';
import { Relay } from '../server/relay/relay.js';
import type { Resize } from '../server/relay/renditions.js';
import { sharpResize } from '../server/relay/sharp-resize.js';
import { RUNGS, type Rung } from '../server/relay/rungs.js';
import { loadFixtures } from './lib/fixtures.js';

export interface RenditionCost {
  input: string;
  rung: string;
  cpuMs: number;
  kb: number;
}

export interface RenditionResult {
  costs: RenditionCost[];
  /** Resizes made for 20 frames with this many viewers on one rung. */
  resizesByViewers: Array<{ viewers: number; frames: number; resizes: number }>;
  /** #28: the relay's CPU per camera frame with 16 viewers at rung 320, as the relay resizes or the camera side sends the rung. */
  sixteenAt320: Array<{ path: 'relay-side' | 'camera-side'; frames: number; cpuMsPerFrame: number; resizes: number }>;
}

async function cost(input: string, frames: Buffer[], rung: Rung, n: number): Promise<RenditionCost> {
  await sharpResize(frames[0]!, rung.width, rung.quality); // warm-up: libvips loads its JPEG codec once
  let bytes = 0;
  const before = process.cpuUsage();
  for (let i = 0; i < n; i++) bytes += (await sharpResize(frames[i % frames.length]!, rung.width, rung.quality)).jpeg.length;
  const used = process.cpuUsage(before);
  return { input, rung: rung.label, cpuMs: (used.user + used.system) / 1000 / n, kb: bytes / n / 1024 };
}

async function resizesFor(viewers: number, frames: Buffer[]): Promise<number> {
  let resizes = 0;
  const counting: Resize = (jpeg, width, quality) => (resizes++, sharpResize(jpeg, width, quality));
  const relay = new Relay({ maxFrameBytes: 8 << 20, maxDimension: 4096, offlineAfterMs: 5000, stallAfterMs: 2000, resize: counting });
  for (let i = 0; i < viewers; i++) relay.addViewer({ write: (_f, done) => done() }).subscribe('*', { cam: 640 });
  const made = () => relay.renditions.counts().find((c) => c.rung === '640')?.made ?? 0;
  for (let seq = 0; seq < 20; seq++) {
    relay.ingest('cam', { seq, capturedAt: seq }, frames[seq % frames.length]!, 'websocket');
    // One frame at a time, as a camera at a modest rate: each waits for its rendition.
    await new Promise<void>((resolve) => {
      const check = () => (made() > seq ? resolve() : setTimeout(check, 1));
      check();
    });
  }
  relay.close();
  return resizes;
}

/**
 * Relay CPU (in process, no sockets: the core's work only) per 720p frame with 16 viewers at 320:
 * the relay resizing each frame, or a client offering rungs sending a 320 JPEG beside each frame.
 */
async function sixteenAt320(frames: Buffer[], path: 'relay-side' | 'camera-side', n: number) {
  const relay = new Relay({ maxFrameBytes: 8 << 20, maxDimension: 4096, offlineAfterMs: 5000, stallAfterMs: 2000 });
  const small = await Promise.all(frames.map((f) => sharpResize(f, 320, 75)));
  for (let i = 0; i < 16; i++) relay.addViewer({ write: (_f, done) => done() }).subscribe('*', { cam: 320 }, ['cam']);
  relay.ingest('cam', { seq: 0, capturedAt: 0 }, frames[0]!, 'websocket');
  const demand = relay.cameraSide.demand.open('cam', path === 'camera-side' ? ['rungs'] : [], () => {});
  const counts = () => relay.renditions.counts().find((c) => c.rung === '320') ?? { made: 0, supplied: 0 };
  const before = process.cpuUsage();
  for (let seq = 1; seq <= n; seq++) {
    relay.ingest('cam', { seq: seq * 2, capturedAt: seq }, frames[seq % frames.length]!, 'websocket');
    if (path === 'camera-side') relay.ingest('cam', { seq: seq * 2 + 1, capturedAt: seq, rung: 320 }, small[seq % small.length]!.jpeg, 'websocket');
    // Each frame waits for its rendition, as a camera at a modest rate.
    await new Promise<void>((resolve) => {
      const check = () => (counts().made + counts().supplied >= seq ? resolve() : setTimeout(check, 1));
      check();
    });
  }
  const used = process.cpuUsage(before);
  const resizes = counts().made;
  demand.close();
  relay.close();
  return { path, frames: n, cpuMsPerFrame: (used.user + used.system) / 1000 / n, resizes };
}

export async function runRenditions(quick: boolean): Promise<RenditionResult> {
  const hd = await loadFixtures();
  const fullHd = await Promise.all(hd.slice(0, 4).map((f) => sharp(f).resize({ width: 1920 }).jpeg({ quality: 80 }).toBuffer()));
  const n = quick ? 8 : 24;
  const costs: RenditionCost[] = [];
  for (const [input, frames] of [
    ['720p', hd],
    ['1080p', fullHd],
  ] as const) {
    // A rung as wide as the input or wider is never made: such viewers get the frame as it came.
    const width = input === '720p' ? 1280 : 1920;
    for (const rung of RUNGS.filter((r) => r.width < width)) costs.push(await cost(input, frames, rung, n));
  }
  const resizesByViewers = [];
  for (const viewers of [1, 100]) resizesByViewers.push({ viewers, frames: 20, resizes: await resizesFor(viewers, hd) });
  const sixteen = [];
  for (const path of ['relay-side', 'camera-side'] as const) sixteen.push(await sixteenAt320(hd, path, quick ? 20 : 60));
  return { costs, resizesByViewers, sixteenAt320: sixteen };
}

export function renderRenditions(r: RenditionResult): string {
  const rows = ['| input | rung | CPU ms per rendition | KB per rendition |', '|---|---|---|---|'];
  for (const c of r.costs) rows.push(`| ${c.input} | ${c.rung} | ${c.cpuMs.toFixed(2)} | ${c.kb.toFixed(1)} |`);
  rows.push('', '| viewers on rung 640 | frames | resizes |', '|---|---|---|');
  for (const v of r.resizesByViewers) rows.push(`| ${v.viewers} | ${v.frames} | ${v.resizes} |`);
  rows.push('', '| 16 viewers at 320, 720p frames | frames | relay CPU ms per frame | resizes |', '|---|---|---|---|');
  for (const x of r.sixteenAt320) rows.push(`| ${x.path} | ${x.frames} | ${x.cpuMsPerFrame.toFixed(2)} | ${x.resizes} |`);
  return rows.join('\n');
}
