/**
 * The events page says where each event's off-site copy is (Chromium, a real relay, real rclone, a
 * real WebDAV server): one event copied while the server is up, one failed while it is down, with
 * rclone's reason and the time of the next try. Motion comes from the relay's own signal hook on a
 * camera recorded for real, so the events' times are exact; test/server/offsite/offsite.test.ts has
 * the detector make them. With OFFSITE_SHOTS set, the cards are saved there (desktop and phone).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { openMonitor, type MonitorPage } from '../helpers/monitor-page.js';
import { startOffsiteScene, type OffsiteScene } from '../helpers/offsite-scene.js';
import { patient } from '../helpers/wait.js';
import { webdavAvailable, type WebdavServer } from '../helpers/webdav.js';

const card = (start: number) => `[data-testid="event-card"][data-start="${start}"]`;

describe.runIf(browserAvailable() && webdavAvailable())("the events page shows each event's off-site copy (Chromium, rclone, WebDAV)", () => {
  const browser = useBrowser();
  let scene: OffsiteScene;
  let dav: WebdavServer;
  let monitor: MonitorPage;
  let starts: [number, number];

  beforeAll(async () => {
    scene = await startOffsiteScene();
    ({ dav, starts } = scene);
    monitor = await openMonitor(browser(), scene.server.url);
  });

  afterAll(async () => {
    await monitor?.close();
    await scene?.close();
  });

  it('says "Copied off-site" on the copied event and why the other failed, with the time of the next try', async () => {
    const { page } = monitor;
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.click('[data-testid="events-toggle"]');
    await page.waitForSelector(`${card(starts[1]!)} [data-testid="event-offsite"]`);
    expect(await page.textContent(`${card(starts[0]!)} [data-testid="event-offsite"]`)).toBe('Copied off-site');
    // Polled: a failed copy is tried again, and while it is the card truly says "Copying off-site…"
    // (on a loaded box the first retry can come before the page opens).
    const offsite = `${card(starts[1]!)} [data-testid="event-offsite"]`;
    await expect
      .poll(() => page.textContent(offsite), { timeout: patient(30_000) })
      .toMatch(/^Off-site copy failed \(retrying at \d\d:\d\d\): .*connection refused$/);
    const failed = await page.textContent(offsite);
    expect(await page.getAttribute(card(starts[1]!), 'aria-label')).toContain(', Off-site copy failed (retrying at ');
    // Red for the failure, green for the copy: the two lines do not look alike.
    const colors = await page.$$eval('[data-testid="event-offsite"]', (els) => els.map((e) => getComputedStyle(e).color));
    expect(new Set(colors).size).toBe(2);
    const shots = process.env.OFFSITE_SHOTS;
    if (shots) mkdirSync(shots, { recursive: true });
    const desktop = await page.screenshot({ path: shots ? path.join(shots, 'events-offsite-desktop.png') : undefined });
    expect(desktop.length).toBeGreaterThan(0);
    await page.setViewportSize({ width: 390, height: 844 });
    // On a phone a long reason is cut to four lines; the whole of it is in the title.
    const box = await page.locator(`${card(starts[1]!)} [data-testid="event-offsite"]`).boundingBox();
    expect(box!.height).toBeLessThanOrEqual(4 * 12 * 1.6);
    expect(await page.getAttribute(`${card(starts[1]!)} [data-testid="event-offsite"]`, 'title')).toBe(failed);
    await page.screenshot({ path: shots ? path.join(shots, 'events-offsite-phone.png') : undefined });
  });

  it('turns the failed card to "Copied off-site" in place once the server is back, without reloading the page', async () => {
    const { page } = monitor;
    const line = `${card(starts[1]!)} [data-testid="event-offsite"]`;
    await page.$eval(card(starts[1]!), (c) => ((c as HTMLElement & { kept?: boolean }).kept = true));
    await dav.start();
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent === 'Copied off-site', line, { timeout: 90_000 });
    // The same card (its picture not loaded again), its label saying it too.
    expect(await page.$eval(card(starts[1]!), (c) => (c as HTMLElement & { kept?: boolean }).kept)).toBe(true);
    expect(await page.getAttribute(card(starts[1]!), 'aria-label')).toContain(', Copied off-site: ');
  });
});
