/**
 * What a person sees in the Live Monitor: pictures at their true shape in the grid and alone, the
 * single view and its URL, keys and buttons, and a snapshot saved from a tile.
 */
import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { openMonitor } from '../helpers/monitor-page.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

const run = browserAvailable();

/** A white disc on black, as wide as it is tall in the camera's own pixels. */
function circleJpeg(width: number, height: number, shade = 255): Promise<Buffer> {
  const r = Math.round(Math.min(width, height) * 0.35);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#000"/><circle cx="${width / 2}" cy="${height / 2}" r="${r}" fill="rgb(${shade},${shade},${shade})"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
}

/**
 * Width / height of the bright area in a screenshot: 1 when the disc is drawn round. The outermost
 * pixels are left out: a box of fractional size takes a row of the (light) page with it.
 */
async function discRatio(png: Buffer): Promise<number> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -1, -1];
  for (let y = 2; y < info.height - 2; y++) {
    for (let x = 2; x < info.width - 2; x++) {
      const i = (y * info.width + x) * 3;
      if (data[i]! > 200 && data[i + 1]! > 200 && data[i + 2]! > 200) {
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
      }
    }
  }
  if (maxX < 0) throw new Error('no disc in the picture');
  return (maxX - minX + 1) / (maxY - minY + 1);
}

/** The disc's ratio once a picture is on the canvas: a tile back in sight is black until its newest frame comes (#28). */
async function shownDiscRatio(view: Locator, what: string): Promise<number> {
  let ratio = NaN;
  await waitFor(async () => {
    ratio = await discRatio(await view.screenshot()).catch(() => NaN);
    return !Number.isNaN(ratio);
  }, `the disc of ${what} on screen`);
  return ratio;
}

const SHAPES = [
  { id: 'four-three', width: 640, height: 480 },
  { id: 'sixteen-nine', width: 1280, height: 720 },
  { id: 'square', width: 480, height: 480 },
  { id: 'portrait', width: 360, height: 640 },
];
const tile = (id: string) => `[data-testid="camera-tile"][data-camera-id="${id}"]`;

describe.runIf(run)('Live Monitor views in Chromium', () => {
  const browser = useBrowser();
  let server: TestServer;
  const cameras: TestCamera[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    for (const s of SHAPES) {
      const frames = await Promise.all([255, 250].map((shade) => circleJpeg(s.width, s.height, shade)));
      cameras.push(await startCamera(server.url, server.captureToken, s.id, { fps: 5, frames }));
    }
  });
  afterAll(async () => {
    cameras.forEach((c) => c.stop());
    await stopTestServer(server);
  });

  async function drawn(page: Page, id: string): Promise<void> {
    // A tile out of the window is sent nothing (#28): it draws once in view.
    await page.locator(tile(id)).scrollIntoViewIfNeeded();
    await waitFor(async () => Number(await page.textContent(`${tile(id)} [data-testid="frame-count"]`)) > 0, `a frame of ${id} drawn`);
    await page.waitForSelector(`${tile(id)} [data-testid="tile-overlay"]`, { state: 'hidden' });
  }

  it('draws every camera at its true shape in the grid and in the single view, at its native size there', async () => {
    const { page, close } = await openMonitor(browser(), server.url);
    await page.setViewportSize({ width: 1280, height: 800 });
    for (const s of SHAPES) await drawn(page, s.id);
    for (const s of SHAPES) {
      const ratio = await shownDiscRatio(page.locator(`${tile(s.id)} [data-testid="tile-view"]`), `${s.id} in the grid`);
      expect(Math.abs(ratio - 1), `${s.id} in the grid: width/height ${ratio.toFixed(3)}`).toBeLessThan(0.03);
    }
    for (const s of SHAPES) {
      await page.goto(`${server.url}/#/camera/${s.id}`);
      await drawn(page, s.id);
      await waitFor(() => page.isVisible('[data-testid="single-bar"]'), 'the single view');
      const view = page.locator(`${tile(s.id)} [data-testid="tile-view"]`);
      const ratio = await shownDiscRatio(view, `${s.id} alone`);
      expect(Math.abs(ratio - 1), `${s.id} alone: width/height ${ratio.toFixed(3)}`).toBeLessThan(0.03);
      // The single view asks native; until the first native frame arrives it shows the grid's rung.
      const canvasSize = () => page.$eval(`${tile(s.id)} canvas`, (c) => [(c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height]);
      await waitFor(async () => (await canvasSize()).join() === `${s.width},${s.height}`, `${s.id} at its native size alone`);
      expect(await canvasSize()).toEqual([s.width, s.height]);
      // Shown large: the picture's box fills most of the window's width or height.
      const box = (await view.boundingBox())!;
      expect(Math.max(box.width / 1280, box.height / 800)).toBeGreaterThan(0.6);
    }
    await close();
  });

  it('opens a camera alone by click and by Enter, keeps it on reload, moves with the arrow keys, zooms, and returns with Esc', async () => {
    const { page, close } = await openMonitor(browser(), server.url);
    await drawn(page, 'square');
    const title = () => page.textContent('[data-testid="single-title"]');
    const visibleTiles = () =>
      page.$$eval('[data-testid="camera-tile"]', (ts) =>
        ts.filter((t) => (t as HTMLElement).offsetParent !== null).map((t) => (t as HTMLElement).dataset.cameraId),
      );

    await page.click(`${tile('square')} [data-testid="tile-view"]`);
    await waitFor(async () => page.url().endsWith('#/camera/square'), 'the URL of the single view');
    expect(await visibleTiles()).toEqual(['square']);
    expect(await title()).toBe('square · 3 of 4');

    await page.reload();
    await waitFor(async () => JSON.stringify(await visibleTiles()) === '["square"]', 'the single view after a reload');
    await page.keyboard.press('ArrowRight');
    await waitFor(async () => page.url().endsWith('#/camera/portrait'), 'the next camera');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await waitFor(async () => page.url().endsWith('#/camera/sixteen-nine'), 'two cameras back');
    await page.keyboard.press('Escape');
    await waitFor(async () => (await visibleTiles()).length === 4, 'the grid again');
    expect(page.url()).not.toContain('#/camera/');
    expect(await page.isVisible('[data-testid="single-bar"]')).toBe(false);

    // Zoom: the wheel zooms in toward the pointer, a double click zooms out, another camera starts unzoomed.
    await page.goto(`${server.url}/#/camera/square`);
    await drawn(page, 'square');
    const view = page.locator(`${tile('square')} [data-testid="tile-view"]`);
    const box = (await view.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -500);
    const transform = () => page.$eval(`${tile('square')} canvas`, (c) => (c as HTMLCanvasElement).style.transform);
    await waitFor(async () => /scale\((\d|\.)+\)/.test(await transform()), 'zoomed in');
    expect(Number(/scale\(([\d.]+)\)/.exec(await transform())![1])).toBeGreaterThan(2);
    await view.dblclick();
    await waitFor(async () => (await transform()) === '', 'zoomed out by a double click');
    await page.mouse.wheel(0, -500);
    await waitFor(async () => (await transform()) !== '', 'zoomed in again');
    await page.keyboard.press('ArrowRight');
    await waitFor(async () => page.url().endsWith('#/camera/portrait'), 'the next camera');
    expect(await page.$eval(`${tile('portrait')} canvas`, (c) => (c as HTMLCanvasElement).style.transform)).toBe('');
    // Keys go to what is open over the view: Esc closes the links dialog, not the camera.
    await page.click(`${tile('portrait')} [data-testid="tile-links"]`);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Escape');
    await waitFor(async () => !(await page.isVisible('[data-testid="links-dialog"]')), 'the dialog closed');
    expect(page.url()).toContain('#/camera/portrait');
    await page.goto(server.url);
    await waitFor(async () => (await visibleTiles()).length === 4, 'the grid');

    await page.focus(tile('four-three'));
    await page.keyboard.press('Enter');
    await waitFor(async () => page.url().endsWith('#/camera/four-three'), 'opened with Enter');
    await page.click('[data-testid="single-back"]');
    await waitFor(async () => (await visibleTiles()).length === 4, 'back to the grid with the button');
    await close();
  });

  it("saves the frame on screen as a JPEG of the camera's resolution, named after the camera and the time", async () => {
    const { page, close } = await openMonitor(browser(), server.url);
    await drawn(page, 'sixteen-nine');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(`${tile('sixteen-nine')} [data-testid="tile-snapshot"]`)]);
    expect(download.suggestedFilename()).toMatch(/^sixteen-nine_\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}\.jpg$/);
    const bytes = await readFile((await download.path())!);
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    const meta = await sharp(bytes).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 1280, 720]);
    await close();
  });

  it('pauses one camera and resumes it, saying so on the tile; shows its stream and snapshot links', async () => {
    const { page, close } = await openMonitor(browser(), server.url);
    // A wide tile: the portrait camera's narrow one shows its name and status, its buttons in the single view (#31).
    await drawn(page, 'four-three');
    await page.click(`${tile('four-three')} [data-testid="tile-pause"]`);
    await waitFor(async () => (await page.textContent(`${tile('four-three')} [data-testid="camera-status"]`)) === 'paused', 'paused');
    const frozen = Number(await page.textContent(`${tile('four-three')} [data-testid="frame-count"]`));
    await drawn(page, 'square');
    const squareNow = Number(await page.textContent(`${tile('square')} [data-testid="frame-count"]`));
    await waitFor(async () => Number(await page.textContent(`${tile('square')} [data-testid="frame-count"]`)) > squareNow + 2, 'other cameras go on');
    expect(Number(await page.textContent(`${tile('four-three')} [data-testid="frame-count"]`))).toBe(frozen);
    await page.click(`${tile('four-three')} [data-testid="tile-pause"]`);
    await waitFor(async () => Number(await page.textContent(`${tile('four-three')} [data-testid="frame-count"]`)) > frozen, 'frames again after resuming');

    await page.click(`${tile('four-three')} [data-testid="tile-links"]`);
    expect(await page.inputValue('[data-testid="link-mjpeg"]')).toBe(`${server.url}/api/cameras/four-three/stream.mjpeg`);
    expect(await page.inputValue('[data-testid="link-snapshot"]')).toBe(`${server.url}/api/cameras/four-three/snapshot.jpg`);
    await page.click('[data-testid="links-close"]');
    expect(await page.isVisible('[data-testid="links-dialog"]')).toBe(false);
    await close();
  });

  it('fits four cameras in a 1280×800 window, and keeps a chosen layout, compact tiles and theme after a reload', async () => {
    const { page, close } = await openMonitor(browser(), server.url);
    await page.setViewportSize({ width: 1280, height: 800 });
    for (const s of SHAPES) await drawn(page, s.id);
    const scrollHeight = () => page.evaluate(() => document.scrollingElement!.scrollHeight);
    await waitFor(async () => (await scrollHeight()) <= 800, 'every camera in the window, no scrolling');

    await page.click('[data-testid="menu-toggle"]');
    await page.selectOption('[data-testid="density"]', '1');
    await page.check('[data-testid="compact-toggle"]');
    await page.click('[data-testid="theme-toggle"]');
    expect(await page.textContent('[data-testid="theme-toggle"]')).toBe('Theme: light');
    await page.click('[data-testid="theme-toggle"]');
    expect(await page.textContent('[data-testid="theme-toggle"]')).toBe('Theme: dark');
    await page.reload();
    await drawn(page, 'square');
    expect(await page.getAttribute('[data-testid="camera-grid"]', 'data-density')).toBe('1');
    // One across: a 16:9 picture as wide as the page, and the square one alone on its row, as tall as the window allows (#31).
    expect((await page.locator(`${tile('sixteen-nine')} [data-testid="tile-view"]`).boundingBox())!.width).toBeGreaterThan(1100);
    const square = (await page.locator(`${tile('square')} [data-testid="tile-view"]`).boundingBox())!;
    expect(square.height).toBeGreaterThan(600);
    expect(Math.abs(square.x + square.width / 2 - 640)).toBeLessThan(20);
    expect(await page.isVisible(`${tile('portrait')} [data-testid="tile-stats"]`)).toBe(false);
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(11, 14, 19)');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.evaluate(() => localStorage.clear());
    await close();
  });

  it('on a phone: a header of at most 64 px, tiles full width with one line of figures, 44 px targets, no sideways scrolling', async () => {
    const context = await browser().newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, hasTouch: true });
    const login = await context.request.post(`${server.url}/api/login`, {
      data: { username: 'admin', password: server.config.adminPassword },
      headers: { origin: server.url },
    });
    expect(login.ok()).toBe(true);
    const page = await context.newPage();
    await page.goto(server.url);
    for (const s of SHAPES) await drawn(page, s.id);
    const header = (await page.locator('header.bar').boundingBox())!;
    expect(header.height).toBeLessThanOrEqual(64);
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(390);
    const view = (await page.locator(`${tile('square')} [data-testid="tile-view"]`).boundingBox())!;
    expect(view.width).toBeGreaterThan(350);
    const stats = (await page.locator(`${tile('square')} [data-testid="tile-stats"]`).boundingBox())!;
    expect(stats.height).toBeLessThan(40);
    for (const target of ['[data-testid="menu-toggle"]', `${tile('square')} [data-testid="tile-snapshot"]`, `${tile('square')} [data-testid="tile-open"]`]) {
      const box = (await page.locator(target).boundingBox())!;
      expect(Math.min(box.width, box.height), target).toBeGreaterThanOrEqual(44);
    }
    // The rest of the header is behind the menu.
    expect(await page.isVisible('[data-testid="diagnostics-toggle"]')).toBe(false);
    await page.tap('[data-testid="menu-toggle"]');
    expect(await page.isVisible('[data-testid="diagnostics-toggle"]')).toBe(true);
    await context.close();
  });
});
