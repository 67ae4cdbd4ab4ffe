/**
 * `npm run screenshots`: regenerates the README's and docs' images of the Live Monitor, desktop
 * (1280×800) and phone (390×844), against a relay of its own with four test-pattern cameras of
 * different shapes and one offline camera. A script, not a test: it asserts nothing.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { captureScreenshots } from './capture-screenshots.js';
import { playbackScreenshots } from './playback-screenshots.js';
import { Stage } from './shots/stage.js';

const out = process.argv[2] ?? path.join(fileURLToPath(new URL('../../docs/images', import.meta.url)));

const CAMERAS = [
  { cameraId: 'front-door', name: 'Front door', width: 1280, height: 720 },
  { cameraId: 'garage', name: 'Garage', width: 640, height: 480 },
  { cameraId: 'hallway', name: 'Hallway (portrait)', width: 360, height: 640 },
  { cameraId: 'porch', name: 'Porch', width: 480, height: 480 },
];

/** Settings sections pictured in docs/ (settings-<section>-<device>.png). */
const SETTINGS_SHOTS = ['add', 'cameras', 'system'] as const;

/** Waits for `check`, or fails the script with what it waited for (a script must end, even on a loaded box). */
async function until(check: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`screenshots: gave up after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function main(): Promise<void> {
  mkdirSync(out, { recursive: true });
  const stage = await Stage.start();
  const { server, url } = stage;
  try {
    // One camera that was seen once and then went away: how an offline camera looks.
    const gone = await stage.camera({ cameraId: 'shed', name: 'Shed', width: 640, height: 360 });
    for (const c of CAMERAS) await stage.camera(c);
    // Seen once (a loaded box can take seconds to deliver the first frame: a fixed pause once left
    // "shed" unknown to the relay, and the wait below never ended), then gone until the relay calls it
    // offline (CAMRELAY_OFFLINE_AFTER_MS, 5 s).
    const shed = () => server.relay.cameras.list().find((c) => c.id === 'shed');
    await until(() => (shed()?.framesIn ?? 0) > 0, 'the first frame of the camera "shed"');
    await gone.stop();
    await until(() => shed()?.status === 'offline', 'the camera "shed" offline');

    for (const device of ['phone', 'desktop'] as const) {
      const context = await stage.context(device);
      const page = await stage.adminPage(context);
      await page.goto(url);
      await settle(page);
      await page.screenshot({ path: path.join(out, `live-monitor-${device}.png`) });
      await page.goto(`${url}/#/camera/front-door`);
      await settle(page);
      await page.screenshot({ path: path.join(out, `single-view-${device}.png`) });
      // The settings page (#42): the guide to add a camera, the cameras, and the relay's health.
      for (const section of SETTINGS_SHOTS) {
        await page.goto(`${url}/#/settings/${section}`);
        await page.waitForFunction((id) => (document.querySelector(`[data-testid="settings-${id}"]`)?.textContent?.length ?? 0) > 40, section, {
          timeout: 120_000,
        });
        await page.waitForTimeout(1000);
        await page.screenshot({ path: path.join(out, `settings-${section}-${device}.png`) });
      }
      if (device === 'desktop') {
        // Last: what the page says when the relay goes away.
        await page.goto(url);
        await settle(page);
        await server.close(500);
        await page.waitForSelector('[data-testid="relay-banner"]', { state: 'visible', timeout: 10_000 });
        await page.waitForTimeout(2500);
        await page.screenshot({ path: path.join(out, `relay-unreachable-${device}.png`) });
      }
      await context.close();
    }
  } finally {
    await stage.close();
  }
  console.log(`screenshots written to ${out}`);
}

/** Waits until every live tile has drawn and the offline camera has been marked so. */
async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="camera-tile"]').length >= 5, undefined, { timeout: 15_000 });
  await page
    .waitForFunction(() => [...document.querySelectorAll('[data-testid="tile-overlay"]')].filter((o) => (o as HTMLElement).hidden).length >= 4, undefined, {
      timeout: 15_000,
    })
    .catch(() => {});
  await page.waitForTimeout(500);
}

await main();
// The capture page and the Admin QR code, with a relay and a fake-camera Chromium of their own.
await captureScreenshots(out);
// The single view's timeline and playback, and the events page, with a recording of their own.
await playbackScreenshots(out);
