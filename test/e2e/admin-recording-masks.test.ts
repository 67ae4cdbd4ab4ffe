/**
 * Mask rectangles drawn over a camera's picture on the settings page, in Chromium: by mouse and by
 * finger (touch events through the DevTools protocol), removed by × and by select + Delete, saved
 * in fractions of the picture, and shown again after a reload.
 */
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { RECORDING_DEFAULTS } from '../../server/recording/settings.js';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { openMonitor, type MonitorPage } from '../helpers/monitor-page.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';
import { openSettings } from '../helpers/admin-page.js';

const fold = '[data-testid="rec-list"] details[data-camera-id="porch"]';
const layer = `${fold} [data-testid="mask-layer"]`;
const rects = `${fold} [data-testid="mask-rect"]`;

/** Where a fraction of the picture is on the screen. */
async function at(page: Page, fx: number, fy: number): Promise<{ x: number; y: number }> {
  await page.locator(layer).scrollIntoViewIfNeeded();
  const box = (await page.locator(layer).boundingBox())!;
  return { x: box.x + fx * box.width, y: box.y + fy * box.height };
}

async function dragMouse(page: Page, from: [number, number], to: [number, number]): Promise<void> {
  const a = await at(page, ...from);
  const b = await at(page, ...to);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move(b.x, b.y, { steps: 6 });
  await page.mouse.up();
}

/** A finger's drag: touch events, which Chromium turns into pointer events of type "touch". */
async function dragFinger(page: Page, from: [number, number], to: [number, number]): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 1 });
  const a = await at(page, ...from);
  const b = await at(page, ...to);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: a.x, y: a.y }] });
  for (let i = 1; i <= 6; i++) {
    const p = { x: a.x + ((b.x - a.x) * i) / 6, y: a.y + ((b.y - a.y) * i) / 6 };
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [p] });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

async function openFold(page: Page): Promise<void> {
  await openSettings(page, 'recording');
  await page.click(`${fold} summary`);
  // The camera's picture under the masks.
  await waitFor(() => page.$eval(`${fold} [data-testid="mask-picture"]`, (img) => (img as HTMLImageElement).naturalWidth > 0), 'the picture loaded');
}

describe.runIf(browserAvailable())('mask rectangles on the settings page, in Chromium', () => {
  const browser = useBrowser();
  let server: TestServer | undefined;
  let monitor: MonitorPage | undefined;
  const cameras: TestCamera[] = [];

  afterEach(async () => {
    await monitor?.close();
    cameras.splice(0).forEach((c) => c.stop());
    await stopTestServer(server);
    server = monitor = undefined;
  });

  it('draws rectangles by mouse and finger, removes them, saves fractions of the picture and shows them after a reload', async () => {
    server = await startTestServer({ recording: { ...RECORDING_DEFAULTS, cameras: { porch: { mode: 'motion', format: 'jpeg' } } } });
    cameras.push(await startCamera(server.url, server.captureToken, 'porch', { fps: 5, transport: 'socketio' }));
    const { page } = (monitor = await openMonitor(browser(), server.url));
    await waitFor(async () => (await monitor!.cameraStatus('porch')) === 'live', 'the camera live');
    await openFold(page);
    expect(await page.textContent(`${fold} [data-testid="mask-count"]`)).toBe('0 of 16');

    await dragMouse(page, [0.1, 0.2], [0.5, 0.6]);
    await waitFor(async () => (await page.$$(rects)).length === 1, 'the first rectangle drawn');
    // A finger draws as a mouse does; × removes that rectangle.
    await dragFinger(page, [0.9, 0.9], [0.6, 0.7]);
    await waitFor(async () => (await page.$$(rects)).length === 2, 'the second rectangle drawn by touch');
    await page.click(`${rects}:nth-child(2) [data-testid="mask-remove"]`);
    await waitFor(async () => (await page.$$(rects)).length === 1, 'the second removed by ×');
    // Select + Delete removes one too.
    await dragMouse(page, [0.7, 0.1], [0.95, 0.3]);
    await waitFor(async () => (await page.$$(rects)).length === 2, 'a third drawn');
    const third = await at(page, 0.75, 0.25);
    await page.mouse.click(third.x, third.y);
    await page.keyboard.press('Delete');
    await waitFor(async () => (await page.$$(rects)).length === 1, 'the selected one removed by Delete');
    expect(await page.textContent(`${fold} [data-testid="mask-count"]`)).toBe('1 of 16');

    await page.click(`${fold} [data-testid="rec-save"]`);
    await waitFor(async () => (await page.textContent(`${fold} [data-testid="rec-message"]`))?.startsWith('Saved'), 'the masks saved');
    const [mask, ...more] = server.recording.settingsOf('porch').motion.masks;
    expect(more).toEqual([]);
    for (const [key, want] of [
      ['x', 0.1],
      ['y', 0.2],
      ['w', 0.4],
      ['h', 0.4],
    ] as const)
      expect(Math.abs(mask![key] - want), `${key}: ${mask![key]}`).toBeLessThanOrEqual(0.02);

    await page.reload();
    await openFold(page);
    await waitFor(async () => (await page.$$(rects)).length === 1, 'the saved rectangle shown after a reload');
    const left = await page.$eval(rects, (r) => parseFloat((r as HTMLElement).style.left));
    expect(Math.abs(left - mask!.x * 100)).toBeLessThan(0.01);
  });
});
