/**
 * The Admin's Object detection section against the relay's real route (#39), in Chromium: an admin
 * turns detection on for a camera whose motion lasts, saves, and the section shows what the relay's
 * detector really did. The model folder here is empty, so the detector fails as it would on a relay
 * whose model was never fetched: the section says why in the relay's words and that motion events
 * go on; each camera's last minute of looks is said under its state. (test/e2e/detection-dashboard.test.ts covers
 * the words of every state with a stubbed route.) CAMRELAY_SHOTS=<folder> saves detection-looks-*.png.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAMERA_DEFAULTS, RECORDING_DEFAULTS } from '../../server/recording/settings.js';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { sceneBackground, scenePerson, withPerson } from '../helpers/detect-scene.js';
import { openMonitor, type MonitorPage } from '../helpers/monitor-page.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';
import { openSettings, saveShots } from '../helpers/admin-page.js';

const fold = '[data-testid="det-list"] details[data-camera-id="porch"]';

describe.runIf(browserAvailable())('the Admin’s object detection against the relay (Chromium)', () => {
  const browser = useBrowser();
  let server: TestServer;
  let camera: TestCamera;
  let monitor: MonitorPage;
  let page: Page;
  let emptyModels: string;
  const before = process.env.CAMRELAY_DETECT_MODEL_DIR;

  beforeAll(async () => {
    // The relay reads the model folder when its detector starts: none is there.
    emptyModels = mkdtempSync(path.join(tmpdir(), 'camrelay-no-model-'));
    process.env.CAMRELAY_DETECT_MODEL_DIR = emptyModels;
    server = await startTestServer({ recording: { ...RECORDING_DEFAULTS, defaults: { ...CAMERA_DEFAULTS, mode: 'motion', format: 'jpeg' } } });
    // A person stepping in and out, over and over: motion lasts.
    const bg = await sceneBackground();
    const frames = [bg, bg, await withPerson(bg, await scenePerson(), 150), await withPerson(bg, await scenePerson(), 170)];
    camera = await startCamera(server.url, server.captureToken, 'porch', { fps: 4, frames, transport: 'socketio' });
    monitor = await openMonitor(browser(), server.url);
    page = monitor.page;
    await page.setViewportSize({ width: 1280, height: 800 });
    await waitFor(async () => (await monitor.cameraStatus('porch')) === 'live', 'the camera live');
  });

  afterAll(async () => {
    await monitor?.close();
    camera?.stop();
    await stopTestServer(server);
    if (before === undefined) delete process.env.CAMRELAY_DETECT_MODEL_DIR;
    else process.env.CAMRELAY_DETECT_MODEL_DIR = before;
    rmSync(emptyModels, { recursive: true, force: true });
  });

  it('turns detection on, and shows the relay’s missing model in its words, with motion events going on', async () => {
    await openSettings(page, 'detection');
    await page.waitForSelector(`${fold} [data-testid="det-state"]:not(:text-is("…"))`);
    expect(await page.textContent(`${fold} [data-testid="det-state"]`)).toBe('Off');
    await page.click(`${fold} summary`);
    await page.check(`${fold} [data-testid="det-enabled"]`);
    await page.click(`${fold} [data-testid="det-save"]`);
    await expect.poll(() => page.textContent(`${fold} [data-testid="det-message"]`)).toBe('Saved: the relay uses these settings now.');
    // The relay's detector starts on the camera's motion, finds no model, and says so.
    const failed = await waitFor(
      async () => {
        const lines = await page.$$eval(`${fold} [data-testid="det-status"] p`, (ps) => ps.map((p) => p.textContent ?? ''));
        return lines.some((l) => l.startsWith('Detector failed:')) ? lines : null;
      },
      'the detector’s failure in the Admin',
      30_000,
      250,
    );
    expect(failed).toContain("Detects on the relay's CPU.");
    const reason = failed.find((l) => l.startsWith('Detector failed:'))!;
    expect(reason).toContain('is missing: run npm run detect:model; motion-only events go on meanwhile.');
    expect(failed).toContain('Motion events go on meanwhile, without objects.');
    expect(await page.textContent(`${fold} [data-testid="det-state"]`)).toMatch(/^Following Person, Car · detector failed/);
    // What the relay holds is what the page shows.
    const answer = (await page.evaluate(async () => (await fetch('/api/cameras/porch/detection')).json())) as { settings: { enabled: boolean } };
    expect(answer.settings.enabled).toBe(true);
  });

  it('says the detecting camera’s looks of the last minute under its state, in the relay’s words', async () => {
    // The detector failed (no model): the relay's words say no look was done (turns that came while it was starting were skipped).
    const looks = await waitFor(
      async () => {
        const text = (await page.textContent(`${fold} [data-testid="det-looks"]`)) ?? '';
        return / looks a second over /.test(text) ? text : null;
      },
      'the camera’s looks in the summary',
      20_000,
      250,
    );
    expect(looks).toMatch(
      /^0 looks a second over the last (minute|\d+ seconds?), (none skipped|[\d.]+ a second skipped \(a look takes longer than the time between its looks\))\.$/,
    );
    expect(await page.isVisible(`${fold} [data-testid="det-looks"]`)).toBe(true);
    await page.setViewportSize({ width: 390, height: 844 });
    const wide = await page.$eval(`${fold} [data-testid="det-looks"]`, (e) => e.scrollWidth > e.clientWidth + 1);
    expect(wide).toBe(false);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.locator(fold).scrollIntoViewIfNeeded();
    await saveShots(page, 'detection-looks');
  });
});
