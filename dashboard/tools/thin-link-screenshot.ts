/**
 * The Live Monitor on a phone over a thin, slow link (2 Mbit/s, 150 ms each way), for the docs:
 * four 720p cameras at 15 fps, the relay stepping each tile's rung down until the link carries
 * it. Writes docs/images/live-monitor-phone-thin-link.png (or into the folder given) and prints
 * each tile's figures. A script, not a test: it asserts nothing. Run with `npx tsx`.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { CHROMIUM_FLAGS, chromiumPath } from '../../test/helpers/chromium.js';
import { chromium } from 'playwright-core';
import { runCamera, type RunningCamera } from '../../capture-client/run.js';
import { DEFAULTS } from '../../server/config.js';
import { ensureDashboardBuilt } from '../../server/dashboard.js';
import { startServer } from '../../server/start-server.js';
// The tests' shaping proxy: real TCP, latency and a byte rate per direction.
import { FaultProxy } from '../../test/helpers/fault-proxy.js';

const out = process.argv[2] ?? fileURLToPath(new URL('../../docs/images', import.meta.url));
const password = 'screenshot-admin-password';

mkdirSync(out, { recursive: true });
await ensureDashboardBuilt({ info: () => {} });
const server = await startServer(
  { ...DEFAULTS, host: '127.0.0.1', port: 0, dataDir: mkdtempSync(path.join(tmpdir(), 'camrelay-thin-')), adminPassword: password, logLevel: 'silent' },
  pino({ level: 'silent' }),
);
const direct = server.url.replace('localhost', '127.0.0.1');
const cams: RunningCamera[] = [];
for (const [cameraId, name] of [
  ['front-door', 'Front door'],
  ['garage', 'Garage'],
  ['yard', 'Yard'],
  ['porch', 'Porch'],
]) {
  const camera = { server: direct, token: server.captureToken, cameraId: cameraId!, name, transport: 'socketio' as const, fps: 15 };
  cams.push(await runCamera({ ...camera, source: 'test-pattern', sourceOptions: { fps: 15, width: 1280, height: 720 } }));
}
const proxy = await FaultProxy.start(server.port);
Object.assign(proxy.faults, { bytesPerSecond: 250_000, latencyMs: 150 });
const url = proxy.url;

const browser = await chromium.launch({ executablePath: chromiumPath() ?? '/usr/bin/chromium', args: CHROMIUM_FLAGS, headless: true });
const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, colorScheme: 'dark' });
const page = await context.newPage();
await page.request.post(`${url}/api/login`, { data: { username: 'admin', password }, headers: { origin: url } });
await page.goto(url);
// Long enough for the steps down (each after a 2 s measurement, at most one per 4 s) and a settled rate.
await page.waitForTimeout(25_000);
const file = path.join(out, 'live-monitor-phone-thin-link.png');
await page.screenshot({ path: file });
for (const text of await page.$$eval('[data-testid="camera-tile"]', (tiles) => tiles.map((t) => t.textContent?.replace(/\s+/g, ' ').trim() ?? ''))) {
  console.log(text);
}
console.log(`wrote ${file}`);
await browser.close();
for (const c of cams) await c.stop();
await proxy.close();
await server.close();
process.exit(0);
