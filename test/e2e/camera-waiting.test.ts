/**
 * A camera whose capture PC waits for it (in use by another app, unplugged): its Live Monitor tile says
 * so in words, over a dimmed last frame, rather than a frozen picture that claims to be live (#26 item 6).
 * CAMRELAY_SHOTS=<folder> also saves the tile at desktop and phone sizes.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaptureClient } from '../../capture-client/capture-client.js';
import { ensureDashboardBuilt } from '../../server/http/dashboard.js';
import { browserAvailable, launchBrowser } from '../helpers/browser.js';
import { solidJpeg } from '../helpers/jpeg.js';
import { openMonitor } from '../helpers/monitor-page.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

const tile = '[data-testid="camera-tile"][data-camera-id="desk"]';

describe.runIf(browserAvailable())('a tile whose capture PC waits for its camera', () => {
  let server: TestServer;
  let browser: Browser;
  let client: CaptureClient;

  beforeAll(async () => {
    await ensureDashboardBuilt({ info: () => {} });
    server = await startTestServer();
    browser = await launchBrowser();
    client = new CaptureClient({ server: server.url, token: server.captureToken, cameraId: 'desk', transport: 'socketio', ackTimeoutMs: 2000, fps: 10 });
  });
  afterAll(async () => {
    client?.close();
    await browser?.close();
    await stopTestServer(server);
  });

  it('says the camera is in use by another app, then unplugged, and shows frames again when it is back', async () => {
    const jpeg = await solidJpeg(640, 360, [40, 120, 200]);
    const monitor = await openMonitor(browser, server.url);
    await monitor.page.setViewportSize({ width: 1280, height: 800 });
    await waitFor(async () => {
      client.push({ jpeg, capturedAt: Date.now() });
      return (await monitor.frameCount('desk')) > 0;
    }, 'a first frame drawn');

    client.sourceStatus({ state: 'waiting', error: 'CAMERA_BUSY', message: 'ffmpeg could not start camera "Logitech Webcam" ("Could not run graph")' });
    await waitFor(async () => (await monitor.cameraStatus('desk')) === 'no camera', 'the tile to say no camera');
    const overlay = monitor.page.locator(`${tile} [data-testid="tile-overlay"]`);
    expect(await overlay.locator('.overlay-title').textContent()).toBe('Camera in use by another app on the capture PC');
    expect(await overlay.getAttribute('title')).toContain('Could not run graph');
    // Connected but without a camera: the header does not count it live.
    const count = monitor.page.getByTestId('camera-count');
    await waitFor(async () => (await count.textContent()) === '1 camera · 0 live', 'the header to count 0 live');
    const shots = process.env.CAMRELAY_SHOTS;
    if (shots) await monitor.page.screenshot({ path: `${shots}/camera-busy-desktop.png` });

    client.sourceStatus({ state: 'waiting', error: 'CAMERA_GONE', message: 'ffmpeg found no camera "Logitech Webcam"' });
    await waitFor(async () => (await overlay.locator('.overlay-title').textContent()) === 'Camera unplugged on the capture PC — waiting for it', 'unplugged');
    if (shots) {
      await monitor.page.setViewportSize({ width: 390, height: 844 });
      await monitor.page.screenshot({ path: `${shots}/camera-gone-phone.png` });
    }

    client.sourceStatus({ state: 'ok' });
    await waitFor(async () => {
      client.push({ jpeg, capturedAt: Date.now() });
      return (await monitor.cameraStatus('desk')) === 'live';
    }, 'the tile live again');
    expect(await overlay.isHidden()).toBe(true);
    await waitFor(async () => (await count.textContent()) === '1 camera · 1 live', 'the header to count it live again');
    await monitor.close();
  });

  it('says a camera that has not sent yet is starting and what it waits for, never stalled (#37 item 14)', async () => {
    const monitor = await openMonitor(browser, server.url);
    const quiet = new CaptureClient({ server: server.url, token: server.captureToken, cameraId: 'porch', transport: 'socketio', ackTimeoutMs: 2000, fps: 10 });
    try {
      // Connected and silent: the relay's word is "starting" (#37 item 14), however long it waits.
      await waitFor(() => server.relay.cameras.get('porch')?.status === 'starting', 'the relay to call the silent camera starting');
      const porch = '[data-testid="camera-tile"][data-camera-id="porch"]';
      const overlay = monitor.page.locator(`${porch} [data-testid="tile-overlay"]`);
      await waitFor(
        async () => (await overlay.locator('.overlay-detail').textContent())?.startsWith("waiting for the camera's first picture"),
        'what it waits for',
      );
      expect(await monitor.cameraStatus('porch')).toBe('starting');
      expect(await overlay.locator('.overlay-title').textContent()).toBe('Starting');
      const shots = process.env.CAMRELAY_SHOTS;
      if (shots) {
        await monitor.page.setViewportSize({ width: 1280, height: 800 });
        await monitor.page.screenshot({ path: `${shots}/camera-starting-desktop.png` });
        await monitor.page.setViewportSize({ width: 390, height: 844 });
        await monitor.page.screenshot({ path: `${shots}/camera-starting-phone.png` });
      }
      const jpeg = await solidJpeg(640, 360, [200, 120, 40]);
      await waitFor(async () => {
        quiet.push({ jpeg, capturedAt: Date.now() });
        return (await monitor.cameraStatus('porch')) === 'live';
      }, 'the tile live once its first picture comes');
    } finally {
      quiet.close();
      await monitor.close();
    }
  });
});
