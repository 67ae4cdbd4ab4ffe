import { hostname } from 'node:os';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDashboardBuilt } from '../../server/http/dashboard.js';
import { browserAvailable, CHROMIUM_FLAGS, chromiumPath, launchBrowser } from '../helpers/browser.js';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

describe.runIf(browserAvailable())('signing in to the Live Monitor in Chromium', () => {
  let browser: Browser;
  let server: TestServer;
  let camera: TestCamera;

  beforeAll(async () => {
    await ensureDashboardBuilt({ info: () => {} });
    browser = await launchBrowser();
    server = await startTestServer();
    camera = await startCamera(server.url, server.captureToken, 'porch');
  });
  afterAll(async () => {
    camera?.stop();
    await browser?.close();
    await stopTestServer(server);
  });

  it("shows its own login form on a plain-http LAN address too, where the browser sends no Sec-Fetch headers, never the browser's password box", async () => {
    // The machine's own name (an address the relay answers to), mapped to loopback: not a secure context, as a LAN IP is not.
    const lanName = hostname().toLowerCase();
    const lan = await chromium.launch({
      executablePath: chromiumPath()!,
      args: [...CHROMIUM_FLAGS, `--host-resolver-rules=MAP ${lanName} 127.0.0.1`],
      headless: true,
    });
    try {
      const page = await lan.newPage();
      const challenges: string[] = [];
      page.on('response', (r) => void (r.headers()['www-authenticate'] && challenges.push(r.url())));
      await page.goto(`http://${lanName}:${server.port}/`);
      expect(await page.evaluate(() => window.isSecureContext)).toBe(false);
      await page.waitForSelector('[data-testid="login-form"]:visible', { timeout: 15_000 });
      await page.fill('[data-testid="login-username"]', TEST_ADMIN.username);
      await page.fill('[data-testid="login-password"]', TEST_ADMIN.password);
      await page.click('[data-testid="login-submit"]');
      await page.waitForSelector('[data-testid="camera-tile"][data-camera-id="porch"]', { timeout: 15_000 });
      expect(challenges).toEqual([]);
    } finally {
      await lan.close();
    }
  });

  it('shows the login form to a stranger, refuses a wrong password, and shows the cameras after signing in', async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.waitForSelector('[data-testid="login-form"]:visible', { timeout: 10_000 });
    expect(await page.$('[data-testid="camera-tile"]')).toBeNull();

    await page.fill('[data-testid="login-username"]', 'admin');
    await page.fill('[data-testid="login-password"]', 'not-the-password');
    await page.click('[data-testid="login-submit"]');
    await waitFor(async () => ((await page.textContent('[data-testid="login-error"]')) ?? '').includes('Wrong'), 'the wrong-password message');

    await page.fill('[data-testid="login-username"]', TEST_ADMIN.username);
    await page.fill('[data-testid="login-password"]', TEST_ADMIN.password);
    await page.click('[data-testid="login-submit"]');
    const count = '[data-testid="camera-tile"][data-camera-id="porch"] [data-testid="frame-count"]';
    await waitFor(async () => Number(await page.textContent(count).catch(() => '0')) > 3, 'frames after signing in', 15_000);
    expect(await page.textContent('[data-testid="current-user"]')).toBe('admin');

    await page.click('[data-testid="logout"]');
    await page.waitForSelector('[data-testid="login-form"]:visible', { timeout: 10_000 });
    await page.close();
  });
});
