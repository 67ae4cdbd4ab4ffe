/**
 * `npx tsx dashboard/tools/recording-screenshots.ts <folder>`: the Admin drawer's Recording section
 * (a camera in motion mode with a mask), the delete-camera dialog and the disk-full notice, desktop
 * (1280×800) and phone (390×844), against a relay of its own. A script, not a test.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { chromium, type Page } from 'playwright-core';
import { runCamera, type RunningCamera } from '../../capture-client/run.js';
import { DEFAULTS } from '../../server/config.js';
import { ensureDashboardBuilt } from '../../server/dashboard.js';
import { RECORDING_DEFAULTS } from '../../server/recording/settings.js';
import { startServer } from '../../server/start-server.js';
import { CHROMIUM_FLAGS, chromiumPath } from '../../test/helpers/chromium.js';

const out = process.argv[2] ?? path.join(tmpdir(), 'camrelay-recording-shots');
const password = 'screenshot-admin-password';
const fold = (id: string) => `[data-testid="rec-list"] details[data-camera-id="${id}"]`;

async function main(): Promise<void> {
  mkdirSync(out, { recursive: true });
  await ensureDashboardBuilt({ info: () => {} });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'camrelay-rec-shots-'));
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
  const server = await startServer(
    { ...DEFAULTS, host: '127.0.0.1', port: 0, dataDir, adminPassword: password, logLevel: 'silent', recording },
    pino({ level: 'silent' }),
  );
  const url = server.url.replace('localhost', '127.0.0.1');
  const cams: RunningCamera[] = [];
  for (const [cameraId, name, width, height] of [
    ['front-door', 'Front door', 1280, 720],
    ['garage', 'Garage', 640, 480],
  ] as const) {
    const sourceOptions = { fps: 5, width, height };
    cams.push(
      await runCamera({ server: url, token: server.captureToken, cameraId, name, transport: 'socketio', fps: 5, source: 'test-pattern', sourceOptions }),
    );
  }
  const browser = await chromium.launch({ executablePath: chromiumPath() ?? '/usr/bin/chromium', args: CHROMIUM_FLAGS, headless: true });
  try {
    for (const [device, viewport] of [
      ['phone', { width: 390, height: 844 }],
      ['desktop', { width: 1280, height: 800 }],
    ] as const) {
      const context = await browser.newContext({ viewport, deviceScaleFactor: device === 'phone' ? 2 : 1, colorScheme: 'dark' });
      const page = await context.newPage();
      await page.request.post(`${url}/api/login`, { data: { username: 'admin', password }, headers: { origin: url } });
      await page.goto(url);
      await page.waitForSelector('[data-testid="camera-tile"] canvas');
      await page.waitForTimeout(1500);
      const suffix = full ? '-disk-full' : '';
      if (full) await page.screenshot({ path: path.join(out, `monitor${suffix}-${device}.png`) });
      // On a phone, Admin is behind the menu button.
      if (device === 'phone') await page.click('[data-testid="menu-toggle"]');
      await page.click('[data-testid="admin-toggle"]');
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
      await scrollTo(page, '[data-testid="camera-admin-list"]');
      await page.click('[data-testid="camera-admin-list"] tr[data-camera-id="garage"] [data-testid="camera-admin-delete"]');
      await page.waitForSelector('[data-testid="delete-drop"]', { state: 'visible' });
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(out, `admin-delete${suffix}-${device}.png`) });
      await page.click('[data-testid="delete-cancel"]');
      await context.close();
    }
  } finally {
    await browser.close();
    await Promise.all(cams.map((c) => c.stop()));
    await server.close().catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(`screenshots written to ${out}`);
}

async function scrollTo(page: Page, selector: string): Promise<void> {
  await page.$eval(selector, (n) => n.scrollIntoView({ block: 'start' }));
  await page.waitForTimeout(200);
}

await main();
