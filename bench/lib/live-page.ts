/**
 * One Live Monitor page in headless Chromium against a real relay process, for #30's rows: the bench
 * cameras either JPEG only (today's cameras, the relay resizes) or honouring the relay's demand with
 * prepared libx264 units and rungs (camera-side.ts); the page's link optionally shaped (FaultProxy);
 * every picture drawn is recorded with its codec through the dashboard's `__camrelayOnDraw` hook.
 */
import { hostname } from 'node:os';
import { chromium, type CDPSession, type Page } from 'playwright-core';
import { ensureDashboardBuilt } from '../../server/http/dashboard.js';
import { CHROMIUM_FLAGS, chromiumPath } from '../../test/helpers/browser.js';
import { FaultProxy } from '../../test/helpers/fault-proxy.js';
import { launchFreezable } from '../../test/helpers/freezable-browser.js';
import { BENCH_ADMIN } from '../systems/credentials.js';
import { procGroup, type Proc } from './proc.js';

export interface LivePageSpec {
  cameras: number;
  fps: number;
  /** The cameras offer H.264, JPEG rungs and H.264 rungs as the capture program does; otherwise JPEG only. */
  h264: boolean;
  viewport?: { width: number; height: number; dpr?: number };
  /** The page's first route: `#/camera/cam0` for the single view, `` for the grid. */
  route?: string;
  /** The page's link only (the cameras are on loopback); latency is each way. */
  shape?: { latencyMs: number; bytesPerSecond: number };
  /**
   * The page opened as on the LAN: by this machine's name over plain http (Chromium resolves it to loopback),
   * no secure context, so no WebCodecs: it decodes through MSE.
   */
  mse?: boolean;
  /**
   * A page that can really be frozen (test/helpers/freezable-browser.ts): Chromium started apart and
   * attached over CDP, since a page Playwright opens itself is held visible and never freezes.
   */
  freezable?: boolean;
}

/** One picture drawn on a tile, as the draw hook saw it. */
export interface LiveDraw {
  cameraId: string;
  seq: number;
  codec: 'h264' | 'jpeg';
  keyframe: boolean;
  capturedAt: number;
  latencyMs: number;
  /** Date.now() at the draw: same clock as `capturedAt` (one machine). */
  at: number;
  width: number;
}

export interface LivePage {
  page: Page;
  cdp: CDPSession;
  /** Bytes the page received so far (WebSocket frames' payloads and HTTP bodies). */
  bytes(): number;
  /** WebSocket messages so far: the binary ones (one per picture, JPEG or H.264), their bytes, and every message's frame header bytes. */
  wire(): Wire;
  /** Draws since the last `takeDraws`. */
  takeDraws(): Promise<LiveDraw[]>;
  server: Proc;
  /** The relay's own port (not through the shaped link). */
  relayPort: number;
  /** Freezes and thaws the page as a phone does a background tab (`freezable` pages only). */
  freeze?: { freeze(): Promise<void>; thaw(): Promise<void> };
}

export interface Wire {
  binary: number;
  /** The binary messages' payload bytes: the pictures alone. */
  binaryBytes: number;
  headers: number;
}

/** An unmasked WebSocket frame header's length for a payload of `n` bytes (RFC 6455 §5.2). */
const wsHeaderBytes = (n: number) => (n < 126 ? 2 : n < 0x10000 ? 4 : 10);

async function countBytes(cdp: CDPSession): Promise<{ bytes: () => number; wire: () => Wire }> {
  let bytes = 0;
  const wire: Wire = { binary: 0, binaryBytes: 0, headers: 0 };
  await cdp.send('Network.enable');
  cdp.on('Network.webSocketFrameReceived', (e) => {
    // Binary WebSocket frames come base64 (its padding is under 3 bytes a message); text counts its UTF-16 units, ASCII here.
    const n = e.response.opcode === 2 ? Math.floor((e.response.payloadData.length * 3) / 4) : e.response.payloadData.length;
    bytes += n;
    wire.headers += wsHeaderBytes(n);
    if (e.response.opcode !== 2) return;
    wire.binary++;
    wire.binaryBytes += n;
  });
  cdp.on('Network.dataReceived', (e) => (bytes += e.dataLength));
  return { bytes: () => bytes, wire: () => ({ ...wire }) };
}

/** Runs `body` against a fresh relay, publisher and page; null when there is no Chromium. Everything is closed after. */
export async function withLivePage<T>(spec: LivePageSpec, body: (p: LivePage) => Promise<T>): Promise<T | null> {
  const exe = chromiumPath();
  if (!exe) return null;
  await ensureDashboardBuilt({ info: () => {} });
  const { spawn, killAll } = procGroup();
  const lanName = hostname().toLowerCase();
  const args = spec.mse ? [...CHROMIUM_FLAGS, `--host-resolver-rules=MAP ${lanName} 127.0.0.1`] : CHROMIUM_FLAGS;
  const freezable = spec.freezable ? await launchFreezable(args) : null;
  const browser = freezable ? null : await chromium.launch({ executablePath: exe, args, headless: true });
  let proxy: FaultProxy | null = null;
  try {
    const server = spawn('server-proc.ts', []);
    const { port } = await server.ask<{ port: number }>('start', { system: 'camrelay' });
    let pagePort = port;
    if (spec.shape) {
      proxy = await FaultProxy.start(port);
      Object.assign(proxy.faults, spec.shape);
      pagePort = proxy.port;
    }
    const viewport = spec.viewport ?? { width: 1280, height: 800 };
    const frozenPage = freezable ? await freezable.newPage() : null;
    const page = frozenPage?.page ?? (await browser!.newPage({ viewport, deviceScaleFactor: viewport.dpr ?? 1 }));
    if (frozenPage) await page.setViewportSize(viewport);
    const context = page.context();
    await page.addInitScript(() => {
      type M = { cameraId: string; seq: number; capturedAt: number; width: number; codec?: string; keyframe?: boolean };
      const w = window as unknown as { __draws: LiveDraw[]; __camrelayOnDraw: (m: M, l: number) => void };
      w.__draws = [];
      w.__camrelayOnDraw = (m, latencyMs) =>
        w.__draws.push({
          cameraId: m.cameraId,
          seq: m.seq,
          codec: m.codec ? 'h264' : 'jpeg',
          keyframe: m.keyframe === true,
          capturedAt: m.capturedAt,
          latencyMs,
          at: Date.now(),
          width: m.width,
        });
    });
    const url = `http://${spec.mse ? lanName : '127.0.0.1'}:${pagePort}`;
    if (spec.mse) {
      // Signed in from the page: this process does not resolve the LAN name.
      await page.goto(`${url}/`);
      const login = (user: typeof BENCH_ADMIN) =>
        fetch('/api/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(user) }).then((r) => r.ok);
      if (!(await page.evaluate(login, BENCH_ADMIN))) throw new Error('bench: sign-in on the LAN page failed');
    } else await page.request.post(`${url}/api/login`, { data: BENCH_ADMIN, headers: { origin: url } });
    // CDP before the page loads: Network.enable on a page still loading over a slow link can stall.
    const cdp = await context.newCDPSession(page);
    const { bytes, wire } = await countBytes(cdp);
    await page.goto(`${url}/${spec.route ?? ''}`);
    if (spec.mse) await page.reload(); // the document that read the session before the sign-in
    const publisher = spawn('publisher-proc.ts', ['camrelay', port, spec.cameras, spec.fps, ...(spec.h264 ? ['camera-side', 'h264-rungs'] : [])]);
    await publisher.ready;
    await publisher.ask('start');
    const takeDraws = () => page.evaluate(() => (window as unknown as { __draws: LiveDraw[] }).__draws.splice(0));
    return await body({ page, cdp, bytes, wire, takeDraws, server, relayPort: port, freeze: frozenPage ?? undefined });
  } finally {
    await browser?.close();
    await freezable?.close();
    await proxy?.close();
    await killAll();
  }
}
