/**
 * Streams out (#41 item 4) on the settings page, in Chromium against a real relay: an admin makes a camera's stream
 * token, sees it once inside the ready-to-copy URL, the relay lets a player in with that URL (a JPEG-only camera
 * answers 409 STREAM_NO_H264, past the token check), the token is listed by its label, and once revoked the same
 * URL is refused. On a relay with RTSP on and an H.264 camera, the rtsp:// URL shown beside them is the relay's RTSP
 * port at the host the page reached, and ffmpeg plays it as shown. A page opened at localhost on the relay's machine
 * hands out the relay's LAN address instead, with a choice when it has several (#55 item 13). CAMRELAY_SHOTS=<folder>
 * saves admin-streams-<width>.png (RTSP off), streams-rtsp-<width>.png (RTSP on), streams-lan-<width>.png and ha-lan-<width>.png, at 1280 and 390.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lanAddresses } from '../../server/http/lan.js';
import { RTSP_OFF_NOTE } from '../../dashboard/src/admin/streams-view.js';
import { openSettings, saveShots } from '../helpers/admin-page.js';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { startH264Camera, type H264Camera } from '../helpers/h264-camera.js';
import { ffmpegRun } from '../helpers/h264.js';
import { openMonitor, type MonitorPage } from '../helpers/monitor-page.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

const block = '[data-testid="streams-camera"][data-camera-id="porch"]';

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

describe.runIf(browserAvailable())('Stream URLs from a page opened at localhost, in Chromium (#55 item 13)', () => {
  const browser = useBrowser();
  let server: TestServer;
  let camera: TestCamera;
  let monitor: MonitorPage;
  let port: number;
  // The machine's own LAN address, as the relay finds it; a machine with none keeps localhost (the relay cannot do better).
  const lan = lanAddresses()[0];

  beforeAll(async () => {
    // Listening on every address, as a relay people reach from other machines does.
    server = await startTestServer({ host: '0.0.0.0' });
    port = Number(new URL(server.url).port);
    camera = await startCamera(server.url, server.captureToken, 'porch', { fps: 5 });
    monitor = await openMonitor(browser(), `http://localhost:${port}`);
  });
  afterAll(async () => {
    await monitor?.close();
    camera?.stop();
    await stopTestServer(server);
  });

  it("hands out the relay's LAN address, says why, and a player there is let in", async () => {
    const { page } = monitor;
    await openSettings(page, 'streams');
    await page.waitForSelector(`${block} [data-testid="stream-token-label"]`);
    await page.click(`${block} [data-testid="stream-token-create"]`);
    await page.waitForSelector('[data-testid="stream-url"]');
    const url = await page.inputValue('[data-testid="stream-url"]');
    const host = lan ? `${lan}:${port}` : `localhost:${port}`;
    expect(url).toMatch(new RegExp(`^http://${host.replaceAll('.', '\\.')}/api/cameras/porch/stream\\.mp4\\?token=`));
    if (lan) {
      expect(await page.textContent('[data-testid="stream-address-note"]')).toContain(`These URLs use ${host}, this relay’s address on your network`);
      // Another machine's player, at that address: past the token, this camera sends no H.264.
      expect(await status(url)).toEqual({ status: 409, code: 'STREAM_NO_H264' });
    } else expect(await page.isHidden('[data-testid="stream-address"]')).toBe(true);
    await page.click('[data-testid="stream-secret-done"]');
  });

  it('offers a choice when the relay has several addresses, and the URLs follow it, on Streams out and Home Assistant', async () => {
    const { page } = monitor;
    // A relay with two networks (a second card, a VPN): this machine has one, so its answer is given as such a relay's.
    const two = [`http://${lan ?? '192.0.2.10'}:${port}`, `http://10.8.0.1:${port}`];
    await page.route('**/api/capture-server', (route) => void route.fulfill({ json: { url: two[0], urls: two } }));
    await page.reload();
    await openSettings(page, 'streams');
    await page.waitForSelector('[data-testid="stream-address-select"]');
    await page.click(`${block} [data-testid="stream-token-create"]`);
    await page.waitForSelector('[data-testid="stream-url"]');
    expect(await page.inputValue('[data-testid="stream-url"]')).toContain(`${two[0]}/api/cameras/porch/stream.mp4?token=`);
    await page.selectOption('[data-testid="stream-address-select"]', two[1]!);
    await waitFor(async () => (await page.inputValue('[data-testid="stream-url"]')).startsWith(`${two[1]}/api/`), 'the URL at the address picked');
    await saveShots(page, 'streams-lan');
    await page.click('[data-testid="stream-secret-done"]');
    await openSettings(page, 'home-assistant');
    await page.waitForSelector('[data-testid="ha-still-url"]');
    // One choice for the page: the address picked under Streams out holds here.
    expect(await page.inputValue('[data-testid="ha-still-url"]')).toContain(`${two[1]}/`);
    expect(await page.inputValue('[data-testid="ha-address-select"]')).toBe(two[1]);
    await page.selectOption('[data-testid="ha-address-select"]', two[0]!);
    await waitFor(async () => (await page.inputValue('[data-testid="ha-still-url"]')).startsWith(`${two[0]}/`), 'the still image URL at the address picked');
    await saveShots(page, 'ha-lan');
    await page.unroute('**/api/capture-server');
  });
});
