/**
 * Live H.264 on a thin link (#30), in Chromium against a real relay: through a real TCP proxy capped
 * at 150 KB/s, a JPEG viewer of a 1280×720 camera is stepped down the rendition ladder, while the
 * Live Monitor's single view, asking H.264 through the same kind of link, draws the camera at its
 * full 1280×720 and says `h264`. Both take the same test pattern: the JPEGs and the H.264 units.
 * A camera whose full-size H.264 the link cannot carry, and whose capture side makes H.264 rungs, is
 * stepped down to a rung's H.264 in the single view, which says `· auto` and why; pinned at `full`, it stays.
 */
import { spawn } from 'node:child_process';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MonitorFrameMeta } from '../../shared/protocol.js';
import { recorderFfmpeg } from '../../server/recording/ffmpeg-path.js';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { FaultProxy } from '../helpers/fault-proxy.js';
import { h264AccessUnits, type AccessUnit } from '../helpers/h264.js';
import { noisyAccessUnits, rateOf, standIn, type StandIn } from '../helpers/h264-stand-in.js';
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
  });

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

describe.runIf(browserAvailable())('live H.264 in the single view over a link too thin for its full size', () => {
  const browser = useBrowser();
  let server: TestServer;
  let camera: StandIn;
  const proxies: FaultProxy[] = [];
  const pages: MonitorPage[] = [];
  const RUNGS = [320, 640, 960];
  let full: AccessUnit[];
  let rungs: Map<number, AccessUnit[]>;

  beforeAll(async () => {
    server = await startTestServer();
    // Noisy pictures at 10 fps, a keyframe every 2 s: the full size well over the cap, each rung well under it.
    const [jpeg, fullUnits, ...rungUnits] = await Promise.all([
      patternJpeg(),
      noisyAccessUnits(40, 1280, 20, 2000),
      ...RUNGS.map((w) => noisyAccessUnits(40, w, 20, (w / 960) * 600)),
    ]);
    full = fullUnits;
    rungs = new Map(RUNGS.map((w, i) => [w, rungUnits[i]!]));
    camera = await standIn(server, { cameraId: 'porch', offers: ['h264', 'h264-rungs'], jpeg, full, rungs, fps: 10 });
    await waitFor(() => server.relay.cameras.list().some((c) => c.id === 'porch' && c.width === 1280), 'the camera at 1280 wide');
  });

  afterAll(async () => {
    for (const p of pages) await p.close();
    camera?.close();
    for (const p of proxies) await p.close();
    await stopTestServer(server);
  });

  /** The single view of porch, on a page of its own behind a link capped at CAP. */
  async function singleView(): Promise<MonitorPage> {
    const proxy = await FaultProxy.start(server.port);
    proxy.faults.bytesPerSecond = CAP;
    proxies.push(proxy);
    const monitor = await openMonitor(browser(), proxy.url);
    pages.push(monitor);
    await monitor.page.evaluate(() => (location.hash = '#/camera/porch'));
    await monitor.page.waitForSelector(`${porch}[data-selected]`, { timeout: 20_000 });
    return monitor;
  }

  const porch = '[data-testid="camera-tile"][data-camera-id="porch"]';
  const canvasWidth = (page: MonitorPage['page']) => page.$eval(`${porch} canvas`, (c) => (c as HTMLCanvasElement).width);

  it('steps it down to a rung’s H.264, keeps drawing H.264 there, and says · auto with the reason', async () => {
    expect(rateOf(full, 10)).toBeGreaterThan(1.3 * CAP);
    expect(rateOf(rungs.get(960)!, 10)).toBeLessThan(0.6 * CAP);

    const { page } = await singleView();
    const text = (sel: string) => page.textContent(`${porch} [data-testid="${sel}"]`);
    await waitFor(
      async () => (await text('codec')) === 'h264' && RUNGS.includes(await canvasWidth(page)) && (await text('resolution'))?.endsWith('· auto'),
      'the single view drawing a rung’s H.264, said · auto',
      60_000,
    );
    const width = await canvasWidth(page);
    expect(camera.demand?.h264Widths).toContain(width);
    expect(await page.getAttribute(`${porch} [data-testid="resolution"]`, 'title')).toMatch(/fell a GOP behind .*: full size 1280 → \d+/);
    const drawn = Number(await text('frame-count'));
    await waitFor(async () => Number(await text('frame-count')) >= drawn + 20, '20 more pictures', 20_000);
    expect(await text('codec')).toBe('h264');
    await page.screenshot({ path: '/tmp/live-h264-thin-stepped.png' });
  });

  it('keeps a single view pinned at full size at 1280×720 while its link skips GOPs', async () => {
    const { page } = await singleView();
    await page.selectOption(`${porch} [data-testid="rung-pick"]`, 'full');
    await waitFor(
      async () => (await page.textContent(`${porch} [data-testid="codec"]`)) === 'h264' && (await canvasWidth(page)) === 1280,
      'the tile to draw full-size H.264',
      30_000,
    );
    // Only this viewer from here on, so every skip is its own: more of them than step an unpinned viewer down.
    await pages[0]!.close();
    const live = server.relay.cameraSide.live;
    const skipped = live.counts.skipped;
    const widths = new Set<number>();
    await waitFor(
      async () => (widths.add(await canvasWidth(page)), live.counts.skipped >= skipped + 4),
      'four GOPs skipped on the pinned viewer’s link',
      60_000,
    );
    expect([...widths]).toEqual([1280]);
    expect(await page.textContent(`${porch} [data-testid="resolution"]`)).toBe('1280×720');
    expect(await page.textContent(`${porch} [data-testid="codec"]`)).toBe('h264');
  });
});
