/**
 * The browser as a camera (issue #18): Chromium's fake camera on the capture page (/capture) at
 * 720p and the asked fps, a Live Monitor in another page of the same Chromium. Delivered fps is
 * frames drawn on the viewer's canvas per second; glass-to-glass is the camera's capture time
 * (`requestVideoFrameCallback`'s captureTime) to the draw, read through `__camrelayOnDraw`.
 * A row of `npm run bench` (bench/capture-rows.ts); alone: `npx tsx bench/browser-camera.ts [fps] [seconds]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { DEFAULTS } from '../server/load-config.js';
import { ensureDashboardBuilt } from '../server/http/dashboard.js';
import { startServer } from '../server/start-server.js';
import { launchCameraBrowser, openCapturePage } from '../test/helpers/camera-page.js';
import { chromiumPath } from '../test/helpers/chromium.js';
import { summarize } from './lib/stats.js';
import { BENCH_ADMIN } from './systems/credentials.js';

export interface BrowserCameraResult {
  askedFps: number;
  /** Frames drawn on the Live Monitor per second over the window. */
  deliveredFps: number;
  /** Glass-to-glass, ms: the camera's capture time to the viewer's draw. */
  p50: number;
  p95: number;
  /** Frames the capture page counted as dropped (encoder or link busy) over the whole run. */
  droppedAtCapture: number;
  /** The capture page's status line at the end. */
  status: string;
}

interface Draw {
  cameraId: string;
  latencyMs: number;
}

/** Null when there is no Chromium. */
export async function runBrowserCamera(askedFps = 15, measureMs = 10_000, size = '1280x720'): Promise<BrowserCameraResult | null> {
  if (!chromiumPath()) return null;
  await ensureDashboardBuilt({ info: () => {} });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'camrelay-bench-camera-'));
  const server = await startServer(
    { ...DEFAULTS, host: '127.0.0.1', port: 0, dataDir, adminPassword: BENCH_ADMIN.password, logLevel: 'silent' },
    pino({ level: 'silent' }),
  );
  const url = server.url.replace('localhost', '127.0.0.1');
  const browser = await launchCameraBrowser();
  try {
    const viewer = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await viewer.addInitScript(() => {
      const w = window as unknown as { __draws: Draw[]; __camrelayOnDraw: (m: { cameraId: string }, l: number) => void };
      w.__draws = [];
      w.__camrelayOnDraw = (m, latencyMs) => w.__draws.push({ cameraId: m.cameraId, latencyMs });
    });
    await viewer.request.post(`${url}/api/login`, { data: BENCH_ADMIN, headers: { origin: url } });
    // The single view: the camera at its native 1280 px, as a phone's picture would be watched.
    await viewer.goto(`${url}/#/camera/phone`);
    const { secret } = server.store.createToken('phone', 'bench');
    const capture = await openCapturePage(browser, `${url}/capture#camera=phone&token=${secret}`, { size, fps: askedFps });
    await sleep(3000); // camera open, upgrade to websocket, clocks synced, decoders warm
    await viewer.evaluate(() => ((window as unknown as { __draws: Draw[] }).__draws.length = 0));
    await sleep(measureMs);
    const draws = (await viewer.evaluate(() => (window as unknown as { __draws: Draw[] }).__draws)).filter((d) => d.cameraId === 'phone');
    const latency = summarize(draws.map((d) => d.latencyMs));
    const status = await capture.status();
    return {
      askedFps,
      deliveredFps: Math.round((draws.length / (measureMs / 1000)) * 10) / 10,
      p50: Math.round(latency.p50),
      p95: Math.round(latency.p95),
      droppedAtCapture: Number(/dropped (\d+)/.exec(status)?.[1] ?? 0),
      status,
    };
  } finally {
    await browser.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [fps = '15', seconds = '10'] = process.argv.slice(2);
  console.log(JSON.stringify(await runBrowserCamera(Number(fps), Number(seconds) * 1000), null, 2));
}
