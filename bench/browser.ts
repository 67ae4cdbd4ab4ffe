/**
 * Glass-to-glass in headless Chromium: capture stamp → frame drawn on the Live Monitor's canvas
 * (after decode, in the animation frame), read through the dashboard's `__camrelayOnDraw` hook.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';
import { ensureDashboardBuilt } from '../server/dashboard.js';
import { CHROMIUM_FLAGS, chromiumPath } from '../test/helpers/browser.js';
import { procGroup } from './lib/proc.js';
import { BENCH_ADMIN } from './systems/credentials.js';
import { summarize } from './lib/stats.js';

export interface BrowserResult {
  cameras: number;
  fps: number;
  latency: { p50: number; p95: number; p99: number; n: number };
  /** Drawn frames per second on the slowest and fastest tile. */
  tileFpsMin: number;
  tileFpsMax: number;
  /** Frames that never reached the canvas (gaps in seq at draw time), over all tiles. */
  lost: number;
  drawn: number;
  /** `grid`: every camera in the grid; `single`: the first camera alone in the single view. */
  view: 'grid' | 'single';
  /** Chromium's main-thread task time (CDP TaskDuration) over the window, per frame drawn. */
  mainThreadMsPerFrame: number;
}

interface Draw {
  cameraId: string;
  seq: number;
  latencyMs: number;
}

export async function runBrowser(cameras: number, fps: number, measureMs: number, view: 'grid' | 'single' = 'grid'): Promise<BrowserResult | null> {
  const exe = chromiumPath();
  if (!exe) return null;
  await ensureDashboardBuilt({ info: () => {} });
  const { spawn, killAll } = procGroup();
  const browser = await chromium.launch({ executablePath: exe, args: CHROMIUM_FLAGS, headless: true });
  try {
    const server = spawn('server-proc.ts', []);
    const { port } = await server.ask<{ port: number }>('start', { system: 'camrelay' });
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.addInitScript(() => {
      const w = window as unknown as { __draws: Draw[]; __camrelayOnDraw: (m: { cameraId: string; seq: number }, l: number) => void };
      w.__draws = [];
      w.__camrelayOnDraw = (m, latencyMs) => w.__draws.push({ cameraId: m.cameraId, seq: m.seq, latencyMs });
    });
    const url = `http://127.0.0.1:${port}`;
    await page.request.post(`${url}/api/login`, { data: BENCH_ADMIN, headers: { origin: url } });
    await page.goto(view === 'single' ? `${url}/#/camera/cam0` : `${url}/`);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const taskSeconds = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
    const publisher = spawn('publisher-proc.ts', ['camrelay', port, cameras, fps]);
    await publisher.ready;
    await publisher.ask('start');
    await sleep(3000); // tiles appear, decoders warm up, clocks sync
    await page.evaluate(() => ((window as unknown as { __draws: Draw[] }).__draws.length = 0));
    const busyBefore = await taskSeconds();
    await sleep(measureMs);
    const busy = (await taskSeconds()) - busyBefore;
    const draws = await page.evaluate(() => (window as unknown as { __draws: Draw[] }).__draws);
    const byCamera = new Map<string, Draw[]>();
    for (const d of draws) byCamera.set(d.cameraId, [...(byCamera.get(d.cameraId) ?? []), d]);
    const tileFps = [...byCamera.values()].map((ds) => ds.length / (measureMs / 1000));
    let lost = 0;
    for (const ds of byCamera.values()) for (let i = 1; i < ds.length; i++) lost += Math.max(0, ds[i]!.seq - ds[i - 1]!.seq - 1);
    return {
      cameras,
      fps,
      latency: summarize(draws.map((d) => d.latencyMs)),
      tileFpsMin: byCamera.size === cameras ? Math.min(...tileFps) : 0,
      tileFpsMax: Math.max(0, ...tileFps),
      lost,
      drawn: draws.length,
      view,
      mainThreadMsPerFrame: draws.length ? Math.round((busy * 1000 * 100) / draws.length) / 100 : 0,
    };
  } finally {
    await browser.close();
    await killAll();
  }
}
