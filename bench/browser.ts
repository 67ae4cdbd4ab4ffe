/**
 * Glass-to-glass in headless Chromium: capture stamp → frame drawn on the Live Monitor's canvas
 * (after decode, in the animation frame), read through the dashboard's `__camrelayOnDraw` hook.
 * A row may put a shaped link (FaultProxy: latency and a byte rate per direction) between the
 * page and the relay, and between the camera and the relay; the page's bytes are read from CDP.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium, type CDPSession, type Page } from 'playwright-core';
import { ensureDashboardBuilt } from '../server/http/dashboard.js';
import { CHROMIUM_FLAGS, chromiumPath } from '../test/helpers/browser.js';
import { FaultProxy } from '../test/helpers/fault-proxy.js';
import { loadFixtures } from './lib/fixtures.js';
import { procGroup } from './lib/proc.js';
import { BENCH_ADMIN } from './systems/credentials.js';
import { summarize } from './lib/stats.js';

export interface BrowserSpec {
  /** The row's name in the report. */
  name: string;
  cameras: number;
  fps: number;
  measureMs: number;
  /** `grid`: every camera in the grid; `single`: the first camera alone in the single view; `wall`: the wall view (#41). */
  view?: 'grid' | 'single' | 'wall';
  viewport?: { width: number; height: number; dpr?: number };
  /** A shaped link: `viewer` between page and relay, `camera` too when `both`. Latency is each way. */
  shape?: { latencyMs: number; bytesPerSecond: number; both?: boolean };
  /** Before measuring: tiles appear, clocks sync, and on a shaped link the rungs step down and settle. */
  settleMs?: number;
  /** The cameras honour the relay's demand: tiles get the camera side's rungs, not the relay's resizes (#28). */
  cameraSide?: boolean;
}

export interface BrowserResult {
  name: string;
  cameras: number;
  fps: number;
  latency: { p50: number; p95: number; p99: number; n: number };
  /** Tiles in the window when the measurement started: the others are sent nothing (#28), so they are not measured. */
  tilesInView: number;
  /** Drawn frames per second on the slowest and fastest tile in view. */
  tileFpsMin: number;
  tileFpsMax: number;
  tileFpsMedian: number;
  /** Frames that never reached the canvas (gaps in seq at draw time), over all tiles. */
  lost: number;
  drawn: number;
  view: 'grid' | 'single' | 'wall';
  /** Chromium's main-thread task time (CDP TaskDuration) over the window, per frame drawn. */
  mainThreadMsPerFrame: number;
  /** Bytes the page received per second (WebSocket frames and HTTP bodies), and what every camera's full frames would be. */
  bytesPerSecond: number;
  fullBytesPerSecond: number;
  /** The relay process's CPU over the window, in % of one core. */
  relayCpuPercent: number;
  /** The longest any tile in view went without a new frame in the window. */
  maxFrozenMs: number;
  /** Frames the relay received from all cameras per second (its /metrics): what a viewer could get at most. */
  framesInPerSecond: number;
  /** The widest frame drawn per tile (its rung), smallest over the tiles. */
  drawnWidthMin: number;
  shape?: BrowserSpec['shape'];
}

interface Draw {
  cameraId: string;
  seq: number;
  latencyMs: number;
  at: number;
  width: number;
}

/** Counts what the page receives: WebSocket frames (binary ones come base64) and HTTP response bodies. */
async function countBytes(cdp: CDPSession): Promise<{ total: () => number }> {
  let bytes = 0;
  await cdp.send('Network.enable');
  cdp.on(
    'Network.webSocketFrameReceived',
    (e) => (bytes += e.response.opcode === 2 ? Math.floor((e.response.payloadData.length * 3) / 4) : e.response.payloadData.length),
  );
  cdp.on('Network.dataReceived', (e) => (bytes += e.dataLength));
  return { total: () => bytes };
}

export async function runBrowser(spec: BrowserSpec): Promise<BrowserResult | null> {
  const exe = chromiumPath();
  if (!exe) return null;
  const { cameras, fps, measureMs, view = 'grid', viewport = { width: 1280, height: 800 }, shape } = spec;
  await ensureDashboardBuilt({ info: () => {} });
  const { spawn, killAll } = procGroup();
  const browser = await chromium.launch({ executablePath: exe, args: CHROMIUM_FLAGS, headless: true });
  const proxies: FaultProxy[] = [];
  const shaped = async (port: number) => {
    if (!shape) return port;
    const proxy = await FaultProxy.start(port);
    Object.assign(proxy.faults, { latencyMs: shape.latencyMs, bytesPerSecond: shape.bytesPerSecond });
    proxies.push(proxy);
    return proxy.port;
  };
  try {
    const server = spawn('server-proc.ts', []);
    const { port } = await server.ask<{ port: number }>('start', { system: 'camrelay' });
    const context = await browser.newContext({ viewport, deviceScaleFactor: viewport.dpr ?? 1 });
    const page = await context.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { __draws: Draw[]; __camrelayOnDraw: (m: { cameraId: string; seq: number; width: number }, l: number) => void };
      w.__draws = [];
      w.__camrelayOnDraw = (m, latencyMs) => w.__draws.push({ cameraId: m.cameraId, seq: m.seq, latencyMs, at: performance.now(), width: m.width });
    });
    const url = `http://127.0.0.1:${await shaped(port)}`;
    await page.request.post(`${url}/api/login`, { data: BENCH_ADMIN, headers: { origin: url } });
    // CDP before the page loads: Network.enable on a page still loading over a slow link can stall.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const bytes = await countBytes(cdp);
    await page.goto(view === 'single' ? `${url}/#/camera/cam0` : view === 'wall' ? `${url}/#/wall` : `${url}/`);
    const taskSeconds = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
    // Behind a shaped link the camera takes any link; the upgrade to WebSocket may come late.
    const flags = [...(shape?.both ? ['any-link'] : []), ...(spec.cameraSide ? ['camera-side'] : [])];
    const publisher = spawn('publisher-proc.ts', ['camrelay', shape?.both ? await shaped(port) : port, cameras, fps, ...flags]);
    await publisher.ready;
    await publisher.ask('start');
    await sleep(spec.settleMs ?? 3000);
    const windowStart = await page.evaluate(() => (((window as unknown as { __draws: Draw[] }).__draws.length = 0), performance.now()));
    const inView = await tilesInView(page);
    // /metrics straight from the relay (not through the shaped link), with the page's session.
    const framesIn = async () => sumMetric(await (await page.request.get(`http://127.0.0.1:${port}/metrics`)).text(), 'camrelay_frames_in_total');
    const relayCpuMs = async () => (await server.ask<{ cpuMs: number }>('stats', {})).cpuMs;
    const [busyBefore, bytesBefore, inBefore, cpuBefore] = [await taskSeconds(), bytes.total(), await framesIn(), await relayCpuMs()];
    await sleep(measureMs);
    const [busy, received, framesInWindow] = [(await taskSeconds()) - busyBefore, bytes.total() - bytesBefore, (await framesIn()) - inBefore];
    const relayCpuPercent = ((await relayCpuMs()) - cpuBefore) / (measureMs / 100);
    const { draws, windowEnd } = await page.evaluate(() => ({ draws: (window as unknown as { __draws: Draw[] }).__draws, windowEnd: performance.now() }));
    const fullFrameBytes = await averageFixtureBytes();
    return summarizeDraws(spec, draws, inView, { windowStart, windowEnd, busy, received, fullFrameBytes, framesIn: framesInWindow, relayCpuPercent });
  } finally {
    await browser.close();
    proxies.forEach((p) => void p.close());
    await killAll();
  }
}

/** Camera ids of the tiles that intersect the window. */
function tilesInView(page: Page): Promise<string[]> {
  return page.$$eval('[data-testid="camera-tile"]', (tiles) =>
    tiles
      .filter((t) => {
        const r = t.getBoundingClientRect();
        return r.width > 0 && r.bottom > 0 && r.top < innerHeight;
      })
      .map((t) => (t as HTMLElement).dataset.cameraId!),
  );
}

/** The sum of a counter's samples in Prometheus' text format. */
function sumMetric(text: string, name: string): number {
  let sum = 0;
  for (const line of text.split('\n')) if (line.startsWith(`${name}{`) || line.startsWith(`${name} `)) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  return sum;
}

async function averageFixtureBytes(): Promise<number> {
  const frames = await loadFixtures();
  return frames.reduce((a, f) => a + f.length, 0) / frames.length;
}

function summarizeDraws(
  spec: BrowserSpec,
  draws: Draw[],
  inView: readonly string[],
  w: { windowStart: number; windowEnd: number; busy: number; received: number; fullFrameBytes: number; framesIn: number; relayCpuPercent: number },
): BrowserResult {
  // Tiles out of view are sent nothing by design (#28): the slowest tile is the slowest one in view.
  const byCamera = new Map<string, Draw[]>(inView.map((id) => [id, []]));
  const seen = draws.filter((d) => byCamera.has(d.cameraId));
  for (const d of seen) byCamera.get(d.cameraId)!.push(d);
  const seconds = spec.measureMs / 1000;
  const tileFps = [...byCamera.values()].map((ds) => ds.length / seconds);
  let lost = 0;
  let maxFrozenMs = 0;
  for (const ds of byCamera.values()) {
    for (let i = 1; i < ds.length; i++) lost += Math.max(0, ds[i]!.seq - ds[i - 1]!.seq - 1);
    const times = [w.windowStart, ...ds.map((d) => d.at), w.windowEnd];
    for (let i = 1; i < times.length; i++) maxFrozenMs = Math.max(maxFrozenMs, times[i]! - times[i - 1]!);
  }
  return {
    name: spec.name,
    cameras: spec.cameras,
    fps: spec.fps,
    latency: summarize(seen.map((d) => d.latencyMs)),
    tilesInView: inView.length,
    tileFpsMin: tileFps.length ? Math.min(...tileFps) : 0,
    tileFpsMax: Math.max(0, ...tileFps),
    tileFpsMedian: tileFps.length ? [...tileFps].sort((a, b) => a - b)[Math.floor((tileFps.length - 1) / 2)]! : 0,
    lost,
    drawn: seen.length,
    view: spec.view ?? 'grid',
    mainThreadMsPerFrame: draws.length ? Math.round((w.busy * 1000 * 100) / draws.length) / 100 : 0,
    bytesPerSecond: w.received / seconds,
    fullBytesPerSecond: spec.cameras * spec.fps * w.fullFrameBytes,
    maxFrozenMs: Math.round(maxFrozenMs),
    relayCpuPercent: Math.round(w.relayCpuPercent * 10) / 10,
    framesInPerSecond: w.framesIn / seconds,
    drawnWidthMin: Math.min(...[...byCamera.values()].map((ds) => Math.max(0, ...ds.map((d) => d.width)))),
    ...(spec.shape ? { shape: spec.shape } : {}),
  };
}
