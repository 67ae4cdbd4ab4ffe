/** The PTZ pad in the single view (#29), in Chromium, against a real relay and a capture-side stand-in. */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/auth/passwords.js';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { makeJpeg } from '../helpers/jpeg.js';
import { openMonitor, type MonitorPage } from '../helpers/monitor-page.js';
import { startPtzCamera, type PtzCamera } from '../helpers/ptz-camera.js';
import { startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

const VIEWER = { username: 'ptz-viewer', password: 'ptz-viewer-password' };
const pad = '[data-testid="ptz-pad"]';

describe.runIf(browserAvailable())('PTZ pad in Chromium', () => {
  const browser = useBrowser();
  let server: TestServer;
  let dome: PtzCamera;
  let plain: TestCamera;
  let admin: MonitorPage;

  beforeAll(async () => {
    server = await startTestServer();
    server.store.putUser({ username: VIEWER.username, role: 'viewer', cameras: '*', password: await hashPassword(VIEWER.password) });
    dome = await startPtzCamera(server.url, server.captureToken, 'dome', undefined, await makeJpeg(640, 360, 3));
    plain = await startCamera(server.url, server.captureToken, 'plain', { fps: 5 });
    admin = await openMonitor(browser(), server.url);
  });
  afterAll(async () => {
    await admin?.close();
    dome?.close();
    plain?.stop();
    await stopTestServer(server);
  });
  beforeEach(() => {
    dome.commands.length = 0;
    dome.answer = { ok: true };
  });

  async function openCamera(page: Page, id: string): Promise<void> {
    await page.evaluate((hash) => (location.hash = hash), `#/camera/${id}`);
    await page.waitForSelector(`[data-testid="camera-tile"][data-camera-id="${id}"][data-selected]`, { timeout: 10_000 });
  }

  it('shows the pad to an admin on a camera that can move, and not on one that cannot', async () => {
    await openCamera(admin.page, 'dome');
    await admin.page.waitForSelector(pad, { state: 'visible', timeout: 10_000 });
    expect(await admin.page.locator('[data-testid="ptz-presets"] option').allTextContents()).toEqual(['Presets…', 'Gate']);
    await openCamera(admin.page, 'plain');
    await admin.page.waitForSelector(pad, { state: 'hidden' });
  });

  it('moves right while the right arrow is pressed and stops when it is let go', async () => {
    await openCamera(admin.page, 'dome');
    await admin.page.hover('[data-testid="ptz-right"]');
    await admin.page.mouse.down();
    await waitFor(() => dome.commands.length === 1, 'the move');
    expect(dome.commands[0]).toMatchObject({ op: 'move', tilt: 0, zoom: 0 });
    expect(dome.commands[0]!.op === 'move' && dome.commands[0]!.pan).toBeGreaterThan(0);
    await admin.page.mouse.up();
    await waitFor(() => dome.commands.length === 2, 'the stop');
    expect(dome.commands[1]).toEqual({ op: 'stop' });
  });

  it('tilts up while Shift+ArrowUp is held and stops on its keyup, staying on the camera', async () => {
    await openCamera(admin.page, 'dome');
    await admin.page.keyboard.down('Shift');
    await admin.page.keyboard.down('ArrowUp');
    await waitFor(() => dome.commands.length === 1, 'the move');
    expect(dome.commands[0]).toMatchObject({ op: 'move', pan: 0, zoom: 0 });
    expect(dome.commands[0]!.op === 'move' && dome.commands[0]!.tilt).toBeGreaterThan(0);
    await admin.page.keyboard.up('ArrowUp');
    await waitFor(() => dome.commands.length === 2, 'the stop');
    expect(dome.commands[1]).toEqual({ op: 'stop' });
    // Shift+→ pans; it is not "next camera".
    await admin.page.keyboard.down('ArrowRight');
    await waitFor(() => dome.commands.length === 3, 'the pan');
    await admin.page.keyboard.up('ArrowRight');
    await admin.page.keyboard.up('Shift');
    await waitFor(() => dome.commands.length === 4, 'the stop');
    expect(await admin.page.evaluate(() => location.hash)).toBe('#/camera/dome');
  });

  it('stops a held move when the window loses focus', async () => {
    await openCamera(admin.page, 'dome');
    await admin.page.hover('[data-testid="ptz-down"]');
    await admin.page.mouse.down();
    await waitFor(() => dome.commands.length === 1, 'the move');
    await admin.page.evaluate(() => window.dispatchEvent(new Event('blur')));
    await waitFor(() => dome.commands.length === 2, 'the stop');
    expect(dome.commands[1]).toEqual({ op: 'stop' });
    // The button let go afterwards sends nothing more: the camera is already still.
    await admin.page.mouse.up();
    await admin.page.hover('[data-testid="ptz-zoom-in"]');
    await admin.page.mouse.down();
    await admin.page.mouse.up();
    await waitFor(() => dome.commands.length === 4, 'the next press');
    expect(dome.commands.slice(2).map((c) => c.op)).toEqual(['move', 'stop']);
  });

  it('sends the camera to the preset chosen from its menu', async () => {
    await openCamera(admin.page, 'dome');
    await admin.page.selectOption('[data-testid="ptz-presets"]', 'p1');
    await waitFor(() => dome.commands.length === 1, 'the preset');
    expect(dome.commands[0]).toEqual({ op: 'preset', preset: 'p1' });
  });

  it('moves and stops on a phone by touch', async () => {
    const context = await browser().newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    try {
      const page = await context.newPage();
      await page.request.post(`${server.url}/api/login`, { data: TEST_ADMIN, headers: { origin: server.url } });
      await page.goto(`${server.url}/#/camera/dome`);
      await page.waitForSelector(pad, { state: 'visible', timeout: 10_000 });
      await page.tap('[data-testid="ptz-left"]');
      await waitFor(() => dome.commands.length === 2, 'the move and the stop');
      expect(dome.commands[0]).toMatchObject({ op: 'move', tilt: 0, zoom: 0 });
      expect(dome.commands[0]!.op === 'move' && dome.commands[0]!.pan).toBeLessThan(0);
      expect(dome.commands[1]).toEqual({ op: 'stop' });
    } finally {
      await context.close();
    }
  });

  it('shows the words of a command the camera refused on the view', async () => {
    await openCamera(admin.page, 'dome');
    dome.answer = { ok: false, error: 'PTZ_FAILED', message: 'The camera says: no PTZ node on this profile.' };
    await admin.page.hover('[data-testid="ptz-zoom-in"]');
    await admin.page.mouse.down();
    await admin.page.mouse.up();
    await admin.page.waitForSelector('[data-testid="ptz-message"]:has-text("no PTZ node on this profile")', { timeout: 10_000 });
  });

  it('shows a viewer no pad', async () => {
    const viewer = await openMonitor(browser(), server.url, VIEWER);
    try {
      await openCamera(viewer.page, 'dome');
      // The list with ptz has come: the tile is selected only once the camera is known.
      await waitFor(() => viewer.page.evaluate(() => document.body.dataset.view === 'single'), 'the single view');
      expect(await viewer.page.locator(pad).isVisible()).toBe(false);
    } finally {
      await viewer.close();
    }
  });
});
