/**
 * Live H.264 in the Live Monitor (#30), in Chromium against a real relay: a camera whose capture
 * side offers H.264 (a stand-in sending real libx264 units and JPEGs over a real socket) is drawn
 * from H.264 in the single view, and its tile says `h264`, over WebSocket, over long-polling (units by
 * frame-fetch GETs) and through MSE on a plain-http LAN page; broken units make the tile go back to
 * JPEG by itself, saying why, and keep drawing.
 */
import { hostname } from 'node:os';
import { chromium } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, CHROMIUM_FLAGS, chromiumPath, useBrowser } from '../helpers/browser.js';
import { h264AccessUnits } from '../helpers/h264.js';
import { makeJpeg } from '../helpers/jpeg.js';
import { openMonitor, type MonitorPage } from '../helpers/monitor-page.js';
import { startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

const tile = '[data-testid="camera-tile"][data-camera-id="yard"]';
/**
 * The relay as a LAN page reaches it: by this machine's name (a Host the relay answers to), over plain http, so
 * no secure context and no WebCodecs; Chromium resolves the name to loopback.
 */
const LAN_NAME = hostname().toLowerCase();

/** The unit with its SPS's profile_idc set to 255, which no decoder takes (the relay reads `avc1.FF…` from it). */
function unknownProfile(au: Buffer): Buffer {
  const out = Buffer.from(au);
  for (let i = 0; i + 4 < out.length; i++) if (out[i] === 0 && out[i + 1] === 0 && out[i + 2] === 1 && (out[i + 3]! & 0x1f) === 7) out[i + 4] = 0xff;
  return out;
}

describe.runIf(browserAvailable())('live H.264 in the Live Monitor', () => {
  const browser = useBrowser();
  let server: TestServer;
  let capture: Socket;
  let monitor: MonitorPage;
  let timer: ReturnType<typeof setInterval>;
  /** What the stand-in sends as H.264 while asked: the real units, or the same with a profile no decoder knows. */
  let broken = false;

  beforeAll(async () => {
    server = await startTestServer();
    const units = await h264AccessUnits(150, 640, 360, 15);
    const jpeg = await makeJpeg(640, 360);
    capture = io(`${server.url}/capture`, {
      auth: { token: server.captureToken, cameraId: 'yard', offers: ['h264'] },
      transports: ['websocket'],
      forceNew: true,
    });
    let wanted = false;
    capture.on('demand', (d: { h264: boolean }) => (wanted = d.h264));
    await new Promise<void>((resolve) => capture.once('connect', () => resolve()));
    let seq = 0;
    let unit = 0;
    timer = setInterval(() => {
      seq++;
      capture.emit('frame', { seq, capturedAt: Date.now(), width: 640, height: 360 }, jpeg, () => {});
      if (!wanted) return;
      const u = units[unit % units.length]!;
      unit++;
      const au = broken ? unknownProfile(u.au) : u.au;
      capture.emit('h264', { seq: unit, capturedAt: Date.now(), keyframe: u.keyframe, width: 640, height: 360 }, au, () => {});
    }, 66);
    monitor = await openMonitor(browser(), server.url);
  });

  afterAll(async () => {
    clearInterval(timer);
    await monitor?.close();
    capture?.close();
    await stopTestServer(server);
  });

  it('draws the single view from H.264, at the camera’s size, and says h264 on the tile', async () => {
    const { page } = monitor;
    await page.evaluate(() => (location.hash = '#/camera/yard'));
    await page.waitForSelector(`${tile}[data-selected]`, { timeout: 10_000 });
    await waitFor(async () => (await page.textContent(`${tile} [data-testid="codec"]`)) === 'h264', 'the tile to say h264', 15_000);
    const drawn = Number(await page.textContent(`${tile} [data-testid="frame-count"]`));
    await waitFor(async () => Number(await page.textContent(`${tile} [data-testid="frame-count"]`)) >= drawn + 10, '10 more pictures drawn', 10_000);
    const size = await page.$eval(`${tile} canvas`, (c) => [(c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height]);
    expect(size).toEqual([640, 360]);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: '/tmp/live-h264-desktop.png' });
  });

  it('goes back to JPEG by itself when the browser cannot decode the stream, says why, and keeps drawing', async () => {
    const { page } = monitor;
    broken = true;
    // A loaded box may leave a gap in pictures first (the tile says jpeg, with no reason yet): wait for the fall itself.
    const reason = /Not H\.264: this browser cannot decode the camera's H\.264 profile \(this browser cannot decode avc1\.FF/;
    await waitFor(async () => reason.test((await page.getAttribute(`${tile} [data-testid="codec"]`, 'title')) ?? ''), 'the reason on the tile', 15_000);
    expect(await page.textContent(`${tile} [data-testid="codec"]`)).toBe('jpeg');
    const drawn = Number(await page.textContent(`${tile} [data-testid="frame-count"]`));
    await waitFor(async () => Number(await page.textContent(`${tile} [data-testid="frame-count"]`)) >= drawn + 5, 'JPEGs drawn again', 10_000);
    // The JPEGs the relay held back while H.264 was shown were replaced, not lost: at least 10 of them
    // (the first test drew 10 H.264 pictures, each in place of a JPEG), so counting them would read ≥ 10.
    // A loaded box may still lose one or two to newest-wins on the way, which is a real loss.
    expect(Number(await page.textContent(`${tile} [data-testid="lost-frames"]`))).toBeLessThan(5);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: '/tmp/live-h264-phone-jpeg.png' });
    broken = false;
  });

  it('draws H.264 over long-polling when WebSocket cannot pass, each unit answering a frame-fetch GET', async () => {
    const page = await browser().newPage();
    try {
      // As a proxy that drops WebSocket upgrades would.
      await page.routeWebSocket(/socket\.io/, (ws) => ws.close());
      let unitGets = 0;
      page.on('response', (r) => r.url().includes('/api/monitor/frames/') && r.headers()['x-frame-kind'] === 'h264' && unitGets++);
      await page.request.post(`${server.url}/api/login`, { data: TEST_ADMIN, headers: { origin: server.url } });
      await page.goto(`${server.url}/#/camera/yard`);
      await waitFor(async () => (await page.textContent(`${tile} [data-testid="codec"]`)) === 'h264', 'the tile to say h264', 15_000);
      const drawn = Number(await page.textContent(`${tile} [data-testid="frame-count"]`));
      await waitFor(async () => Number(await page.textContent(`${tile} [data-testid="frame-count"]`)) >= drawn + 10, '10 more pictures drawn', 10_000);
      expect(await page.textContent('[data-testid="connection-transport"]')).toBe('polling');
      expect(await page.textContent(`${tile} [data-testid="codec"]`)).toBe('h264');
      expect(unitGets).toBeGreaterThanOrEqual(10);
    } finally {
      await page.close();
    }
  });

  it('draws H.264 through MSE on a plain-http LAN page of the relay (its CSP lets the video play a blob: URL)', async () => {
    const lan = await chromium.launch({
      executablePath: chromiumPath()!,
      args: [...CHROMIUM_FLAGS, `--host-resolver-rules=MAP ${LAN_NAME} 127.0.0.1`],
      headless: true,
    });
    try {
      const url = `http://${LAN_NAME}:${new URL(server.url).port}`;
      const page = await lan.newPage();
      await page.goto(url);
      expect(await page.evaluate(() => [isSecureContext, typeof VideoDecoder])).toEqual([false, 'undefined']);
      // Signed in from the page: the test's own requests do not resolve the LAN name.
      const login = (user: typeof TEST_ADMIN) =>
        fetch('/api/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(user) }).then((r) => r.ok);
      expect(await page.evaluate(login, TEST_ADMIN)).toBe(true);
      await page.goto(`${url}/#/camera/yard`);
      await page.reload(); // the same document until now: it read the session before the sign-in
      await waitFor(async () => (await page.textContent(`${tile} [data-testid="codec"]`)) === 'h264', 'the tile to say h264', 15_000);
      const drawn = Number(await page.textContent(`${tile} [data-testid="frame-count"]`));
      await waitFor(async () => Number(await page.textContent(`${tile} [data-testid="frame-count"]`)) >= drawn + 10, '10 more pictures drawn', 10_000);
      expect(await page.textContent(`${tile} [data-testid="codec"]`)).toBe('h264');
    } finally {
      await lan.close();
    }
  });
});
