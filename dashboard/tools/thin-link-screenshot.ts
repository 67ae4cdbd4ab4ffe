/**
 * The Live Monitor on a phone over a thin, slow link (2 Mbit/s, 150 ms each way), for the docs:
 * four 720p cameras at 15 fps, the relay stepping each tile's rung down until the link carries
 * it. Writes docs/images/live-monitor-phone-thin-link.png (or into the folder given) and prints
 * each tile's figures. A script, not a test: it asserts nothing. Run with `npx tsx`.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// The shaping proxy the tests use too: real TCP, latency and a byte rate per direction.
import { FaultProxy } from './shots/fault-proxy.js';
import { Stage } from './shots/stage.js';

const out = process.argv[2] ?? fileURLToPath(new URL('../../docs/images', import.meta.url));

mkdirSync(out, { recursive: true });
const stage = await Stage.start();
for (const [cameraId, name] of [
  ['front-door', 'Front door'],
  ['garage', 'Garage'],
  ['yard', 'Yard'],
  ['porch', 'Porch'],
] as const) {
  await stage.camera({ cameraId, name, width: 1280, height: 720, fps: 15 });
}
const proxy = await FaultProxy.start(stage.server.port);
Object.assign(proxy.faults, { bytesPerSecond: 250_000, latencyMs: 150 });
const url = proxy.url;

const page = await stage.adminPage(await stage.context('phone'), url);
await page.goto(url);
// Long enough for the steps down (each after a 2 s measurement, at most one per 4 s) and a settled rate.
await page.waitForTimeout(25_000);
const file = path.join(out, 'live-monitor-phone-thin-link.png');
await page.screenshot({ path: file });
for (const text of await page.$$eval('[data-testid="camera-tile"]', (tiles) => tiles.map((t) => t.textContent?.replace(/\s+/g, ' ').trim() ?? ''))) {
  console.log(text);
}
console.log(`wrote ${file}`);
await proxy.close();
await stage.close();
process.exit(0);
