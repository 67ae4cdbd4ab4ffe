/**
 * The settings page's Off-site section (#42) in Chromium, signed in as the admin. Off: it says so and gives the config
 * docs/offsite.md prints. On, against a real relay, real rclone and a real WebDAV server: the remote and what is set,
 * one event "Copied off-site" while the server is up and one failed while it is down, with rclone's reason, the queue
 * and the cost; never rclone.conf's password; nothing cut off at 1280×800 or 390×844. CAMRELAY_SHOTS=<folder> saves
 * offsite-section-<width>.png and offsite-section-off-<width>.png there.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OFFSITE_SNIPPET } from '../../dashboard/src/admin/offsite-data.js';
import { SHOTS, textBecomes } from '../helpers/admin-page.js';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { openMonitor, type MonitorPage } from '../helpers/monitor-page.js';
import { startOffsiteScene, type OffsiteScene } from '../helpers/offsite-scene.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { cutOff } from '../helpers/settings-cut-off.js';
import { webdavAvailable } from '../helpers/webdav.js';

/** Nothing cut off at both sizes, and the pictures when asked. */
async function measured(page: Page, name: string): Promise<void> {
  for (const [width, height] of [
    [1280, 800],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    expect(await cutOff(page)).toEqual([]);
    if (SHOTS) {
      await page.evaluate(() => scrollTo(0, 0));
      await page.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`) });
      await page.screenshot({ path: path.join(SHOTS, `${name}-${width}-full.png`), fullPage: true });
    }
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

describe.runIf(browserAvailable())('the Off-site section (#42) in Chromium, off', () => {
  const browser = useBrowser();
  let server: TestServer;
  let monitor: MonitorPage;
  beforeAll(async () => {
    server = await startTestServer();
    monitor = await openMonitor(browser(), server.url);
  });
  afterAll(async () => {
    await monitor?.close();
    await stopTestServer(server);
  });

  it('says it is off and how to turn it on, with the config docs/offsite.md prints', async () => {
    const { page } = monitor;
    await page.goto(`${server.url}/#/settings/offsite`);
    expect(await textBecomes(page, 'offsite-state', /^Off/)).toBe('Off: events’ snapshots and clips stay on this relay’s disk only.');
    expect(await page.textContent('[data-testid="offsite-snippet"]')).toBe(OFFSITE_SNIPPET);
    await measured(page, 'offsite-section-off');
  });
});

describe.runIf(browserAvailable() && webdavAvailable())('the Off-site section (#42) in Chromium, rclone to WebDAV', () => {
  const browser = useBrowser();
  let scene: OffsiteScene;
  let monitor: MonitorPage;

  beforeAll(async () => {
    scene = await startOffsiteScene(500);
    monitor = await openMonitor(browser(), scene.server.url);
  });

  afterAll(async () => {
    await monitor?.close();
    await scene?.close();
  });

  it('says what is set, the copied event and why the other failed, the queue and the cost, and never the remote’s password', async () => {
    const { page } = monitor;
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${scene.server.url}/#/settings/offsite`);
    expect(await textBecomes(page, 'offsite-state', /^On/)).toBe('On: set in the config file (offsite); restart the relay to change it.');
    expect(await page.textContent('[data-testid="offsite-remote"]')).toBe(
      `Remote: evidence:camrelay (rclone.conf: ${scene.conf}; its passwords stay in that file)`,
    );
    expect(await page.textContent('[data-testid="offsite-what"]')).toBe('Copied: each motion event’s snapshot and clip, from every camera');
    expect(await page.textContent('[data-testid="offsite-cap"]')).toMatch(/^Daily cap: 500 MB \(\d+(\.\d)? (MB|kB) sent today, UTC\)$/);
    expect(await page.textContent('[data-testid="offsite-cost"]')).toMatch(
      /^Since the relay started: 1 event copied, \d+(\.\d)? (MB|kB) uploaded, about .* (MB|kB) an event; \d+ tr(y|ies) failed\. /,
    );
    const lines = await page.$$eval('[data-testid="offsite-copy"]', (els) => els.map((e) => e.textContent));
    expect(lines).toHaveLength(2);
    // The newest first: the failed one (or, on a busy box, its retry under way), with rclone's reason.
    expect(lines[0]).toMatch(/^door · event of .* \d\d:\d\d(Off-site copy failed \(retrying at \d\d:\d\d\): .*connection refused|Copying off-site…)$/);
    expect(lines[1]).toMatch(/^door · event of .* \d\d:\d\dCopied off-site$/);
    expect(await page.textContent('[data-testid="offsite-queue"]')).toMatch(/^Queue: 1 (failed, to be tried again|copying) \(at most 500 wait\)\.$/);
    expect(await page.content()).not.toContain(scene.dav.password);
    await measured(page, 'offsite-section');
  });
});
