/**
 * `npx tsx dashboard/tools/recording-screenshots.ts <folder>`: the settings page's Recording section
 * (a camera in motion mode with a mask), the delete-camera dialog and the disk-full notice, desktop
 * (1280×800) and phone (390×844), against a relay of its own. A script, not a test.
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { RECORDING_DEFAULTS } from '../../server/recording/settings.js';
import { Stage } from './shots/stage.js';

const out = process.argv[2] ?? path.join(tmpdir(), 'camrelay-recording-shots');
const fold = (id: string) => `[data-testid="rec-list"] details[data-camera-id="${id}"]`;

async function main(): Promise<void> {
  mkdirSync(out, { recursive: true });
  // A free-space floor no disk meets: the relay calls its disk full, as a full one would look.
  const full = process.argv.includes('--disk-full');
  const recording = {
    ...RECORDING_DEFAULTS,
    ...(full ? { minFreeMb: 100_000_000 } : {}),
    cameras: {
      'front-door': { mode: 'motion' as const, format: 'jpeg' as const, motion: { masks: [{ x: 0.05, y: 0.08, w: 0.4, h: 0.25 }] } },
      garage: { mode: 'continuous' as const, format: 'jpeg' as const, fps: 2 },
    },
  };
  const stage = await Stage.start({ config: { recording } });
  const { url } = stage;
  try {
    await stage.camera({ cameraId: 'front-door', name: 'Front door', width: 1280, height: 720 });
    await stage.camera({ cameraId: 'garage', name: 'Garage', width: 640, height: 480 });
    for (const device of ['phone', 'desktop'] as const) {
      const context = await stage.context(device);
      const page = await stage.adminPage(context);
      await page.goto(url);
      await page.waitForSelector('[data-testid="camera-tile"] canvas');
      await page.waitForTimeout(1500);
      const suffix = full ? '-disk-full' : '';
      if (full) await page.screenshot({ path: path.join(out, `monitor${suffix}-${device}.png`) });
      await page.goto(`${url}/#/settings/recording`);
      await page.waitForSelector(`${fold('front-door')} [data-testid="rec-state"]:not(:text-is("…"))`);
      await page.click(`${fold('front-door')} summary`);
      await page.waitForTimeout(800);
      await scrollTo(page, `${fold('front-door')}`);
      await page.screenshot({ path: path.join(out, `admin-recording${suffix}-${device}.png`) });
      await scrollTo(page, `${fold('front-door')} [data-testid="mask-editor"]`);
      await page.screenshot({ path: path.join(out, `admin-masks${suffix}-${device}.png`) });
      // The question before deleting a camera that has recordings (a full disk keeps none).
      if (full) {
        await context.close();
        continue;
      }
      await page.goto(`${url}/#/settings/cameras`);
      await page.waitForSelector('[data-testid="camera-admin-list"] tr[data-camera-id="garage"]');
      await scrollTo(page, '[data-testid="camera-admin-list"]');
      await page.click('[data-testid="camera-admin-list"] tr[data-camera-id="garage"] [data-testid="camera-admin-delete"]');
      await page.waitForSelector('[data-testid="delete-drop"]', { state: 'visible' });
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(out, `admin-delete${suffix}-${device}.png`) });
      await page.click('[data-testid="delete-cancel"]');
      await context.close();
    }
  } finally {
    await stage.close();
  }
  console.log(`screenshots written to ${out}`);
}

async function scrollTo(page: Page, selector: string): Promise<void> {
  await page.$eval(selector, (n) => n.scrollIntoView({ block: 'start' }));
  await page.waitForTimeout(200);
}

await main();
