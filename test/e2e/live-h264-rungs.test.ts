/**
 * Grid tiles from the camera side's rung H.264 (#30), in Chromium against a real relay: a 1280×720 camera whose
 * capture side offers `h264-rungs` (a stand-in sending real libx264 units of whichever rung widths the relay demands,
 * and full-size JPEGs) shown as a grid tile smaller than the camera: the tile says h264, its canvas has the rung's
 * size in the camera's 16:9, and pictures keep coming. A camera that offers full-size H.264 only (and never sends it)
 * says why its tile is JPEG: by its size in the grid, and in the single view that H.264 was asked and none came.
 * A camera listed before its first frame (the page names it for a rung before the relay knows its width) gets its
 * rung's H.264 once frames come.
 */
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptureDemand } from '../../shared/demand.js';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { h264AccessUnits, type AccessUnit } from '../helpers/h264.js';
import { standIn, type StandIn } from '../helpers/h264-stand-in.js';
import { makeJpeg } from '../helpers/jpeg.js';
import { openMonitor, type MonitorPage } from '../helpers/monitor-page.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

const tile = '[data-testid="camera-tile"][data-camera-id="yard"]';
const RUNGS = [320, 640, 960];

describe.runIf(browserAvailable())('rung H.264 in the Live Monitor grid', () => {
  const browser = useBrowser();
  let server: TestServer;
  const sockets: Socket[] = [];
  let monitor: MonitorPage;
  let timer: ReturnType<typeof setInterval>;
  const sentWidths = new Set<number>();
  const units = new Map<number, AccessUnit[]>();
  let jpeg: Buffer;
  let late: StandIn | undefined;

  beforeAll(async () => {
    server = await startTestServer();
    for (const w of RUNGS) units.set(w, await h264AccessUnits(60, w, (w * 9) / 16, 15));
    jpeg = await makeJpeg(1280, 720);
    // Four cameras, so the grid's tiles are well under the camera's 1280 px; only yard makes rung H.264, and gate offers
    // full-size H.264 it never sends.
    const cams = ['yard', 'gate', 'door', 'shed'];
    const demands = new Map<string, CaptureDemand>();
    for (const id of cams) {
      const socket = io(`${server.url}/capture`, {
        auth: { token: server.captureToken, cameraId: id, offers: id === 'yard' ? ['h264', 'h264-rungs'] : id === 'gate' ? ['h264'] : [] },
        transports: ['websocket'],
        forceNew: true,
      });
      socket.on('demand', (d: CaptureDemand) => demands.set(id, d));
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      sockets.push(socket);
    }
    let seq = 0;
    const rungSeq = new Map<number, number>();
    timer = setInterval(() => {
      seq++;
      sockets.forEach((s) => s.emit('frame', { seq, capturedAt: Date.now(), width: 1280, height: 720 }, jpeg, () => {}));
      for (const w of demands.get('yard')?.h264Widths ?? []) {
        const list = units.get(w);
        if (!list) continue;
        const n = (rungSeq.get(w) ?? 0) + 1;
        rungSeq.set(w, n);
        const u = list[(n - 1) % list.length]!;
        sentWidths.add(w);
        sockets[0]!.emit('h264-rung', { seq: n, capturedAt: Date.now(), keyframe: u.keyframe, width: w, height: (w * 9) / 16, rung: w }, u.au, () => {});
      }
    }, 66);
    monitor = await openMonitor(browser(), server.url);
  });

  afterAll(async () => {
    clearInterval(timer);
    late?.close();
    await monitor?.close();
    sockets.forEach((s) => s.close());
    await stopTestServer(server);
  });

  for (const [name, viewport] of [
    ['desktop', { width: 1280, height: 800 }],
    ['phone', { width: 390, height: 844 }],
  ] as const) {
    it(`draws the ${name} grid tile from its rung's H.264, says h264, at the rung's size in 16:9, and pictures keep coming`, async () => {
      const { page } = monitor;
      await page.setViewportSize(viewport);
      await page.waitForSelector(tile, { timeout: 10_000 });
      await waitFor(async () => (await page.textContent(`${tile} [data-testid="codec"]`)) === 'h264', 'the tile to say h264', 20_000);
      const drawn = Number(await page.textContent(`${tile} [data-testid="frame-count"]`));
      await waitFor(async () => Number(await page.textContent(`${tile} [data-testid="frame-count"]`)) >= drawn + 10, '10 more pictures drawn', 10_000);
      const [w, h] = await page.$eval(`${tile} canvas`, (c) => [(c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height]);
      expect(RUNGS).toContain(w);
      expect(sentWidths.has(w!)).toBe(true);
      expect(h).toBe((w! * 9) / 16);
      await page.screenshot({ path: `/tmp/rung-h264-${name}.png` });
    });
  }

  it('says why a tile of a camera that offers H.264 is JPEG: by its size in the grid, and in the single view when none came', async () => {
    const { page } = monitor;
    await page.setViewportSize({ width: 1280, height: 800 });
    const gate = '[data-testid="camera-tile"][data-camera-id="gate"]';
    const codec = () => page.textContent(`${gate} [data-testid="codec"]`);
    const why = async () => (await page.getAttribute(`${gate} [data-testid="codec"]`, 'title')) ?? '';
    await waitFor(async () => /Not H.264: this tile shows the camera smaller than its full size/.test(await why()), 'the grid tile’s reason', 20_000);
    expect(await codec()).toBe('jpeg');
    await page.evaluate(() => (location.hash = '#/camera/gate'));
    await page.waitForSelector(`${gate}[data-selected]`, { timeout: 10_000 });
    await waitFor(async () => /Not H.264: the relay sent this camera as JPEG/.test(await why()), 'the single view’s reason', 20_000);
    expect(await codec()).toBe('jpeg');
    await page.evaluate(() => (location.hash = '#/'));
  });

  it('draws rung H.264 for a camera the page listed before its first frame, once frames come', async () => {
    const { page } = monitor;
    // What the page asks, as the relay hears it.
    let named = false;
    await waitFor(async () => (await monitor.connectionStatus()) === 'connected', 'the page connected');
    for (const s of server.io.of('/monitor').sockets.values()) {
      s.onAny((event: string, req: { h264Rungs?: string[] }) => (named ||= event === 'subscribe' && req.h264Rungs?.includes('late') === true));
    }
    late = await standIn(server, { cameraId: 'late', offers: ['h264', 'h264-rungs'], jpeg, full: [], rungs: units, fps: 15, held: true });
    const tile = '[data-testid="camera-tile"][data-camera-id="late"]';
    await page.waitForSelector(tile, { timeout: 10_000 });
    await waitFor(() => named, 'the page to name it in h264Rungs', 10_000);
    expect(server.relay.cameras.list().find((c) => c.id === 'late')?.width ?? null).toBeNull();
    late.start();
    await waitFor(async () => (await page.textContent(`${tile} [data-testid="codec"]`)) === 'h264', 'the tile to say h264', 20_000);
    expect(RUNGS).toContain(await page.$eval(`${tile} canvas`, (c) => (c as HTMLCanvasElement).width));
  });
});
