/**
 * Auto layout fits many cameras (#37 item 15), in a real Chromium: 16 cameras in a 1280×800 window and
 * 25 in 1920×1080 are all on screen and drawing (a camera off screen would be paused), and each tile
 * still shows its frame count and lost count, the figures the tiles are watched for; as does a tile
 * in a grid three across. CAMRELAY_SHOTS=<folder> saves each at desktop and phone sizes.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { makeJpeg } from '../helpers/jpeg.js';
import { openMonitor, type MonitorPage } from '../helpers/monitor-page.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

const ids = (count: number) => Array.from({ length: count }, (_, i) => `cam${String(i + 1).padStart(2, '0')}`);

interface TileSight {
  id: string;
  /** The whole tile inside the window. */
  onScreen: boolean;
  status: string;
  received: number;
  /** Each figure shown whole in the tile's footer: not hidden, not on the cut second line. */
  frames: boolean;
  lost: boolean;
}

/** Every tile as a person sees it. */
function sight(page: Page): Promise<TileSight[]> {
  return page.$$eval('[data-testid="camera-tile"]', (tiles) =>
    tiles.map((t) => {
      const box = t.getBoundingClientRect();
      const foot = t.querySelector('[data-testid="tile-stats"]')!.getBoundingClientRect();
      const shown = (testId: string) => {
        const value = t.querySelector(`[data-testid="${testId}"]`)!;
        const cell = value.closest('.stat')!.getBoundingClientRect();
        return getComputedStyle(value.closest('.stat')!).display !== 'none' && cell.width > 0 && cell.bottom <= foot.bottom && cell.right <= foot.right + 0.5;
      };
      const title = t.querySelector('[data-testid="frame-count"]')!.getAttribute('title') ?? '';
      return {
        id: (t as HTMLElement).dataset.cameraId!,
        onScreen: box.top >= 0 && box.left >= 0 && box.bottom <= innerHeight && box.right <= innerWidth,
        status: (t as HTMLElement).dataset.status ?? '',
        received: Number(/of (\d+) received/.exec(title)?.[1] ?? 0),
        frames: shown('frame-count'),
        lost: shown('lost-frames'),
      };
    }),
  );
}

/** Waits until every one of `count` tiles is on screen, live and has received frames, and returns what each shows. */
async function allSeen(page: Page, count: number): Promise<TileSight[]> {
  return waitFor(
    async () => {
      const tiles = await sight(page);
      return tiles.length === count && tiles.every((t) => t.onScreen && t.status === 'live' && t.received > 0) ? tiles : null;
    },
    `${count} tiles on screen and live`,
    30_000,
    200,
  ).catch(async (err: Error) => {
    throw new Error(`${err.message}: ${JSON.stringify((await sight(page)).filter((t) => !t.onScreen || t.status !== 'live'))}`);
  });
}

describe.runIf(browserAvailable())('Auto layout with many cameras in Chromium', () => {
  const browser = useBrowser();
  let server: TestServer;
  const cameras: TestCamera[] = [];
  let monitor: MonitorPage;
  const shots = process.env.CAMRELAY_SHOTS;
  let frames: Buffer[];

  beforeAll(async () => {
    server = await startTestServer();
    frames = [await makeJpeg(320, 180)];
    for (const id of ids(16)) cameras.push(await startCamera(server.url, server.captureToken, id, { fps: 2, frames }));
    monitor = await openMonitor(browser(), server.url);
  });
  afterAll(async () => {
    await monitor?.close();
    cameras.forEach((c) => c.stop());
    await stopTestServer(server);
  });

  it('fits 16 cameras in a 1280×800 window, each drawing and showing its frames and lost counts', async () => {
    const { page } = monitor;
    await page.setViewportSize({ width: 1280, height: 800 });
    const tiles = await allSeen(page, 16);
    expect(tiles.filter((t) => !t.frames || !t.lost)).toEqual([]);
    // Drawing, not a still: each tile's count goes on.
    const before = new Map(tiles.map((t) => [t.id, t.received]));
    await waitFor(async () => (await sight(page)).every((t) => t.received > before.get(t.id)!), 'a further frame in every tile', 30_000, 200);
    expect(await page.evaluate(() => document.scrollingElement!.scrollHeight <= innerHeight)).toBe(true);
    if (shots) await page.screenshot({ path: `${shots}/auto-16-desktop.png` });
  });

  it('keeps frames and lost in a tile of a grid three across at 1280 px', async () => {
    const { page } = monitor;
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByTestId('menu-toggle').click();
    await page.selectOption('[data-testid="density"]', '3');
    await page.getByTestId('menu-toggle').click();
    await waitFor(async () => (await page.$eval('[data-testid="camera-tile"]', (t) => t.getBoundingClientRect().width)) > 380, 'tiles three across');
    const first = (await sight(page)).slice(0, 3);
    expect(first.map((t) => [t.frames, t.lost])).toEqual([
      [true, true],
      [true, true],
      [true, true],
    ]);
    if (shots) await page.screenshot({ path: `${shots}/three-across-desktop.png` });
    await page.getByTestId('menu-toggle').click();
    await page.selectOption('[data-testid="density"]', 'auto');
    await page.getByTestId('menu-toggle').click();
  });

  it('fits 25 cameras in a 1920×1080 window, and lays them one across on a phone, where the page scrolls', async () => {
    const { page } = monitor;
    for (const id of ids(25).slice(16)) cameras.push(await startCamera(server.url, server.captureToken, id, { fps: 2, frames }));
    await page.setViewportSize({ width: 1920, height: 1080 });
    const tiles = await allSeen(page, 25);
    expect(tiles.filter((t) => !t.frames || !t.lost)).toEqual([]);
    expect(await page.evaluate(() => document.scrollingElement!.scrollHeight <= innerHeight)).toBe(true);
    if (shots) await page.screenshot({ path: `${shots}/auto-25-desktop.png` });

    await page.setViewportSize({ width: 390, height: 844 });
    // The grid refits on the window's resize event, and each tile's figures on its next size check
    // (tile-widths.ts): until then the 1920 px layout's small tiles, frames and lost dropped for
    // width, still stand in the narrow window (CI 32d read them so), so wait for one across.
    const oneAcross = async () => (await page.$eval('[data-testid="camera-tile"]', (t) => t.getBoundingClientRect().width)) > 300;
    let phone: TileSight[] = [];
    await waitFor(async () => {
      phone = await sight(page);
      const counted = phone.every((t) => !t.onScreen || (t.frames && t.lost));
      return phone.length === 25 && phone[0]!.onScreen && phone[0]!.status === 'live' && counted && (await oneAcross());
    }, 'the first tile on a phone, one across, each on screen showing frames and lost').catch((err: Error) => {
      throw new Error(`${err.message}: ${JSON.stringify(phone.filter((t) => t.onScreen))}`);
    });
    // Most are below the fold, and every tile on screen shows its counts.
    expect(phone.filter((t) => t.onScreen).length).toBeLessThan(25);
    expect(phone.filter((t) => t.onScreen && (!t.frames || !t.lost))).toEqual([]);
    if (shots) await page.screenshot({ path: `${shots}/auto-25-phone.png` });
  });
});
