import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDashboardBuilt } from '../../server/http/dashboard.js';
import { browserAvailable, launchBrowser } from '../helpers/browser.js';
import { openMonitor } from '../helpers/monitor-page.js';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

const run = browserAvailable();

async function frameCount(page: Page, cameraId: string): Promise<number> {
  const text = await page.textContent(`[data-testid="camera-tile"][data-camera-id="${cameraId}"] [data-testid="frame-count"]`);
  return Number(text);
}

/** A cheap fingerprint of the canvas pixels, to see that the picture changes. */
function canvasDigest(page: Page, cameraId: string): Promise<string> {
  return page.evaluate((id) => {
    const canvas = document.querySelector<HTMLCanvasElement>(`[data-testid="camera-tile"][data-camera-id="${id}"] canvas`)!;
    // The tile's canvas is a 'bitmaprenderer': copy it onto a 2d canvas to read its pixels.
    const copy = document.createElement('canvas');
    copy.width = canvas.width;
    copy.height = canvas.height;
    const ctx = copy.getContext('2d')!;
    ctx.drawImage(canvas, 0, 0);
    const data = ctx.getImageData(0, 0, copy.width, copy.height).data;
    let h = 0;
    for (let i = 0; i < data.length; i += 97) h = (h * 31 + data[i]!) >>> 0;
    return `${canvas.width}x${canvas.height}:${h}`;
  }, cameraId);
}

describe.runIf(run)('Live Monitor in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let camera: TestCamera;

  beforeAll(async () => {
    await ensureDashboardBuilt({ info: () => {} });
    server = await startTestServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    camera?.stop();
    await browser?.close();
    await stopTestServer(server);
  });

  it('shows a camera live on a canvas, its frame count rising and its pixels changing, over websocket', async () => {
    camera = await startCamera(server.url, server.captureToken, 'front-door', { name: 'Front door', fps: 15 });
    const { page } = await openMonitor(browser, server.url);
    await waitFor(async () => (await page.textContent('[data-testid="connection-status"]')) === 'connected', 'connected');
    await waitFor(async () => (await page.textContent('[data-testid="connection-transport"]')) === 'websocket', 'the websocket upgrade shown');
    const tile = '[data-testid="camera-tile"][data-camera-id="front-door"]';
    await page.waitForSelector(tile, { timeout: 10_000 });
    await waitFor(async () => (await frameCount(page, 'front-door')) > 0, 'a first frame drawn');
    const firstCount = await frameCount(page, 'front-door');
    const firstPixels = await canvasDigest(page, 'front-door');
    await waitFor(async () => (await frameCount(page, 'front-door')) > firstCount + 10, 'the frame count rising');
    await waitFor(async () => (await canvasDigest(page, 'front-door')) !== firstPixels, 'the canvas pixels changing');
    expect(await page.textContent(`${tile} [data-testid="camera-status"]`)).toBe('live');
    expect(Number((await page.textContent(`${tile} [data-testid="fps"]`))!.replace(/[^\d.]/g, ''))).toBeGreaterThan(0);
    expect(await page.textContent(`${tile} [data-testid="latency"]`)).toMatch(/\d/);
    await page.close();
  });

  it('shows a camera that stops as offline, without a reload', async () => {
    const { page } = await openMonitor(browser, server.url);
    const status = '[data-testid="camera-tile"][data-camera-id="front-door"] [data-testid="camera-status"]';
    await waitFor(async () => (await page.textContent(status)) === 'live', 'live first');
    camera.stop();
    await waitFor(async () => (await page.textContent(status)) === 'offline', 'offline after the capture client left', 10_000);
    await page.close();
  });
});
