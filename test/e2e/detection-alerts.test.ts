/**
 * The detection form's "Alerts on the review page" against the relay's real route (#57 item 4), in
 * Chromium: the boxes show the camera's rule over its followed labels and its zones, a change saves
 * the rule the review page sorts by, and every other setting stays as it was.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DetectSettings } from '../../common/detect/detect-settings.js';
import { openSettings, shots } from '../helpers/admin-page.js';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { getDetection, setDetection } from '../helpers/detection-api.js';
import { postFrame } from '../helpers/fake-recordings.js';
import { openMonitor, type MonitorPage } from '../helpers/monitor-page.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { login } from '../security/helpers/session.js';

const fold = '[data-testid="det-list"] details[data-camera-id="porch"]';
const square = (name: string, x: number) => ({
  name,
  points: [
    { x, y: 0.2 },
    { x: x + 0.3, y: 0.2 },
    { x: x + 0.3, y: 0.8 },
  ],
});

describe.runIf(browserAvailable())('the detection form’s alerts (Chromium)', () => {
  const browser = useBrowser();
  let server: TestServer;
  let monitor: MonitorPage;
  let page: Page;
  let cookie: string;

  beforeAll(async () => {
    server = await startTestServer();
    expect(await postFrame(server, 'porch')).toBeLessThan(300);
    cookie = await login(server);
    const zones = [square('Driveway', 0.05), square('Porch', 0.5)];
    expect(await setDetection(server, cookie, 'porch', { rate: 3, labels: ['person', 'vehicle', 'dog'], zones })).toBe(200);
    monitor = await openMonitor(browser(), server.url);
    page = monitor.page;
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  afterAll(async () => {
    await monitor?.close();
    await stopTestServer(server);
  });

  const boxes = (testId: string) =>
    page.$$eval(`${fold} [data-testid="${testId}"]`, (inputs) => inputs.map((i) => [(i as HTMLInputElement).value, (i as HTMLInputElement).checked]));

  it('shows the rule over the followed labels and the zones, and saves a change of it keeping every other setting', async () => {
    await openSettings(page, 'detection');
    await page.click(`${fold} summary`);
    await page.waitForSelector(`${fold} [data-testid="det-alerts"]`, { state: 'visible' });
    // The default rule names car, which the camera follows as a vehicle: it is shown, not lost unseen.
    expect(await boxes('det-alert-label')).toEqual([
      ['person', true],
      ['vehicle', false],
      ['dog', false],
      ['car', true],
    ]);
    expect(await boxes('det-alert-zone')).toEqual([
      ['Driveway', false],
      ['Porch', false],
    ]);
    await shots(page, 'detection-alerts', 'det-alerts');
    await page.uncheck(`${fold} [data-testid="det-alert-label"][value="car"]`);
    await page.check(`${fold} [data-testid="det-alert-label"][value="vehicle"]`);
    await page.check(`${fold} [data-testid="det-alert-zone"][value="Driveway"]`);
    await page.click(`${fold} [data-testid="det-save"]`);
    await expect.poll(() => page.textContent(`${fold} [data-testid="det-message"]`)).toBe('Saved: the relay uses these settings now.');
    const saved: DetectSettings = (await getDetection(server, cookie, 'porch')).settings;
    expect(saved.alerts).toEqual({ labels: ['person', 'vehicle'], zones: ['Driveway'] });
    expect(saved).toMatchObject({ rate: 3, labels: ['person', 'vehicle', 'dog'], zones: [square('Driveway', 0.05), square('Porch', 0.5)] });
  });

  it('keeps a ticked zone ticked when it is renamed above, and drops it when it is removed', async () => {
    await page.fill(`${fold} [data-testid="zone-row"]:first-child [data-testid="zone-name"]`, 'Drive');
    expect(await boxes('det-alert-zone')).toEqual([
      ['Drive', true],
      ['Porch', false],
    ]);
    await page.click(`${fold} [data-testid="zone-row"]:first-child [data-testid="zone-remove"]`);
    expect(await boxes('det-alert-zone')).toEqual([['Porch', false]]);
    await page.click(`${fold} [data-testid="det-save"]`);
    await expect.poll(async () => (await getDetection(server, cookie, 'porch')).settings.alerts.zones).toEqual([]);
  });

  it('reads licence plates and recognises faces only once the owner ticks them (#58: off by default), and says so after a reload', async () => {
    const plates = `${fold} [data-testid="det-plates"]`;
    const faces = `${fold} [data-testid="det-faces"]`;
    expect(await page.isChecked(plates)).toBe(false);
    expect(await page.isChecked(faces)).toBe(false);
    expect((await getDetection(server, cookie, 'porch')).settings).toMatchObject({ plates: false, faces: false });
    expect(await page.textContent(`${fold} label:has([data-testid="det-faces"])`)).toContain('Recognise the faces of people it follows');
    await page.check(plates);
    await page.check(faces);
    await shots(page, 'detection-plates', 'det-plates');
    await page.click(`${fold} [data-testid="det-save"]`);
    await expect.poll(async () => (await getDetection(server, cookie, 'porch')).settings).toMatchObject({ plates: true, faces: true });
    // The address opens the section again once the page knows who is signed in: waited for, not raced with the menu.
    await page.reload();
    await page.waitForSelector('[data-testid="settings-detection"]', { state: 'visible' });
    await page.click(`${fold} summary`);
    expect(await page.isChecked(plates)).toBe(true);
    expect(await page.isChecked(faces)).toBe(true);
  });
});
