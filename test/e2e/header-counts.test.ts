/**
 * The header's camera count and the Diagnostics statuses in Chromium with three live cameras: the
 * relay's word wherever the page is (grid, one camera alone, events page), never which tiles happen
 * to be on screen and drawing (issue #25: "1 live" in the single view, "0 live" on the events page).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STALL_AFTER_MS } from '../../dashboard/src/tiles/indicators.js';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { openMonitor, type MonitorPage } from '../helpers/monitor-page.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

const IDS = ['porch', 'yard', 'garage'];
const FPS = 5;

describe.runIf(browserAvailable())('the header and Diagnostics count what the relay says (Chromium)', () => {
  const browser = useBrowser();
  let server: TestServer;
  let monitor: MonitorPage;
  const cameras: TestCamera[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    for (const id of IDS) cameras.push(await startCamera(server.url, server.captureToken, id, { fps: FPS }));
    monitor = await openMonitor(browser(), server.url);
  });
  afterAll(async () => {
    await monitor?.close();
    cameras.forEach((c) => c.stop());
    await stopTestServer(server);
  });

  const text = (page: Page, id: string) => page.textContent(`[data-testid="${id}"]`);

  /**
   * Waits until every camera has sent the relay a second more than a tile's stall limit in frames:
   * long enough for a tile off screen to have turned stalled, had its silence counted.
   */
  async function pastStallLimit(): Promise<void> {
    const frames = Math.ceil(((STALL_AFTER_MS + 1000) * FPS) / 1000);
    const framesIn = () => new Map(server.relay.cameras.list().map((c) => [c.id, c.framesIn]));
    const start = framesIn();
    await waitFor(() => IDS.every((id) => (framesIn().get(id) ?? 0) - (start.get(id) ?? 0) >= frames), `${frames} more frames from every camera`);
  }

  async function diagnosticsStatuses(page: Page): Promise<Record<string, string | null>> {
    await page.click('[data-testid="diagnostics-toggle"]');
    await page.waitForSelector('[data-testid="diag-cameras"] tr[data-camera-id]');
    const statuses = await page.$$eval('[data-testid="diag-cameras"] tr[data-camera-id]', (rows) =>
      Object.fromEntries(rows.map((r) => [(r as HTMLElement).dataset.cameraId, r.querySelector('.diag-camera-status')?.textContent ?? null])),
    );
    await page.click('[data-testid="diag-close"]');
    return statuses;
  }

  const allLive = Object.fromEntries(IDS.map((id) => [id, 'live']));

  it('says "3 cameras · 3 live" on the grid, and Diagnostics lists every camera live', async () => {
    const { page } = monitor;
    await page.setViewportSize({ width: 1280, height: 800 });
    await waitFor(async () => (await text(page, 'camera-count')) === '3 cameras · 3 live', 'the grid header to count 3 live');
    await pastStallLimit();
    expect(await text(page, 'camera-count')).toBe('3 cameras · 3 live');
    expect(await diagnosticsStatuses(page)).toEqual(allLive);
  });

  it('says "3 cameras · 3 live" with one camera alone, and Diagnostics lists the others live too', async () => {
    const { page } = monitor;
    await page.evaluate(() => (location.hash = '#/camera/yard'));
    await page.waitForSelector('[data-testid="single-bar"]', { state: 'visible' });
    await pastStallLimit();
    expect(await text(page, 'camera-count')).toBe('3 cameras · 3 live');
    expect(await diagnosticsStatuses(page)).toEqual(allLive);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await text(page, 'camera-count-short')).toBe('3/3 live');
  });

  it('says "3 cameras · 3 live" on the events page, where no tile is on screen', async () => {
    const { page } = monitor;
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.evaluate(() => (location.hash = '#/events'));
    await page.waitForSelector('[data-testid="events-page"]', { state: 'visible' });
    await pastStallLimit();
    expect(await text(page, 'camera-count')).toBe('3 cameras · 3 live');
    expect(await diagnosticsStatuses(page)).toEqual(allLive);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await text(page, 'camera-count-short')).toBe('3/3 live');
  });
});
