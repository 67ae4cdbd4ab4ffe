/**
 * Issue #31, "the viewer uses the whole screen", as a person sees it in Chromium at 1280×800 and
 * 390×844: fullscreen is all picture, one camera alone fits the window with its figures (in the
 * single view and in the grid of a one-camera relay), a portrait camera's tile has its shape, the
 * Admin shows whole names, and a day's timeline opens on its recorded hours. Screenshots go to
 * $CAMRELAY_SHOTS when it is set.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { writeSegment } from '../helpers/fake-recordings.js';
import { makeJpeg } from '../helpers/jpeg.js';
import { startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';
import { openSettings } from '../helpers/admin-page.js';
import { hideFirstRun } from '../helpers/first-run.js';

const run = browserAvailable();
const SHOTS = process.env.CAMRELAY_SHOTS;
const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;
type Size = keyof typeof SIZES;
const tile = (id: string) => `[data-testid="camera-tile"][data-camera-id="${id}"]`;
const MIN = 60_000;

describe.runIf(run)('The viewer uses the whole screen (#31)', () => {
  const browser = useBrowser();
  let server: TestServer;
  const cameras: TestCamera[] = [];
  /** The hour camera `door` recorded today (UTC, the pages' time zone). */
  const recorded = { from: 0, to: 0 };

  beforeAll(async () => {
    server = await startTestServer();
    for (const [id, width, height] of [
      ['door', 1280, 720],
      ['tall', 720, 1280],
      ['yard', 640, 480],
    ] as const) {
      cameras.push(await startCamera(server.url, server.captureToken, id, { fps: 5, frames: [await makeJpeg(width, height, id.length)] }));
    }
    // One hour of minute-long segments, ending a few minutes ago (or starting just after midnight, early in the day).
    const dayStart = new Date().setUTCHours(0, 0, 0, 0);
    recorded.from = Math.max(dayStart + MIN, Date.now() - 65 * MIN);
    recorded.to = recorded.from + 60 * MIN;
    for (let t = recorded.from; t < recorded.to; t += MIN) await writeSegment(server, 'door', t, 1000);
  });
  afterAll(async () => {
    cameras.forEach((c) => c.stop());
    await stopTestServer(server);
  });

  async function open(size: Size, hash = ''): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser().newContext({ viewport: SIZES[size], timezoneId: 'UTC' });
    const page = await context.newPage();
    // The grid's room is measured: the admin has hidden the first-run checklist (#42).
    await hideFirstRun(page);
    const login = await page.request.post(`${server.url}/api/login`, { data: TEST_ADMIN, headers: { origin: server.url } });
    expect(login.ok()).toBe(true);
    await page.goto(`${server.url}/${hash}`);
    return { context, page };
  }

  /** Waits until camera `id` has drawn a picture of its own size (the tile takes its shape from it). */
  async function drawn(page: Page, id: string): Promise<void> {
    await page.locator(tile(id)).scrollIntoViewIfNeeded();
    await waitFor(async () => Number(await page.textContent(`${tile(id)} [data-testid="frame-count"]`)) > 0, `a frame of ${id} drawn`);
  }

  async function shot(page: Page, name: string): Promise<void> {
    if (!SHOTS) return;
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  }

  it('shows the picture over the whole screen in fullscreen, at its own shape, with no band of page below, and zooms where clicked', async () => {
    for (const size of ['desktop', 'phone'] as const) {
      const { width, height } = SIZES[size];
      const { context, page } = await open(size, '#/camera/door');
      await drawn(page, 'door');
      await page.click('[data-testid="single-fullscreen"]');
      await waitFor(() => page.evaluate(() => document.fullscreenElement !== null), 'fullscreen');
      // Settled: the fullscreen tile's picture as large as the screen allows.
      const canvas = page.locator(`${tile('door')} canvas`);
      await waitFor(async () => {
        const box = (await canvas.boundingBox())!;
        return Math.abs(box.width - width) <= 1 || Math.abs(box.height - height) <= 1;
      }, `the picture as wide or as tall as the ${size} screen`);
      const box = (await canvas.boundingBox())!;
      expect(Math.abs(box.width / box.height - 16 / 9), `${size}: ${box.width}×${box.height}`).toBeLessThan(0.02);
      expect(box.width).toBeLessThanOrEqual(width + 1);
      expect(box.height).toBeLessThanOrEqual(height + 1);
      // Centred: as much black above the picture as below it, none of the page.
      expect(Math.abs(box.y - (height - box.y - box.height)), `${size}: top ${box.y}`).toBeLessThanOrEqual(2);
      const full = (await page.locator(tile('door')).boundingBox())!;
      expect([full.x, full.y, full.width, full.height]).toEqual([0, 0, width, height]);
      await shot(page, `whole-screen-fullscreen-${size}`);
      // A double click zooms in around the point clicked, on the picture as it is placed in fullscreen.
      const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
      await page.mouse.dblclick(cx, cy);
      await waitFor(async () => (await canvas.evaluate((c) => (c as HTMLElement).style.transform)) !== '', 'zoomed in');
      const zoomed = (await canvas.boundingBox())!;
      expect(zoomed.width).toBeGreaterThan(box.width * 2);
      expect(Math.abs(zoomed.x + zoomed.width / 2 - cx), `${size}: the clicked point stays put`).toBeLessThanOrEqual(2);
      expect(Math.abs(zoomed.y + zoomed.height / 2 - cy), `${size}: the clicked point stays put`).toBeLessThanOrEqual(2);
      await context.close();
    }
  });

  it('fits one camera alone in a 1280×800 window, its picture and its figures inside it', async () => {
    const { context, page } = await open('desktop', '#/camera/door');
    await drawn(page, 'door');
    await waitFor(() => page.isVisible('[data-testid="timeline-track"]'), 'the timeline');
    const view = (await page.locator(`${tile('door')} [data-testid="tile-view"]`).boundingBox())!;
    const stats = (await page.locator(`${tile('door')} [data-testid="tile-stats"]`).boundingBox())!;
    expect(view.y).toBeGreaterThanOrEqual(0);
    expect(view.y + view.height, 'the picture ends inside the window').toBeLessThanOrEqual(800);
    expect(stats.y + stats.height, 'the figures end inside the window').toBeLessThanOrEqual(800);
    expect(await page.isVisible(`${tile('door')} [data-testid="fps"]`)).toBe(true);
    await shot(page, 'whole-screen-single-desktop');
    await context.close();
  });

  it('fits the grid of a relay with one camera in a 1280×800 window, its figures in sight', async () => {
    const lone = await startTestServer();
    const camera = await startCamera(lone.url, lone.captureToken, 'door', { fps: 5, frames: [await makeJpeg(1280, 720)] });
    try {
      const context = await browser().newContext({ viewport: SIZES.desktop });
      const page = await context.newPage();
      await hideFirstRun(page);
      await page.request.post(`${lone.url}/api/login`, { data: TEST_ADMIN, headers: { origin: lone.url } });
      await page.goto(lone.url);
      await drawn(page, 'door');
      const stats = page.locator(`${tile('door')} [data-testid="tile-stats"]`);
      await waitFor(async () => {
        const b = (await stats.boundingBox())!;
        return b.y + b.height <= 800;
      }, 'the figures inside the window');
      expect(await page.evaluate(() => document.scrollingElement!.scrollHeight)).toBeLessThanOrEqual(800);
      const view = (await page.locator(`${tile('door')} [data-testid="tile-view"]`).boundingBox())!;
      // As large as the window's height allows, centred.
      expect(view.height).toBeGreaterThan(560);
      expect(Math.abs(view.x + view.width / 2 - 640)).toBeLessThan(20);
      await shot(page, 'whole-screen-one-camera-grid-desktop');
      await context.close();
    } finally {
      camera.stop();
      await stopTestServer(lone);
    }
  });

  it("shows each grid tile's figures whole or not at all, never one cut off at the tile's edge, the codec among them on a desktop", async () => {
    for (const size of ['desktop', 'phone'] as const) {
      const { context, page } = await open(size);
      for (const id of ['door', 'yard']) await drawn(page, id);
      const cut = await page.$$eval('[data-testid="camera-tile"] [data-testid="tile-stats"]', (rows) =>
        rows.flatMap((row) => {
          const box = row.getBoundingClientRect();
          const right = box.right - parseFloat(getComputedStyle(row).paddingRight) + 0.5;
          return [...row.querySelectorAll<HTMLElement>('.stat')]
            .filter((s) => s.offsetParent !== null && s.getBoundingClientRect().top < box.bottom - 1)
            .filter((s) => s.getBoundingClientRect().right > right)
            .map((s) => `${row.closest('[data-camera-id]')?.getAttribute('data-camera-id')}: ${s.textContent}`);
        }),
      );
      expect(cut).toEqual([]);
      if (size === 'desktop') expect(await page.locator(`${tile('door')} [data-testid="codec"]`).isVisible()).toBe(true);
      await shot(page, `whole-screen-figures-${size}`);
      await context.close();
    }
  });

  it("gives a portrait camera's tile in the grid its own 9:16 shape, filled by its picture", async () => {
    for (const size of ['desktop', 'phone'] as const) {
      const { context, page } = await open(size);
      await drawn(page, 'tall');
      const view = page.locator(`${tile('tall')} [data-testid="tile-view"]`);
      await waitFor(async () => {
        const b = (await view.boundingBox())!;
        return Math.abs(b.width / b.height / (9 / 16) - 1) < 0.05;
      }, `the ${size} portrait tile at 9:16`);
      const box = (await view.boundingBox())!;
      const canvas = (await page.locator(`${tile('tall')} canvas`).boundingBox())!;
      expect(Math.abs(box.width / box.height / (9 / 16) - 1), `${size}: ${box.width}×${box.height}`).toBeLessThan(0.05);
      // The picture (the canvas, letterboxed by object-fit: contain only if the shapes differed) fills the box.
      const [w, h] = await page.$eval(`${tile('tall')} canvas`, (c) => [(c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height]);
      const shown = Math.min(canvas.width / w!, canvas.height / h!);
      expect((w! * shown * h! * shown) / (box.width * box.height), `${size}: share of the tile with picture`).toBeGreaterThan(0.95);
      if (size === 'desktop') {
        // Beside the others, as tall as them: its row's pictures start and end level.
        const door = (await page.locator(`${tile('door')} [data-testid="tile-view"]`).boundingBox())!;
        expect(Math.abs(door.y - box.y)).toBeLessThanOrEqual(1);
        expect(Math.abs(door.height - box.height)).toBeLessThanOrEqual(1.5);
      }
      await shot(page, `whole-screen-grid-${size}`);
      await context.close();
    }
  });

  it("shows the whole of a camera's name in the Admin", async () => {
    for (const size of ['desktop', 'phone'] as const) {
      const { context, page } = await open(size);
      if (size === 'phone') await page.click('[data-testid="menu-toggle"]');
      await openSettings(page);
      const name = page.locator('tr[data-camera-id="door"] [data-testid="camera-admin-name"]');
      await name.fill('Front door camera');
      const [scroll, client] = await name.evaluate((i) => [i.scrollWidth, i.clientWidth]);
      expect(scroll, `${size}: the name's ${scroll} px in a ${client} px field`).toBeLessThanOrEqual(client);
      await shot(page, `whole-screen-admin-${size}`);
      await context.close();
    }
  });

  it("opens a day's timeline on its recorded hours: one hour takes at least half of its width", async () => {
    for (const size of ['desktop', 'phone'] as const) {
      const { context, page } = await open(size, '#/camera/door');
      await page.waitForSelector('[data-testid="timeline-recorded"]');
      const track = (await page.locator('[data-testid="timeline-track"]').boundingBox())!;
      const ranges = await page.$$eval('[data-testid="timeline-recorded"]', (rs) => rs.map((r) => r.getBoundingClientRect().width));
      const share = ranges.reduce((s, w) => s + w, 0) / track.width;
      expect(share, `${size}: the recorded hour's share of the timeline`).toBeGreaterThanOrEqual(0.5);
      expect(share).toBeLessThanOrEqual(1);
      await shot(page, `whole-screen-timeline-${size}`);
      await context.close();
    }
  });
});
