/**
 * Settings → Known plates (#58) in Chromium against the relay's real route: an owner names a plate
 * from the page alone, a plate that is not one is refused there with the words the relay uses and
 * nothing is saved, a removal is saved, and the list is what the relay keeps after a reload.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KnownPlatesAnswer } from '../../shared/plates.js';
import { openSettings, shots } from '../helpers/admin-page.js';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { openMonitor, type MonitorPage } from '../helpers/monitor-page.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { login } from '../security/helpers/session.js';

describe.runIf(browserAvailable())('Settings → Known plates (Chromium)', () => {
  const browser = useBrowser();
  let server: TestServer;
  let monitor: MonitorPage;
  let page: Page;
  let cookie: string;

  beforeAll(async () => {
    server = await startTestServer();
    cookie = await login(server);
    monitor = await openMonitor(browser(), server.url);
    page = monitor.page;
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  afterAll(async () => {
    await monitor?.close();
    await stopTestServer(server);
  });

  const saved = async () => ((await (await fetch(`${server.url}/api/plates`, { headers: { cookie } })).json()) as KnownPlatesAnswer).plates;
  const row = (n: number) => `[data-testid="plate-list"] [data-testid="plate-row"]:nth-child(${n})`;

  it('names a plate from the page, refuses one that is not a plate with what to do, and keeps a removal', async () => {
    await openSettings(page, 'plates');
    expect(await page.isVisible('[data-testid="plates-empty"]')).toBe(true);
    await page.click('[data-testid="plate-add"]');
    await page.fill(`${row(1)} [data-testid="plate-text"]`, 'AB-123-C');
    await page.fill(`${row(1)} [data-testid="plate-name"]`, "Mum's car");
    await page.click('[data-testid="plate-add"]');
    await page.fill(`${row(2)} [data-testid="plate-text"]`, '?');
    await page.fill(`${row(2)} [data-testid="plate-name"]`, 'Van');
    await page.click('[data-testid="plates-save"]');
    await expect
      .poll(() => page.textContent('[data-testid="plates-message"]'))
      .toMatch(/^The known plates are not valid: plates\[1\]\.plate must be 2-12 letters and digits/);
    expect(await saved()).toEqual([]);
    await page.fill(`${row(2)} [data-testid="plate-text"]`, 'KX 58 PT');
    await page.click('[data-testid="plates-save"]');
    await expect.poll(() => page.textContent('[data-testid="plates-message"]')).toBe('Saved: 2 known plates.');
    expect(await saved()).toEqual([
      { plate: 'AB-123-C', name: "Mum's car" },
      { plate: 'KX 58 PT', name: 'Van' },
    ]);
    await shots(page, 'known-plates', 'plates-form');
    await page.click(`${row(2)} [data-testid="plate-remove"]`);
    await page.click('[data-testid="plates-save"]');
    await expect.poll(() => page.textContent('[data-testid="plates-message"]')).toBe('Saved: 1 known plate.');
    // The address opens the section again once the page knows who is signed in: waited for, not raced with the menu.
    await page.reload();
    await page.waitForSelector('[data-testid="settings-plates"]', { state: 'visible' });
    await page.waitForSelector(row(1));
    expect(await page.inputValue(`${row(1)} [data-testid="plate-name"]`)).toBe("Mum's car");
    expect(await page.locator('[data-testid="plate-row"]').count()).toBe(1);
  });
});
