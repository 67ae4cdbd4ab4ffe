/**
 * A new owner's first minutes (#42's "done when"), on a laptop (1280×800) and on a phone (390×844), as a person does
 * them without reading the docs: `npm run demo` as the README prints it, with a fresh data folder; sign in with the
 * password the terminal showed; the first-run checklist leads the rest. "Add a camera" makes a phone a second camera
 * (its capture link opened in another Chromium with a fake camera), "Turn on recording" records the demo camera, and
 * "Set up a notification" sends a test event to a webhook that answers. Each step ticks in words.
 * CAMRELAY_SHOTS=<folder> saves owner-<step>-<width>.png.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { SHOTS, textBecomes } from '../helpers/admin-page.js';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { launchCameraBrowser, openCapturePage } from '../helpers/camera-page.js';
import { checklistWords } from '../helpers/first-run.js';
import { startDemo, type Demo } from '../helpers/demo.js';
import { patient, waitFor } from '../helpers/wait.js';
import { startReceiver, type Receiver } from '../server/notifications/webhooks/receiver.js';

const SIZES = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
] as const;

interface Owner {
  demo: Demo;
  password: string;
}

/** The demo with no password set; the admin password read off what it printed, as a person reads it. */
async function startOwnersDemo(): Promise<Owner> {
  const demo = await startDemo();
  try {
    const password = await waitFor(() => /Sign in as:\s+admin \/ (\S+)/.exec(demo.output())?.[1] ?? null, `the demo's banner\n${demo.output()}`, 60_000, 100);
    return { demo, password };
  } catch (err) {
    await demo.stop();
    throw err;
  }
}

async function shot(page: Page, name: string, width: number): Promise<void> {
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `owner-${name}-${width}.png`) });
}

/** The checklist's step, once its words are `words`, from the grid. */
async function stepBecomes(page: Page, step: string, words: string): Promise<void> {
  await waitFor(async () => (await checklistWords(page))?.[step] === words, `the "${step}" step to say ${words}`, 20_000);
}

describe.runIf(browserAvailable())('A new owner, from npm run demo to a second camera, recording and a notification (#42)', () => {
  const browser = useBrowser();
  let owner: Owner | undefined;
  let receiver: Receiver | undefined;
  let phoneBrowser: Browser | undefined;

  afterEach(async () => {
    await phoneBrowser?.close();
    await owner?.demo.stop();
    await receiver?.close();
    owner = receiver = phoneBrowser = undefined;
  });

  for (const size of SIZES) {
    it(`gets there by the checklist alone at ${size.width}×${size.height}`, async () => {
      owner = await startOwnersDemo();
      receiver = await startReceiver([200]);
      const context = await browser().newContext({ viewport: size });
      const page = await context.newPage();
      const running = { url: owner.demo.url, password: owner.password };

      // Signed in with the password the terminal printed; the demo camera is live and the checklist says what is left.
      await page.goto(running.url);
      await page.waitForSelector('[data-testid="login-form"]:visible', { timeout: patient(20_000) });
      await page.fill('[data-testid="login-username"]', 'admin');
      await page.fill('[data-testid="login-password"]', running.password);
      await page.click('[data-testid="login-submit"]');
      await page.waitForSelector('[data-testid="first-run"]', { state: 'visible', timeout: patient(20_000) });
      await stepBecomes(page, 'camera', '✓ Done');
      expect(await checklistWords(page)).toEqual({ camera: '✓ Done', recording: '2 To do', notification: '3 To do', password: '4 To do' });
      await shot(page, 'start', size.width);

      // A second camera: the guide from step 1, a phone, its capture link opened on the phone.
      await page.click('[data-testid="first-run-link-camera"]');
      const guide = '[data-testid="settings-add"]';
      await page.waitForSelector(guide, { state: 'visible' });
      await page.check(`${guide} [data-testid="add-kind-phone"]`);
      await page.fill(`${guide} [data-testid="add-name"]`, 'Kitchen');
      await page.click(`${guide} [data-testid="add-make"]`);
      const link = await textBecomes(page, 'capture-link', /\/capture#/, guide);
      phoneBrowser = await launchCameraBrowser();
      const phone = await openCapturePage(phoneBrowser, link, { viewport: { width: 390, height: 844 }, fps: 5 });
      const live = await textBecomes(page, 'add-live-text', /^Kitchen is live: [1-9]\d* fps/, guide).catch(async (err: Error) => {
        throw new Error(`${err.message}; the phone said: ${await phone.status()}`);
      });
      expect(live).toMatch(/^Kitchen is live: [1-9]\d* fps over /);
      await page.locator(`${guide} [data-testid="add-live"]`).scrollIntoViewIfNeeded();
      await shot(page, 'second-camera', size.width);

      // Recording: step 2's link, the demo camera recorded all the time.
      await page.click('[data-testid="settings-close"]');
      await page.waitForSelector('[data-testid="camera-tile"][data-camera-id="kitchen"]');
      await page.click('[data-testid="first-run-link-recording"]');
      const fold = '[data-testid="rec-list"] details[data-camera-id="demo"]';
      await page.waitForSelector(fold, { state: 'visible' });
      await page.click(`${fold} summary`);
      await page.selectOption(`${fold} [data-testid="rec-mode"]`, 'continuous');
      await page.click(`${fold} [data-testid="rec-save"]`);
      expect(await textBecomes(page, 'rec-message', /^Saved/, fold)).toBe('Saved: the relay uses these settings now.');
      await textBecomes(page, 'rec-state', /^Recording · /, fold);
      await shot(page, 'recording', size.width);

      // A notification: step 3's link, a webhook to the owner's receiver, and its test event delivered.
      await page.click('[data-testid="settings-close"]');
      await stepBecomes(page, 'recording', '✓ Done');
      await page.click('[data-testid="first-run-link-notification"]');
      await page.waitForSelector('[data-testid="webhook-url"]', { state: 'visible' });
      await page.fill('[data-testid="webhook-url"]', `${receiver.url}/hook`);
      await page.click('[data-testid="webhook-save"]');
      const rule = '[data-testid="webhook-list"] li[data-webhook-id]';
      await page.waitForSelector(`${rule} [data-testid="webhook-test"]`);
      await page.click(`${rule} [data-testid="webhook-test"]`);
      expect(await textBecomes(page, 'webhook-outcome', /^Delivered/, rule)).toBe('Delivered: 200 OK');
      // The test event among what came: the demo camera, recorded now, may have sent a motion event since (CI 29a).
      expect(receiver.received.map((r) => JSON.parse(r.body) as object)).toContainEqual(
        expect.objectContaining({ type: 'test', message: 'This is a test from camrelay' }),
      );
      await page.locator(rule).scrollIntoViewIfNeeded();
      await shot(page, 'notification', size.width);

      // Back on the grid: three of four done, both cameras live; the last step is the password the relay made up.
      await page.click('[data-testid="settings-close"]');
      await stepBecomes(page, 'notification', '✓ Done');
      expect(await checklistWords(page)).toEqual({ camera: '✓ Done', recording: '✓ Done', notification: '✓ Done', password: '4 To do' });
      for (const id of ['demo', 'kitchen']) {
        await waitFor(
          async () => (await page.textContent(`[data-testid="camera-tile"][data-camera-id="${id}"] [data-testid="camera-status"]`)) === 'live',
          `${id} live on the grid`,
          20_000,
        );
      }
      await shot(page, 'done', size.width);
      await context.close();
    });
  }
});
