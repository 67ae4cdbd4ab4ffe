/**
 * System (#42 item 3) on the settings page, in Chromium against a real relay: an admin opens `#/settings/system` and
 * reads the version, the camera sending and the viewer watching, the disk with "at today's rate, N days fit" from
 * the recordings of the last day, and a refused capture client's warning with its code (BAD_TOKEN); nothing is cut
 * off at 1280×800 or 390×844; Download diagnostics saves a JSON bundle without the capture token in it; what the
 * object detector can carry, and the warning when three cameras ask for more (#57 item 6).
 * CAMRELAY_SHOTS=<folder> saves system-1280.png and system-390.png, and system-capacity-*.png with the warning.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORDING_DEFAULTS } from '../../server/recording/settings.js';
import { SHOTS, openSettings, saveShots, textBecomes } from '../helpers/admin-page.js';
import { setDetection } from '../helpers/detection-api.js';
import { login } from '../security/helpers/session.js';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { writeSegment } from '../helpers/fake-recordings.js';
import { openMonitor, type MonitorPage } from '../helpers/monitor-page.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';

const SIZES = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
] as const;

/** Text elements of the System section wider than their box. */
function cutOff(page: MonitorPage['page']): Promise<string[]> {
  return page.evaluate(() => {
    const bad: string[] = [];
    for (const e of document.querySelectorAll<HTMLElement>('[data-testid="settings-system"] *')) {
      if (!e.checkVisibility()) continue;
      const text = [...e.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '');
      if (text && e.scrollWidth > e.clientWidth + 1) bad.push(`${e.className} "${e.textContent!.slice(0, 50)}" ${e.scrollWidth} > ${e.clientWidth}`);
    }
    if (document.documentElement.scrollWidth > innerWidth) bad.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} > ${innerWidth}`);
    return bad;
  });
}

describe.runIf(browserAvailable())('System on the settings page, in Chromium', () => {
  const browser = useBrowser();
  let server: TestServer;
  let camera: TestCamera;
  let monitor: MonitorPage;

  beforeAll(async () => {
    server = await startTestServer({ recording: { ...RECORDING_DEFAULTS, cameras: { porch: { mode: 'motion', retentionDays: 14 } } } });
    // A day of porch's recordings, one 60 s segment of 2 MB an hour: about 48 MB a day.
    const now = Date.now();
    for (let h = 23; h >= 1; h--) await writeSegment(server, 'porch', now - h * 3_600_000, 2_000_000);
    await server.recording.retention.sweep();
    camera = await startCamera(server.url, server.captureToken, 'porch', { fps: 5 });
    // A capture client with a wrong token: the relay refuses it and warns.
    const intruder = io(`${server.url}/capture`, {
      auth: { token: 'not-the-token', cameraId: 'gate' },
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
    });
    await new Promise<void>((resolve) => intruder.once('connect_error', () => resolve()).once('disconnect', () => resolve()));
    intruder.close();
    monitor = await openMonitor(browser(), server.url);
  });
  afterAll(async () => {
    await monitor?.close();
    camera?.stop();
    await stopTestServer(server);
  });

  it('shows the relay’s health in words, and its recent warning with its code', async () => {
    const { page } = monitor;
    await openSettings(page, 'system');
    expect(await textBecomes(page, 'system-version', /^camrelay \d+\.\d+\.\d+ · Node \d+/)).toMatch(/camrelay/);
    await textBecomes(page, 'system-clients', /^1 capture client sending, 1 viewer watching$/);
    await textBecomes(page, 'system-cpu', /% of one core/);
    const disk = await textBecomes(page, 'system-disk', /days fit/);
    expect(disk).toMatch(/^Disk: 4[0-9] MB used by recordings, [\d.]+ [GMT]B free — at today's rate \(4[0-9] MB a day\), \d+ days fit$/);
    expect(await page.textContent('[data-testid="system-retention"]')).toMatch(/^Recordings are kept 14 days, (and they fit|but only \d+ fit)/);
    const entry = page.locator('[data-testid="system-entry"]', { has: page.locator('[data-testid="system-code"]', { hasText: 'BAD_TOKEN' }) });
    await entry.first().waitFor();
    expect(await entry.first().textContent()).toMatch(/Warning BAD_TOKEN .*capture handshake refused/);

    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.waitForSelector('[data-testid="system-disk"]', { state: 'visible' });
      expect(await cutOff(page), `at ${size.width}`).toEqual([]);
      if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `system-${size.width}.png`), fullPage: true });
    }
    await page.setViewportSize(SIZES[0]);
  });

  it('is read again when opened, and downloads a diagnostics bundle without the capture token', async () => {
    const { page } = monitor;
    await page.click('[data-testid="settings-link-cameras"]');
    server.log.warn({ code: 'SYSTEM_TEST_MARK' }, 'a warning after the section was first shown');
    await page.click('[data-testid="settings-link-system"]');
    await textBecomes(page, 'system-log', /SYSTEM_TEST_MARK/);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="system-download"]')]);
    expect(download.suggestedFilename()).toMatch(/^camrelay-diagnostics-[\d-]+\.json$/);
    const text = readFileSync((await download.path())!, 'utf8');
    const bundle = JSON.parse(text) as { bundle: string; system: { log: Array<{ code: string }> } };
    expect(bundle.bundle).toBe('camrelay-diagnostics');
    expect(bundle.system.log.map((e) => e.code)).toContain('SYSTEM_TEST_MARK');
    expect(text).not.toContain(server.captureToken);
  });

  it('says what the object detector can carry, and warns when the detecting cameras ask for more', async () => {
    const { page } = monitor;
    const capacity = await textBecomes(page, 'system-capacity', /^This PC can look at/);
    // No camera detects yet: the sentence counts cameras at the default rate, and nothing is asked.
    expect(capacity).toMatch(/^This PC can look at [\d.]+ frames a second: enough for \d+ cameras? at 2 a second \(.*1 worker.*\)\.$/);
    expect(await page.isVisible('[data-testid="system-overload"]')).toBe(false);
    // Three cameras that send nothing ask for 5 looks a second each: the detector never starts, so the
    // figure is tfjs-wasm's benchmark look (150 ms, under 7 a second), well under the 15 asked.
    const cookie = await login(server);
    for (const camera of ['gate', 'yard', 'shed']) expect(await setDetection(server, cookie, camera, { enabled: true, rate: 5 })).toBe(200);
    await page.click('[data-testid="system-refresh"]');
    const warning = await textBecomes(page, 'system-overload', /ask for/);
    expect(warning).toMatch(
      /^3 cameras ask for 15 looks a second; this PC does about [\d.]+: some looks will be skipped\. (Add a worker \(CAMRELAY_DETECT_WORKERS\) or lower a rate|Lower a rate: every core already runs a worker)\.$/,
    );
    expect(await page.textContent('[data-testid="system-capacity"]')).toMatch(/at 5 a second/);
    for (const size of SIZES) {
      await page.setViewportSize(size);
      expect(await cutOff(page), `at ${size.width}`).toEqual([]);
    }
    await page.locator('[data-testid="system-capacity"]').scrollIntoViewIfNeeded();
    await saveShots(page, 'system-capacity');
  });
});
