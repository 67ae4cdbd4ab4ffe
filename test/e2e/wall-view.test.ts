/**
 * The wall view (#41 item 6) in a real Chromium at 1920×1080: `#/wall` shows 16 cameras at 10 fps, every tile on
 * screen with its name over its picture and drawing, no page header; a camera that stops says "offline" on its tile
 * and one whose frames stop says "stalled", while the others keep drawing; this browser opens the wall again on a
 * plain reload until Esc leaves it; the menu's Wall button enters it and the exit button shown on a mouse move
 * leaves it. CAMRELAY_SHOTS=<folder> saves wall-1920.png, wall-offline-1920.png, wall-1280.png and wall-390.png.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { CaptureClient } from '../../capture-client/capture-client.js';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { makeJpeg } from '../helpers/jpeg.js';
import { startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

const IDS = Array.from({ length: 16 }, (_, i) => `cam${String(i + 1).padStart(2, '0')}`);
const SHOTS = process.env.CAMRELAY_SHOTS;

interface WallTile {
  id: string;
  /** The whole tile inside the window. */
  onScreen: boolean;
  /** The camera's name as shown over the picture: visible, inside the tile. */
  name: string;
  nameShown: boolean;
  /** The status pill's words, and the overlay's over the picture. */
  pill: string;
  overlay: string;
}

function wallTiles(page: Page): Promise<WallTile[]> {
  return page.$$eval('[data-testid="camera-tile"]', (tiles) =>
    tiles.map((t) => {
      const box = t.getBoundingClientRect();
      const name = t.querySelector<HTMLElement>('[data-testid="camera-name"]')!;
      const nb = name.getBoundingClientRect();
      return {
        id: (t as HTMLElement).dataset.cameraId!,
        onScreen: box.width > 0 && box.top >= 0 && box.left >= 0 && box.bottom <= innerHeight && box.right <= innerWidth,
        name: name.innerText,
        nameShown: nb.width > 0 && nb.top >= box.top && nb.bottom <= box.bottom && getComputedStyle(name).visibility !== 'hidden',
        pill: t.querySelector<HTMLElement>('[data-testid="camera-status"]')!.innerText.trim().toLowerCase(),
        overlay: t.querySelector<HTMLElement>('[data-testid="tile-overlay"]')!.innerText,
      };
    }),
  );
}

/** Cameras drawn since the page opened or the last clear (the page's draw hook, as monitor-page.ts installs it). */
function drawn(page: Page): Promise<Set<string>> {
  return page.evaluate(() => [...new Set((window as unknown as { __drawn: string[] }).__drawn)]).then((ids) => new Set(ids));
}

/** A camera whose frames can stop while it stays connected: its tile stalls rather than goes offline. */
async function stallableCamera(server: TestServer, id: string, seed: number): Promise<TestCamera & { stall(): void }> {
  const jpeg = await makeJpeg(320, 180, seed);
  const client = new CaptureClient({ server: server.url, token: server.captureToken, cameraId: id, transport: 'auto', ackTimeoutMs: 2000, fps: 10 });
  const timer = setInterval(() => client.push({ jpeg, capturedAt: Date.now() }), 100);
  return {
    client,
    events: [],
    stall: () => clearInterval(timer),
    stop() {
      clearInterval(timer);
      client.close();
    },
  };
}

const clearDrawn = (page: Page) => page.evaluate(() => void ((window as unknown as { __drawn: string[] }).__drawn.length = 0));
const headerShown = (page: Page) => page.locator('header.bar').isVisible();
const onWall = (page: Page) => page.evaluate(() => document.body.hasAttribute('data-wall') && location.hash === '#/wall');

describe.runIf(browserAvailable())('The wall view (#41 item 6) in Chromium', () => {
  const browser = useBrowser();
  let server: TestServer;
  const cameras: TestCamera[] = [];
  let context: BrowserContext;
  let page: Page;
  let stalling: Awaited<ReturnType<typeof stallableCamera>>;

  beforeAll(async () => {
    server = await startTestServer();
    for (const [i, id] of IDS.slice(0, 14).entries()) {
      cameras.push(await startCamera(server.url, server.captureToken, id, { fps: 10, frames: [await makeJpeg(320, 180, i)] }));
    }
    stalling = await stallableCamera(server, 'cam15', 14);
    cameras.push(stalling, await startCamera(server.url, server.captureToken, 'cam16', { fps: 10, frames: [await makeJpeg(320, 180, 15)] }));
    context = await browser().newContext({ viewport: { width: 1920, height: 1080 } });
    await context.addInitScript(() => {
      const w = window as unknown as { __drawn: string[]; __camrelayOnDraw: (m: { cameraId: string }) => void };
      w.__drawn = [];
      w.__camrelayOnDraw = (m) => void w.__drawn.push(m.cameraId);
    });
    page = await context.newPage();
    const login = await page.request.post(`${server.url}/api/login`, { data: TEST_ADMIN, headers: { origin: server.url } });
    expect(login.ok()).toBe(true);
  });
  afterAll(async () => {
    await context?.close();
    cameras.forEach((c) => c.stop());
    await stopTestServer(server);
  });

  it('shows 16 cameras at 1920×1080 on its own address: every tile on screen, named, drawing, and no header', async () => {
    await page.goto(`${server.url}/#/wall`);
    const tiles = await waitFor(
      async () => {
        const t = await wallTiles(page);
        return t.length === 16 && t.every((x) => x.onScreen && x.nameShown && x.pill === 'live') ? t : null;
      },
      '16 live tiles on screen with their names',
      30_000,
      200,
    ).catch(async (err: Error) => {
      throw new Error(`${err.message}: ${JSON.stringify((await wallTiles(page)).filter((t) => !t.onScreen || !t.nameShown || t.pill !== 'live'))}`);
    });
    expect(tiles.map((t) => t.name)).toEqual(IDS);
    expect(await headerShown(page)).toBe(false);
    expect(await page.locator('[data-testid="tile-stats"]').first().isVisible()).toBe(false);
    expect(await page.evaluate(() => document.scrollingElement!.scrollHeight <= innerHeight)).toBe(true);
    // Drawing, not a still: after a clear, every camera draws again.
    await clearDrawn(page);
    await waitFor(async () => (await drawn(page)).size === 16, 'a further frame drawn in every tile', 30_000, 200);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/wall-1920.png` });
  });

  it('says "offline" on the tile of a camera that stops and "stalled" on one whose frames stop, while the others keep drawing', async () => {
    cameras[15]!.stop();
    stalling.stall();
    const gone = await waitFor(
      async () => (await wallTiles(page)).find((t) => t.id === 'cam16' && t.pill === 'offline' && t.overlay.includes('Camera offline')),
      'cam16 shown offline',
      30_000,
      200,
    );
    expect(gone.nameShown).toBe(true);
    await waitFor(
      async () => (await wallTiles(page)).find((t) => t.id === 'cam15' && t.pill === 'stalled' && t.overlay.includes('Stalled')),
      'cam15 shown stalled',
      30_000,
      200,
    );
    await clearDrawn(page);
    await waitFor(
      async () => {
        const d = await drawn(page);
        return IDS.slice(0, 14).every((id) => d.has(id));
      },
      'the 14 others drawing',
      30_000,
      200,
    );
    // A busy box can hold a draw past the 2 s that stalls a tile: the others are live again within the deadline.
    await waitFor(async () => (await wallTiles(page)).slice(0, 14).every((t) => t.pill === 'live'), 'the 14 others live', 30_000, 200);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/wall-offline-1920.png` });
  });

  it('opens again on a plain reload of the Live Monitor, until Esc leaves it for the grid', async () => {
    await page.goto('about:blank');
    await page.goto(`${server.url}/`);
    await waitFor(() => onWall(page), 'the wall opened again with no address');
    expect(await headerShown(page)).toBe(false);
    await page.keyboard.press('Escape');
    await waitFor(async () => !(await onWall(page)) && (await headerShown(page)), 'the grid and its header after Esc');
    await page.goto('about:blank');
    await page.goto(`${server.url}/`);
    await waitFor(() => headerShown(page), 'the grid after a reload');
    expect(await onWall(page)).toBe(false);
  });

  it("enters from the menu's Wall button and leaves by the exit button a mouse move shows", async () => {
    await page.getByTestId('wall-toggle').click();
    await waitFor(async () => (await onWall(page)) && !(await headerShown(page)), 'the wall from its button');
    await page.mouse.move(400, 300);
    await page.mouse.move(420, 320);
    await page.getByTestId('wall-exit').click();
    await waitFor(async () => !(await onWall(page)) && (await headerShown(page)), 'the grid after the exit button');
  });

  it('fits the window at 1280×800 and lays tiles one across on a phone', async () => {
    await page.goto(`${server.url}/#/wall`);
    await page.setViewportSize({ width: 1280, height: 800 });
    await waitFor(async () => {
      const t = await wallTiles(page);
      return t.length === 16 && t.every((x) => x.onScreen && x.nameShown);
    }, '16 tiles on screen at 1280×800');
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/wall-1280.png` });
    await page.setViewportSize({ width: 390, height: 844 });
    await waitFor(async () => {
      const [first] = await wallTiles(page);
      return first?.onScreen && first.nameShown && (await page.$eval('[data-testid="camera-tile"]', (t) => t.getBoundingClientRect().width)) > 300;
    }, 'the first tile one across on a phone');
    expect(await headerShown(page)).toBe(false);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/wall-390.png` });
  });
});
