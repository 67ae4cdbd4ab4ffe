/**
 * Streams out (#41 item 4) on the settings page, in Chromium against a real relay: an admin makes a camera's stream
 * token, sees it once inside the ready-to-copy URL, the relay lets a player in with that URL (a JPEG-only camera
 * answers 409 STREAM_NO_H264, past the token check), the token is listed by its label, and once revoked the same
 * URL is refused. On a relay with RTSP on and an H.264 camera, the rtsp:// URL shown beside them is the relay's RTSP
 * port at the host the page reached, and ffmpeg plays it as shown. CAMRELAY_SHOTS=<folder> saves
 * admin-streams-<width>.png (RTSP off) and streams-rtsp-<width>.png (RTSP on), at 1280 and 390.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RTSP_OFF_NOTE } from '../../dashboard/src/admin/streams-view.js';
import { SHOTS, openSettings } from '../helpers/admin-page.js';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { startH264Camera, type H264Camera } from '../helpers/h264-camera.js';
import { ffmpegRun } from '../helpers/h264.js';
import { openMonitor, type MonitorPage } from '../helpers/monitor-page.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

const block = '[data-testid="streams-camera"][data-camera-id="porch"]';

async function saveShots(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  for (const [width, height] of [
    [1280, 800],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

async function status(url: string): Promise<{ status: number; code: unknown }> {
  const res = await fetch(url);
  const body = (await res.json().catch(() => ({}))) as { error?: unknown };
  return { status: res.status, code: body.error };
}

describe.runIf(browserAvailable())('Streams out on the settings page, in Chromium', () => {
  const browser = useBrowser();
  let server: TestServer;
  let camera: TestCamera;
  let monitor: MonitorPage;

  beforeAll(async () => {
    server = await startTestServer();
    camera = await startCamera(server.url, server.captureToken, 'porch', { fps: 5 });
    monitor = await openMonitor(browser(), server.url);
  });
  afterAll(async () => {
    await monitor?.close();
    camera?.stop();
    await stopTestServer(server);
  });

  it("makes a camera's stream token, shows its URL once, and revokes it", async () => {
    const { page } = monitor;
    await openSettings(page, 'streams');
    await page.waitForSelector(`${block} [data-testid="stream-token-label"]`);
    page.on('dialog', (d) => void d.accept());
    await page.fill(`${block} [data-testid="stream-token-label"]`, 'frigate');
    await page.click(`${block} [data-testid="stream-token-create"]`);
    await page.waitForSelector('[data-testid="stream-url"]');
    const url = await page.inputValue('[data-testid="stream-url"]');
    expect(url).toMatch(new RegExp(`^${server.url}/api/cameras/porch/stream\\.mp4\\?token=[A-Za-z0-9_-]{20,}$`));
    // The relay takes the token: past it, this camera sends no H.264.
    expect(await status(url)).toEqual({ status: 409, code: 'STREAM_NO_H264' });
    // The same token in the camera's HLS playlist.
    const hls = await page.inputValue('[data-testid="stream-url-hls"]');
    expect(hls).toBe(url.replace('stream.mp4', 'stream.m3u8'));
    expect(await status(hls)).toEqual({ status: 409, code: 'STREAM_NO_H264' });
    // Test relays run without RTSP: the page says so where the rtsp:// URL would be.
    expect(await page.textContent('[data-testid="stream-rtsp-off"]')).toBe(RTSP_OFF_NOTE);
    expect(await page.locator('[data-testid="stream-url-rtsp"]').count()).toBe(0);
    await waitFor(async () => (await page.textContent(`${block} [data-testid="stream-token-list"] tbody`))?.includes('frigate'), 'the token listed');

    await page.click('[data-testid="stream-url-copy"]');
    await waitFor(async () => ((await page.textContent('[data-testid="stream-url-status"]')) ?? '').length > 0, 'the copy said');
    await saveShots(page, 'admin-streams');

    await page.click(`${block} [data-testid="stream-token-revoke"]`);
    await waitFor(async () => await page.isHidden(`${block} [data-testid="stream-token-list"]`), 'the token gone from the list');
    // Revoking the token on screen takes its URL away too.
    expect(await page.isHidden('[data-testid="stream-secret"]')).toBe(true);
    expect((await status(url)).status).toBeGreaterThanOrEqual(401);
    expect((await status(url)).code).not.toBe('STREAM_NO_H264');
  });

  it('forgets the new URL when the settings page is left', async () => {
    const { page } = monitor;
    await openSettings(page, 'streams');
    await page.click(`${block} [data-testid="stream-token-create"]`);
    await page.waitForSelector('[data-testid="stream-url"]');
    await page.click('[data-testid="settings-close"]');
    await page.waitForSelector('[data-testid="settings"]', { state: 'hidden' });
    expect(await page.locator('[data-testid="stream-url"]').count()).toBe(0);
  });
});

describe.runIf(browserAvailable())('Streams out on a relay with RTSP on, in Chromium', () => {
  const browser = useBrowser();
  let server: TestServer;
  let camera: H264Camera;
  let monitor: MonitorPage;

  beforeAll(async () => {
    server = await startTestServer({ rtspPort: 0 });
    camera = await startH264Camera(server.url, server.captureToken, 'porch', 15, 320, 180);
    monitor = await openMonitor(browser(), server.url);
  });
  afterAll(async () => {
    await monitor?.close();
    camera?.stop();
    await stopTestServer(server);
  });

  it('shows the rtsp:// URL beside MP4 and HLS, and ffmpeg plays it as shown', async () => {
    const { page } = monitor;
    await openSettings(page, 'streams');
    await page.waitForSelector(`${block} [data-testid="stream-token-label"]`);
    await page.fill(`${block} [data-testid="stream-token-label"]`, 'frigate');
    await page.click(`${block} [data-testid="stream-token-create"]`);
    await page.waitForSelector('[data-testid="stream-url-rtsp"]');
    const mp4 = await page.inputValue('[data-testid="stream-url"]');
    const secret = new URL(mp4).searchParams.get('token');
    const port = server.provided.need('streams').rtspPort;
    // The page's host (127.0.0.1, as the browser reached the relay) and the relay's RTSP port.
    const url = await page.inputValue('[data-testid="stream-url-rtsp"]');
    expect(url).toBe(`rtsp://127.0.0.1:${port}/porch?token=${secret}`);
    expect(await page.locator('[data-testid="stream-rtsp-off"]').count()).toBe(0);
    await saveShots(page, 'streams-rtsp');
    await page.click('[data-testid="stream-url-rtsp-copy"]');
    await waitFor(async () => ((await page.textContent('[data-testid="stream-url-status"]')) ?? '').length > 0, 'the copy said');

    const run = await ffmpegRun(['-hide_banner', '-rtsp_transport', 'tcp', '-i', url, '-frames:v', '1', '-f', 'null', '-']);
    expect(run.code, run.err).toBe(0);
    expect(run.err).toMatch(/Video: h264 .*320x180/);
  });
});
