/**
 * Finding IP cameras from the Admin area, in Chromium (#29): the relay runs ONVIF discovery against the stand-in
 * (its probe address: multicast does not pass on every CI network), lists it with its profiles, and "Use this"
 * fills the add form with the small profile live and the large one recorded; saving adds the camera with its
 * password masked, and the page never shows the password in an address.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/auth/passwords.js';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { openMonitor } from '../helpers/monitor-page.js';
import { startOnvifDevice, type OnvifDevice } from '../helpers/onvif-device.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { openSettings } from '../helpers/admin-page.js';

const SHOTS = process.env.CAMRELAY_SHOTS;
const PASSWORD = 'Gate-pw-4410';
// A second admin: one discovery per admin every 5 s, and the first test's may be that recent.
const SECOND_ADMIN = { username: 'admin2', password: 'admin2-password-1' };

describe.runIf(browserAvailable())('Finding ONVIF cameras in the Admin area, in Chromium', () => {
  const browser = useBrowser();
  let server: TestServer;
  let device: OnvifDevice;

  beforeAll(async () => {
    server = await startTestServer();
    device = await startOnvifDevice({ manufacturer: 'Hikvision', model: 'DS-2DE2A404IW', ptz: true, streamUri: (t) => `rtsp://127.0.0.1:8554/${t}` });
    server.store.putUser({ username: SECOND_ADMIN.username, role: 'admin', cameras: '*', password: await hashPassword(SECOND_ADMIN.password) });
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await stopTestServer(server);
    await device?.close();
  });

  it('lists the camera the relay found, fills the form with Use this, and Save adds it', async () => {
    const monitor = await openMonitor(browser(), server.url);
    try {
      const page = monitor.page;
      await openSettings(page);
      await page.fill('[data-testid="onvif-user"]', 'admin');
      await page.fill('[data-testid="onvif-password"]', PASSWORD);
      await page.fill('[data-testid="onvif-probes"]', `127.0.0.1:${device.discoveryPort}`);
      await page.click('[data-testid="onvif-find"]');
      expect(await page.textContent('[data-testid="onvif-find"]')).toBe('Looking…');
      expect(await page.isDisabled('[data-testid="onvif-find"]')).toBe(true);
      await page.waitForSelector('[data-testid="onvif-camera"]', { timeout: 15_000 });
      expect(await page.textContent('[data-testid="onvif-title"]')).toBe('Hikvision DS-2DE2A404IW');
      expect(await page.locator('[data-testid="onvif-profile"]').allTextContents()).toEqual(['MainStream: H264 1280×720', 'SubStream: H264 640×360']);
      expect(await page.textContent('[data-testid="onvif-camera"]')).toContain('PTZ');
      expect(device.bodies('GetProfiles')[0]).toContain('<Username>admin</Username>');
      for (const [w, h] of [
        [1280, 800],
        [390, 844],
      ] as const) {
        await page.setViewportSize({ width: w, height: h });
        await page.locator('[data-testid="onvif-found"]').scrollIntoViewIfNeeded();
        if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `admin-onvif-found-${w}.png`) });
      }

      await page.click('[data-testid="onvif-use"]');
      expect(await page.inputValue('[data-testid="ipcam-url"]')).toBe('rtsp://127.0.0.1:8554/sub');
      expect(await page.inputValue('[data-testid="ipcam-record-url"]')).toBe('rtsp://127.0.0.1:8554/main');
      expect(await page.inputValue('[data-testid="ipcam-user"]')).toBe('admin');
      expect(await page.inputValue('[data-testid="ipcam-password"]')).toBe(PASSWORD);
      expect(await page.textContent('[data-testid="ipcam-filled"]')).toContain('PTZ');
      await page.fill('[data-testid="ipcam-id"]', 'gate');
      await page.click('[data-testid="ipcam-add"]');
      await page.waitForSelector('[data-testid="ipcam-list"] tr[data-camera-id="gate"]');
      const address = await page.textContent('[data-testid="ipcam-list"] tr[data-camera-id="gate"] [data-testid="ipcam-address"]');
      expect(address).toBe('rtsp://admin:***@127.0.0.1:8554/sub (records rtsp://admin:***@127.0.0.1:8554/main)');
      expect(await page.inputValue('[data-testid="ipcam-password"]')).toBe('');
      expect(await page.content()).not.toContain(PASSWORD);
    } finally {
      await monitor.close();
    }
  });

  it('says what to check when no camera answers', async () => {
    const monitor = await openMonitor(browser(), server.url, SECOND_ADMIN);
    try {
      const page = monitor.page;
      await openSettings(page);
      await page.click('[data-testid="onvif-find"]');
      await page.waitForSelector('[data-testid="onvif-nothing"]', { timeout: 15_000 });
      const text = await page.textContent('[data-testid="onvif-nothing"]');
      expect(text).toContain('same subnet');
      expect(text).toContain('Docker');
      expect(await page.textContent('[data-testid="onvif-find"]')).toBe('Find cameras on this network');
    } finally {
      await monitor.close();
    }
  });
});
