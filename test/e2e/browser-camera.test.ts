/**
 * The browser as a camera (issue #18): the capture page with Chromium's fake camera sends to a Live
 * Monitor open in another page, by a capture link or signed in as an admin, over Socket.IO or its
 * HTTP fallback, and under a reverse proxy's sub-path; refusals say what to do; a hidden tab says it stopped.
 */
import { readFileSync } from 'node:fs';
import jsqrModule from 'jsqr';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable } from '../helpers/browser.js';
import { openCapturePage, setHidden, useCameraBrowser, type CapturePage } from '../helpers/camera-page.js';
import { openMonitor } from '../helpers/monitor-page.js';
import { nginxAvailable, startNginx, type RunningNginx } from '../helpers/nginx.js';
import { startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';
import { openSettings } from '../helpers/admin-page.js';

// CommonJS with `exports.default`: whether the default import is the function or the exports object depends on the loader.
const jsQR = ((jsqrModule as unknown as { default?: unknown }).default ?? jsqrModule) as typeof jsqrModule.default;

/** The capture client's status line, word for word. */
const STATUS_LINE = /^(\S+) → (polling|websocket|http) \| sent (\d+) acked (\d+) dropped \d+ failed \d+ \| (\d+\.\d) fps \| rtt \d+ ms \| reconnects \d+$/;
const acked = async (c: CapturePage) => Number(STATUS_LINE.exec(await c.status())?.[4] ?? 0);

describe.runIf(browserAvailable())('the browser as a camera, in Chromium with its fake camera', () => {
  const browser = useCameraBrowser();
  let server: TestServer;
  const pages: CapturePage[] = [];

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await Promise.all(pages.map((p) => p.page.context().close()));
    await stopTestServer(server);
  });
  const open = async (url: string, o: Parameters<typeof openCapturePage>[2] = {}) => {
    const page = await openCapturePage(browser(), url, o);
    pages.push(page);
    return page;
  };

  it('sends 720p from a capture link to a Live Monitor in another page, with the capture client status line', async () => {
    const { secret } = server.store.createToken('front-door', 'phone');
    const capture = await open(`${server.url}/capture#camera=front-door&token=${secret}`, { size: '1280x720', fps: 15 });
    const monitor = await openMonitor(browser(), server.url);
    try {
      await waitFor(async () => (await monitor.frameCount('front-door')) > 10, 'frames drawn on the Live Monitor', 20_000);
      await waitFor(async () => STATUS_LINE.exec(await capture.status())?.[2] === 'websocket', 'the upgrade to websocket');
      await waitFor(async () => Number(STATUS_LINE.exec(await capture.status())?.[5]) > 0, 'a frame rate on the status line');
      const [, cameraId, , sent, ackedNow] = STATUS_LINE.exec(await capture.status())!;
      expect(cameraId).toBe('front-door');
      expect(Number(ackedNow)).toBeGreaterThan(0);
      expect(Number(sent)).toBeGreaterThanOrEqual(Number(ackedNow));
      expect(await capture.state()).toBe('sending');
      expect(server.relay.cameras.get('front-door')).toMatchObject({ width: 1280, height: 720 });

      // The tile: a live camera at some fps, 16:9, and the fake camera's picture (green, with a lighter disc).
      const tile = monitor.page.locator('[data-testid="camera-tile"][data-camera-id="front-door"]');
      expect(Number(await tile.locator('[data-testid="fps"]').textContent())).toBeGreaterThan(0);
      expect(await monitor.ingest('front-door')).toBe('websocket');
      const [w, h] = ((await tile.locator('[data-testid="resolution"]').textContent()) ?? '').split('×').map(Number);
      expect(w! / h!).toBeCloseTo(16 / 9, 1);
      const { channels } = await sharp(await tile.locator('canvas').screenshot()).stats();
      const [red, green, blue] = channels.map((c) => c.mean);
      expect(green).toBeGreaterThan(2 * red!);
      expect(green).toBeGreaterThan(2 * blue!);
      expect(channels[1]!.stdev).toBeGreaterThan(10);
    } finally {
      await monitor.close();
    }
  });

  it('says a hidden tab stops the camera, sends nothing while hidden, and sends again once shown', async () => {
    const { secret } = server.store.createToken('hall', 'phone');
    const capture = await open(`${server.url}/capture#camera=hall&token=${secret}`, { size: '854x480', fps: 10 });
    await waitFor(async () => (await acked(capture)) > 3, 'frames acked');
    expect(await capture.page.textContent('[data-testid="capture-keep-open"]')).toMatch(/a hidden tab or a locked phone stops the camera/);
    await setHidden(capture.page, true);
    expect(await capture.page.isVisible('[data-testid="capture-hidden-warning"]')).toBe(true);
    await waitFor(async () => (await capture.state()) === 'paused', 'the paused state');
    const hiddenAt = server.relay.cameras.get('hall')!.framesIn;
    // Two status ticks with nothing new: the status line's count stands still.
    const before = await acked(capture);
    await waitFor(async () => Number(STATUS_LINE.exec(await capture.status())?.[5]) === 0, 'the status line at 0 fps');
    expect(server.relay.cameras.get('hall')!.framesIn).toBeLessThanOrEqual(hiddenAt + 1);
    expect(await acked(capture)).toBeLessThanOrEqual(before + 1);
    await setHidden(capture.page, false);
    expect(await capture.page.isHidden('[data-testid="capture-hidden-warning"]')).toBe(true);
    await waitFor(async () => (await acked(capture)) > before + 5, 'frames again once shown');
  });

  it('falls back to HTTP POST when Socket.IO cannot get through', async () => {
    const { secret } = server.store.createToken('yard', 'phone');
    const context = await browser().newContext();
    await context.route(/\/socket\.io\//, (route) => route.abort());
    const capture = await open(`${server.url}/capture#camera=yard&token=${secret}`, { context, fps: 10 });
    await waitFor(async () => STATUS_LINE.exec(await capture.status())?.[2] === 'http' && (await acked(capture)) > 3, 'frames acked over HTTP POST', 15_000);
    expect(server.relay.cameras.get('yard')?.ingest).toBe('http');
  });

  it("shows a new token's capture link as a QR code in Admin that reads back as the link, and the link sends", async () => {
    const monitor = await openMonitor(browser(), server.url);
    try {
      const page = monitor.page;
      await openSettings(page, 'users');
      await page.fill('[data-testid="token-camera"]', 'porch');
      await page.selectOption('[data-testid="token-place"]', 'browser');
      await page.click('[data-testid="token-create"]');
      const link = (await page.getAttribute('[data-testid="capture-link"]', 'href'))!;
      expect(link.startsWith(`${server.url}/capture#camera=porch&token=`)).toBe(true);
      // This relay listens on loopback only: the page says a phone cannot use that link, and that its camera needs HTTPS (#37).
      const advice = (await page.textContent('[data-testid="capture-qr-local"]')) ?? '';
      expect(advice).toMatch(/a phone cannot reach it/);
      expect(advice).toMatch(/only over HTTPS/);
      const shots = process.env.CAMRELAY_SHOTS;
      if (shots) {
        await page.setViewportSize({ width: 1280, height: 800 });
        await page.locator('[data-testid="capture-qr"]').scrollIntoViewIfNeeded();
        await page.screenshot({ path: `${shots}/capture-qr-local-desktop.png` });
        await page.setViewportSize({ width: 390, height: 844 });
        await page.locator('[data-testid="capture-qr"]').scrollIntoViewIfNeeded();
        await page.screenshot({ path: `${shots}/capture-qr-local-phone.png` });
        await page.setViewportSize({ width: 1280, height: 800 });
      }
      const shot = await page.locator('[data-testid="capture-qr-code"] svg').screenshot();
      const { data, info } = await sharp(shot).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      expect(jsQR(new Uint8ClampedArray(data), info.width, info.height)?.data).toBe(link);
      const capture = await open(link, { fps: 10 });
      // The link's page asks for the fake camera and connects first: on a loaded box that alone can take over 10 s.
      await waitFor(async () => (await acked(capture)) > 3, 'frames sent by the QR code link', 30_000);
    } finally {
      await monitor.close();
    }
  });

  it('shows a wrong token as BAD_TOKEN, with what to do', async () => {
    const capture = await open(`${server.url}/capture#camera=front-door&token=not-the-token`);
    await waitFor(async () => (await capture.refusal())?.code === 'BAD_TOKEN', 'the refusal');
    const refusal = (await capture.refusal())!;
    expect(refusal.title).toMatch(/refused this link's token for camera "front-door"/);
    expect(refusal.fix).toMatch(/Admin → Camera tokens → Create token/);
    expect(await capture.state()).toBe('refused');
    await waitFor(() => capture.page.isEnabled('[data-testid="capture-start"]'), 'Start, to try again');
    expect(await capture.page.isHidden('[data-testid="capture-preview"]')).toBe(true);
  });

  it('lets a signed-in admin send with a token of its own, made anew after a revocation, and tells a viewer only admins may', async () => {
    const admin = await browser().newContext();
    const login = await admin.request.post(`${server.url}/api/login`, { data: TEST_ADMIN, headers: { origin: server.url } });
    expect(login.ok()).toBe(true);
    const viewer = { username: 'visitor', password: 'visitor-password-1' };
    const made = await admin.request.post(`${server.url}/api/users`, { data: { ...viewer, role: 'viewer', cameras: '*' }, headers: { origin: server.url } });
    expect(made.ok()).toBe(true);
    const adminPage = await openCapturePage(browser(), `${server.url}/capture`, { context: admin, start: false });
    pages.push(adminPage);
    expect(await adminPage.page.textContent('[data-testid="capture-who"]')).toMatch(/Signed in as admin/);
    await adminPage.page.fill('[data-testid="capture-camera"]', 'laptop');
    await adminPage.page.click('[data-testid="capture-start"]');
    // The page makes its token, opens the fake camera and connects first: 20 s for a loaded box.
    await waitFor(() => (server.relay.cameras.get('laptop')?.framesIn ?? 0) > 3, 'frames from the signed-in page', 20_000);
    const [made1] = server.store.listTokens().filter((t) => t.cameraId === 'laptop');
    expect(made1?.label).toBe('browser camera');
    // Revoked in Admin: the page stops and says so; Start sends again with a new token.
    server.store.revokeToken(made1!.id);
    await waitFor(async () => (await adminPage.refusal())?.code === 'REVOKED', 'the revocation on the page');
    expect((await adminPage.refusal())!.fix).toMatch(/Press Start to send with a new token/);
    const before = server.relay.cameras.get('laptop')!.framesIn;
    await adminPage.page.click('[data-testid="capture-start"]');
    await waitFor(() => server.relay.cameras.get('laptop')!.framesIn > before + 3, 'frames with the new token', 20_000);
    expect(server.store.listTokens().filter((t) => t.cameraId === 'laptop' && t.id !== made1!.id)).toHaveLength(1);

    const visitor = await browser().newContext();
    await visitor.request.post(`${server.url}/api/login`, { data: viewer, headers: { origin: server.url } });
    const viewerPage = await openCapturePage(browser(), `${server.url}/capture`, { context: visitor });
    pages.push(viewerPage);
    await waitFor(async () => (await viewerPage.refusal())?.code === 'FORBIDDEN', 'the refusal');
    expect((await viewerPage.refusal())!.fix).toMatch(/Sign in as an admin, or ask an admin for a capture link/);
    // Three pages, two sign-ins and two camera starts: past 30 s on a loaded box.
  });

  it('asks someone neither signed in nor holding a link to get one (AUTH_REQUIRED), and serves /capture/ at /capture', async () => {
    const capture = await open(`${server.url}/capture/`, { start: false });
    expect(new URL(capture.page.url()).pathname).toBe('/capture');
    await waitFor(async () => (await capture.refusal())?.code === 'AUTH_REQUIRED', 'the refusal');
    expect((await capture.refusal())!.fix).toMatch(/Scan the QR code/);
    expect(await capture.page.isDisabled('[data-testid="capture-start"]')).toBe(true);
  });
});

describe.runIf(browserAvailable() && nginxAvailable())('the capture page under a sub-path, behind nginx as docs/deployment.md prints it', () => {
  const browser = useCameraBrowser();
  let server: TestServer;
  let nginx: RunningNginx;

  beforeAll(async () => {
    server = await startTestServer({ trustProxy: true });
    const doc = readFileSync(new URL('../../docs/deployment.md', import.meta.url), 'utf8');
    const printed = /```nginx\n([\s\S]*?)```/.exec(doc.slice(doc.indexOf('## Under a sub-path')))![1]!;
    nginx = await startNginx({
      upstreamPort: server.port,
      websocket: true,
      httpConfig: (port) => printed.replace('listen 80;', `listen 127.0.0.1:${port};`).replace('127.0.0.1:3000', `127.0.0.1:${server.port}`),
    });
  });
  afterAll(async () => {
    await nginx?.stop();
    await stopTestServer(server);
  });

  it('loads from /cams/capture with its relative assets and sends over websocket through the prefix', async () => {
    const { secret } = server.store.createToken('porch', 'phone');
    const capture = await openCapturePage(browser(), `${nginx.url}/cams/capture#camera=porch&token=${secret}`, { fps: 10 });
    try {
      // Styled: the stylesheet came through the prefix.
      expect(await capture.page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--bg').trim())).not.toBe('');
      await waitFor(async () => STATUS_LINE.exec(await capture.status())?.[2] === 'websocket' && (await acked(capture)) > 3, 'frames acked through nginx');
      expect(server.relay.cameras.get('porch')?.ingest).toBe('websocket');
    } finally {
      await capture.page.context().close();
    }
  });
});
