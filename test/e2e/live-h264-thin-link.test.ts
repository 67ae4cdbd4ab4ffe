/**
 * Live H.264 on a thin link (#30), in Chromium against a real relay: through a real TCP proxy capped
 * at 150 KB/s, a JPEG viewer of a 1280×720 camera is stepped down the rendition ladder, while the
 * Live Monitor's single view, asking H.264 through the same kind of link, draws the camera at its
 * full 1280×720 and says `h264`. Both take the same test pattern: the JPEGs and the H.264 units.
 */
import { spawn } from 'node:child_process';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MonitorFrameMeta } from '../../shared/protocol.js';
import { recorderFfmpeg } from '../../server/recording/ffmpeg-path.js';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { FaultProxy } from '../helpers/fault-proxy.js';
import { h264AccessUnits, type AccessUnit } from '../helpers/h264.js';
import { openMonitor, type MonitorPage } from '../helpers/monitor-page.js';
import { startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

const tile = '[data-testid="camera-tile"][data-camera-id="yard"]';
const CAP = 150 * 1024;

/** The first picture of ffmpeg's test pattern at 1280×720 as a JPEG: the same picture the units carry. */
function patternJpeg(): Promise<Buffer> {
  const args = ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=1280x720:rate=15', '-frames:v', '1', '-q:v', '3', '-f', 'mjpeg', '-'];
  return new Promise((resolve, reject) => {
    const child = spawn(recorderFfmpeg(), args, { stdio: ['ignore', 'pipe', 'inherit'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => chunks.push(d));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(Buffer.concat(chunks)) : reject(new Error(`ffmpeg exited ${code}`))));
  });
}

describe.runIf(browserAvailable())('live H.264 on a thin link', () => {
  const browser = useBrowser();
  let server: TestServer;
  let capture: Socket;
  let jpegViewer: Socket;
  let monitor: MonitorPage;
  let timer: ReturnType<typeof setInterval>;
  const proxies: FaultProxy[] = [];
  let units: AccessUnit[];
  let jpeg: Buffer;

  beforeAll(async () => {
    server = await startTestServer();
    // A keyframe every 2 s, as many cameras send.
    [units, jpeg] = await Promise.all([h264AccessUnits(150, 1280, 720, 20), patternJpeg()]);
    capture = io(`${server.url}/capture`, {
      auth: { token: server.captureToken, cameraId: 'yard', offers: ['h264'] },
      transports: ['websocket'],
      forceNew: true,
    });
    let wanted = false;
    capture.on('demand', (d: { h264: boolean }) => (wanted = d.h264));
    await new Promise<void>((resolve) => capture.once('connect', () => resolve()));
    let seq = 0;
    timer = setInterval(() => {
      seq++;
      capture.emit('frame', { seq, capturedAt: Date.now(), width: 1280, height: 720 }, jpeg, () => {});
      if (!wanted) return;
      const u = units[(seq - 1) % units.length]!;
      capture.emit('h264', { seq, capturedAt: Date.now(), keyframe: u.keyframe, width: 1280, height: 720 }, u.au, () => {});
    }, 100);
    for (let i = 0; i < 2; i++) {
      const proxy = await FaultProxy.start(server.port);
      proxy.faults.bytesPerSecond = CAP;
      proxies.push(proxy);
    }
  }, 60_000);

  afterAll(async () => {
    clearInterval(timer);
    jpegViewer?.close();
    await monitor?.close();
    capture?.close();
    for (const p of proxies) await p.close();
    await stopTestServer(server);
  });

  it('steps a JPEG viewer down the ladder, while the single view draws H.264 at 1280×720 over the same cap', async () => {
    // What it costs: the camera's JPEGs are far over the cap at 10 fps; its H.264 is well under it.
    const h264PerSecond = (units.reduce((n, u) => n + u.au.length, 0) / units.length) * 10;
    expect(jpeg.length * 10).toBeGreaterThan(2 * CAP);
    expect(h264PerSecond).toBeLessThan(CAP / 2);

    const jpegs: MonitorFrameMeta[] = [];
    jpegViewer = io(`${proxies[0]!.url}/monitor`, { transports: ['websocket'], forceNew: true, auth: TEST_ADMIN });
    jpegViewer.on('connect', () => jpegViewer.emit('subscribe', { cameraIds: ['yard'], widths: { yard: 1280 } }));
    jpegViewer.on('frame', (meta: MonitorFrameMeta, _jpeg: Buffer, ack: () => void) => {
      jpegs.push(meta);
      ack();
    });

    monitor = await openMonitor(browser(), proxies[1]!.url);
    const { page } = monitor;
    await page.evaluate(() => (location.hash = '#/camera/yard'));
    await page.waitForSelector(`${tile}[data-selected]`, { timeout: 20_000 });
    await waitFor(async () => (await page.textContent(`${tile} [data-testid="codec"]`)) === 'h264', 'the tile to say h264', 30_000);
    const drawn = Number(await page.textContent(`${tile} [data-testid="frame-count"]`));
    await waitFor(async () => Number(await page.textContent(`${tile} [data-testid="frame-count"]`)) >= drawn + 20, '20 more H.264 pictures', 20_000);
    expect(await page.$eval(`${tile} canvas`, (c) => [(c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height])).toEqual([1280, 720]);
    expect(await page.textContent(`${tile} [data-testid="codec"]`)).toBe('h264');

    await waitFor(() => jpegs.some((m) => m.width < 1280), 'the JPEG viewer stepped down a rung', 30_000, 100);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: '/tmp/live-h264-thin-desktop.png' });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: '/tmp/live-h264-thin-phone.png' });
  });
});
