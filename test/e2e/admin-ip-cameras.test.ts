/**
 * Adding an IP camera in the Admin area, in Chromium (#29): the relay takes it in itself, its tile
 * goes live, the row shows its address with the password masked, and the page never holds the
 * password once the form is sent.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { openMonitor } from '../helpers/monitor-page.js';
import { rtspCameraAvailable, startRtspCamera, type RtspCamera } from '../helpers/rtsp-camera.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { openSettings, closeSettings } from '../helpers/admin-page.js';

const SHOTS = process.env.CAMRELAY_SHOTS;
const PASSWORD = 'Porch-pw-7731';

describe.runIf(browserAvailable() && rtspCameraAvailable())('IP cameras in the Admin area, in Chromium', () => {
  const browser = useBrowser();
  let server: TestServer;
  let camera: RtspCamera;

  beforeAll(async () => {
    server = await startTestServer();
    camera = await startRtspCamera({ user: 'admin', password: PASSWORD, fps: 10 });
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await stopTestServer(server);
    await camera?.stop();
  });

  it('adds an RTSP camera whose tile goes live, and shows its address masked', async () => {
    const monitor = await openMonitor(browser(), server.url);
    try {
      const page = monitor.page;
      await openSettings(page);
      await page.fill('[data-testid="ipcam-id"]', 'porch');
      await page.fill('[data-testid="ipcam-name"]', 'Porch');
      await page.selectOption('[data-testid="ipcam-kind"]', 'rtsp');
      await page.fill('[data-testid="ipcam-url"]', camera.url('sub'));
      await page.fill('[data-testid="ipcam-record-url"]', camera.url('main'));
      await page.click('[data-testid="ipcam-add"]');
      await page.waitForSelector('[data-testid="ipcam-list"] tr[data-camera-id="porch"]');
      expect(await page.textContent('[data-testid="ipcam-address"]')).toContain(`rtsp://admin:***@127.0.0.1:${camera.port}/sub`);
      expect(await page.inputValue('[data-testid="ipcam-url"]')).toBe('');
      // The tile on the grid (the settings page hides the grid, whose tiles are then sent nothing): live at the sub
      // stream's shape (16:9).
      await closeSettings(page);
      await page.waitForFunction(
        () => {
          const tile = document.querySelector('[data-camera-id="porch"] canvas') as HTMLCanvasElement | null;
          return tile !== null && tile.width > 0 && Math.abs(tile.width / tile.height - 16 / 9) < 0.05;
        },
        undefined,
        { timeout: 30_000 },
      );
      if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'admin-ip-cameras-tile-1280.png') });
      await openSettings(page);
      await page.waitForFunction(() => document.querySelector('[data-testid="ipcam-state"]')?.textContent?.startsWith('running'), undefined, {
        timeout: 10_000,
      });
      expect(await page.content()).not.toContain(PASSWORD);
      for (const [w, h] of [
        [1280, 800],
        [390, 844],
      ] as const) {
        await page.setViewportSize({ width: w, height: h });
        await page.locator('[data-testid="ipcam-list"]').scrollIntoViewIfNeeded();
        if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `admin-ip-cameras-${w}.png`) });
      }
    } finally {
      await monitor.close();
    }
  });

  it('says under the Address field why an address without a host is refused, and keeps no camera (#37)', async () => {
    const monitor = await openMonitor(browser(), server.url);
    try {
      const page = monitor.page;
      await openSettings(page);
      await page.fill('[data-testid="ipcam-id"]', 'gate');
      await page.selectOption('[data-testid="ipcam-kind"]', 'rtsp');
      await page.fill('[data-testid="ipcam-url"]', 'rtsp:/etc/passwd');
      await page.fill('[data-testid="ipcam-user"]', 'admin');
      await page.fill('[data-testid="ipcam-password"]', PASSWORD);
      await page.click('[data-testid="ipcam-add"]');
      const line = page.locator('[data-testid="ipcam-error-url"]');
      await line.waitFor({ state: 'visible' });
      expect(await line.textContent()).toContain('The address must start with rtsp:// or rtsps://');
      // Nothing lost on a failed save (#42): the address and password the save took out of the form are back as typed.
      expect(await page.inputValue('[data-testid="ipcam-url"]')).toBe('rtsp:/etc/passwd');
      expect(await page.inputValue('[data-testid="ipcam-password"]')).toBe(PASSWORD);
      // Under its own field, not on the page's general error line; the record field's line stays empty.
      expect(await page.locator('[data-testid="admin-error"]').isHidden()).toBe(true);
      expect(await page.locator('[data-testid="ipcam-error-recordUrl"]').isHidden()).toBe(true);
      expect(await page.locator('[data-testid="ipcam-list"] tr[data-camera-id="gate"]').count()).toBe(0);
      for (const [w, h] of [
        [1280, 800],
        [390, 844],
      ] as const) {
        await page.setViewportSize({ width: w, height: h });
        await line.scrollIntoViewIfNeeded();
        if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `admin-ip-camera-url-refused-${w}.png`) });
      }
    } finally {
      await monitor.close();
    }
  });
});
