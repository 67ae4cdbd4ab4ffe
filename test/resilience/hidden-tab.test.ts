import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDashboardBuilt } from '../../server/http/dashboard.js';
import { browserAvailable, launchBrowser } from '../helpers/browser.js';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { openMonitor, type MonitorPage } from '../helpers/monitor-page.js';
import { report } from '../helpers/report.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

/** Headless pages are always visible; this makes the page believe it was hidden or shown, as a tab switch does. */
function setHidden(monitor: MonitorPage, hidden: boolean): Promise<void> {
  return monitor.page.evaluate((h) => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (h ? 'hidden' : 'visible') });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
}

describe.runIf(browserAvailable())('resilience: a hidden tab', () => {
  let browser: Browser;
  let server: TestServer;
  let camera: TestCamera;
  let monitor: MonitorPage;

  beforeAll(async () => {
    await ensureDashboardBuilt({ info: () => {} });
    browser = await launchBrowser();
    server = await startTestServer();
  });
  afterAll(async () => {
    camera?.stop();
    await monitor?.close();
    await browser?.close();
    await stopTestServer(server);
  });

  it('row 8: stops decoding, tells the server (which stops sending), and resumes at the newest frame without a stale burst', async () => {
    const fps = 20;
    camera = await startCamera(server.url, server.captureToken, 'nursery', { fps });
    monitor = await openMonitor(browser, server.url);
    await waitFor(async () => (await monitor.frameCount('nursery')) > 5, 'frames while visible');
    await setHidden(monitor, true);
    await waitFor(() => server.relay.viewerLoad()[0]?.paused, 'the server to pause this viewer');
    await monitor.clearDraws();
    const produced = camera.client.stats.produced;
    await waitFor(() => camera.client.stats.produced > produced + 2 * fps, 'two seconds of frames while hidden', 10_000);
    expect((await monitor.draws()).length).toBe(0);

    const newestAtShow = camera.client.stats.produced - 1;
    const shownAt = Date.now();
    await setHidden(monitor, false);
    await waitFor(async () => (await monitor.draws()).length > 0, 'a frame drawn after showing the tab');
    const firstDrawMs = Date.now() - shownAt;
    expect(server.relay.viewerLoad()[0]?.paused).toBe(false);
    const draws = await monitor.draws();
    expect(draws[0]!.seq).toBeGreaterThanOrEqual(newestAtShow);
    await waitFor(() => Date.now() - shownAt > 1000, 'one second visible', 5000, 100);
    // At the camera's rate, not a burst of what was missed (20 fps × 1 s, with room for timing).
    const burst = (await monitor.draws()).filter((d) => d.at - shownAt <= 1000).length;
    expect(burst).toBeLessThanOrEqual(fps + 5);
    report('row 8 (hidden tab)', { 'first frame after showing': firstDrawMs, 'frames drawn in the first second': String(burst) });
  });
});
