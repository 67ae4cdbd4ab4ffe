/**
 * The first-run checklist (#42) in Chromium against a real relay whose admin password was generated, at 1280×800 and
 * 390×844: with no camera the admin lands on it, nothing ticked, the Windows command one click from step 1; once a
 * camera connects and recording is turned on, "Add a camera" and "Turn on recording" show ticked (in words, not only
 * colour); Hide hides it, still after a reload; a viewer never sees it; no text in it is cut off.
 * CAMRELAY_SHOTS=<folder> saves firstrun-empty-, firstrun-command- and firstrun-two-<width>.png.
 */
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { checklistWords as steps } from '../helpers/first-run.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { patient, waitFor } from '../helpers/wait.js';

const SHOTS = process.env.CAMRELAY_SHOTS;
const SIZES = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
] as const;
const VIEWER = { username: 'viewer1', password: 'viewer-password-1', role: 'viewer', cameras: '*' };

/** Text in the card wider than its box, anything past the card's edge, or a page that scrolls sideways. */
const cutOff = (page: Page) =>
  page.evaluate(() => {
    const bad: string[] = [];
    const card = document.querySelector<HTMLElement>('[data-testid="first-run"]')!.getBoundingClientRect();
    for (const e of document.querySelectorAll<HTMLElement>('[data-testid="first-run"] *')) {
      if (!e.checkVisibility()) continue;
      const right = e.getBoundingClientRect().right;
      if (right > card.right + 1) bad.push(`${e.className} "${e.textContent!.slice(0, 40)}" ends at ${right}, past the card's ${card.right}`);
      const text = [...e.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '');
      if (text && e.scrollWidth > e.clientWidth + 1) bad.push(`${e.className} "${e.textContent!.slice(0, 40)}" ${e.scrollWidth} > ${e.clientWidth}`);
    }
    if (document.documentElement.scrollWidth > innerWidth) bad.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} > ${innerWidth}`);
    return bad;
  });

describe.runIf(browserAvailable())('The first-run checklist (#42) in Chromium', () => {
  const browser = useBrowser();
  let server: TestServer;
  let camera: TestCamera | undefined;
  let admin: BrowserContext;
  let viewer: BrowserContext;
  let page: Page;
  let viewerPage: Page;

  const signIn = async (context: BrowserContext, user: { username: string; password: string }) => {
    const p = await context.newPage();
    const login = await p.request.post(`${server.url}/api/login`, { data: user, headers: { origin: server.url } });
    expect(login.ok()).toBe(true);
    return p;
  };

  beforeAll(async () => {
    server = await startTestServer({ adminPassword: undefined });
    admin = await browser().newContext({ viewport: SIZES[0] });
    page = await signIn(admin, { username: 'admin', password: server.generatedAdminPassword! });
    const made = await page.request.post(`${server.url}/api/users`, { data: VIEWER, headers: { origin: server.url } });
    expect(made.ok()).toBe(true);
    viewer = await browser().newContext({ viewport: SIZES[0] });
    viewerPage = await signIn(viewer, VIEWER);
  });
  afterAll(async () => {
    await admin?.close();
    await viewer?.close();
    camera?.stop();
    await stopTestServer(server);
  });

  it('is what an admin with no camera lands on: nothing ticked, the command one click from step 1, nothing cut off', async () => {
    await page.goto(server.url);
    await page.waitForSelector('[data-testid="first-run"]', { state: 'visible', timeout: patient(20_000) });
    for (const size of SIZES) {
      await page.setViewportSize(size);
      expect(await steps(page)).toEqual({ camera: '1 To do', recording: '2 To do', notification: '3 To do', password: '4 To do' });
      expect(await page.isVisible('[data-testid="empty-state"]')).toBe(false);
      expect(await page.isVisible('[data-testid="first-run-hide"]')).toBe(false);
      expect(await page.getAttribute('[data-testid="first-run-link-camera"]', 'href')).toBe('#/settings/add');
      expect(await cutOff(page)).toEqual([]);
      if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `firstrun-empty-${size.width}.png`), fullPage: true });
    }
    await page.click('[data-testid="first-run-command"] summary');
    await page.waitForSelector('[data-testid="first-run-command"] [data-testid="capture-hint"]', { state: 'visible' });
    expect(await page.textContent('[data-testid="capture-hint"]')).toContain(server.url);
    for (const size of SIZES) {
      await page.setViewportSize(size);
      expect(await cutOff(page)).toEqual([]);
      if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `firstrun-command-${size.width}.png`), fullPage: true });
    }
  });

  it('is never shown to a viewer, who sees the empty grid’s own hint', async () => {
    await viewerPage.goto(server.url);
    await viewerPage.waitForSelector('[data-testid="empty-state"]', { state: 'visible', timeout: patient(20_000) });
    expect(await viewerPage.textContent('[data-testid="empty-hint"]')).toContain('Ask an admin');
    expect(await viewerPage.isVisible('[data-testid="first-run"]')).toBe(false);
  });

  it('ticks "Add a camera" when one connects and "Turn on recording" once recording is on, the steps’ words saying so', async () => {
    await page.setViewportSize(SIZES[0]);
    camera = await startCamera(server.url, server.captureToken, 'porch', { fps: 5 });
    await waitFor(async () => (await steps(page))?.camera === '✓ Done', 'the camera step ticked', 20_000);
    await page.waitForSelector('[data-testid="camera-tile"]');
    const put = await page.request.put(`${server.url}/api/cameras/porch/recording`, { data: { mode: 'continuous' }, headers: { origin: server.url } });
    expect(put.ok()).toBe(true);
    // As a person does: the step's link opens its section, and back on the grid the checklist is read again.
    await page.click('[data-testid="first-run-link-recording"]');
    await page.waitForSelector('[data-testid="settings-recording"]', { state: 'visible' });
    await page.click('[data-testid="settings-close"]');
    await waitFor(async () => (await steps(page))?.recording === '✓ Done', 'the recording step ticked', 20_000);
    for (const size of SIZES) {
      await page.setViewportSize(size);
      expect(await steps(page)).toEqual({ camera: '✓ Done', recording: '✓ Done', notification: '3 To do', password: '4 To do' });
      expect(await page.isVisible('[data-testid="first-run-hide"]')).toBe(true);
      expect(await cutOff(page)).toEqual([]);
      if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `firstrun-two-${size.width}.png`) });
    }
  });

  it('stays hidden once hidden, after a reload too; a viewer with a camera never sees it either', async () => {
    await page.click('[data-testid="first-run-hide"]');
    await page.waitForSelector('[data-testid="first-run"]', { state: 'hidden' });
    // Once the page has read the status again after the reload, it stays hidden.
    const read = page.waitForResponse((r) => r.url().endsWith('/api/setup-status'), { timeout: patient(20_000) });
    await page.reload();
    await read;
    await page.waitForSelector('[data-testid="camera-tile"]', { timeout: patient(20_000) });
    expect(await page.isVisible('[data-testid="first-run"]')).toBe(false);

    await viewerPage.reload();
    await viewerPage.waitForSelector('[data-testid="camera-tile"]', { timeout: patient(20_000) });
    expect(await viewerPage.isVisible('[data-testid="first-run"]')).toBe(false);
  });
});
