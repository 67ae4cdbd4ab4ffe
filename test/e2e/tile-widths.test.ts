/**
 * Issue #17 in a real Chromium: the Live Monitor tells the relay the width it shows each camera at
 * (its tile's canvas in device pixels), asks again when the layout moves a rung, and leaves the
 * single view's camera out (native), as read from the `subscribe` events the relay receives.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renditionFor, type SubscribeRequest } from '../../shared/subscription.js';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { makeJpeg } from '../helpers/jpeg.js';
import { startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../helpers/server.js';
import { hideFirstRun } from '../helpers/first-run.js';
import { waitFor } from '../helpers/wait.js';

const run = browserAvailable();

const CAMERAS = ['door', 'yard', 'garage', 'porch'];
const tile = (id: string) => `[data-testid="camera-tile"][data-camera-id="${id}"]`;

/** Each laid-out tile's canvas width in device pixels, as the page measures it. */
function shownWidths(page: Page): Promise<Record<string, number>> {
  return page.$$eval('[data-testid="camera-tile"]', (tiles) => {
    const widths: Record<string, number> = {};
    for (const t of tiles) {
      const width = t.querySelector('canvas')!.getBoundingClientRect().width;
      if (width > 0) widths[(t as HTMLElement).dataset.cameraId!] = width * devicePixelRatio;
    }
    return widths;
  });
}

/** True when `asked` has exactly the cameras `ids`, each at the shown width rounded up, so on the same rung. */
function matches(asked: Record<string, number> | undefined, shown: Record<string, number>, ids: string[]): boolean {
  if (!asked || Object.keys(asked).sort().join() !== [...ids].sort().join()) return false;
  return ids.every((id) => {
    const want = Math.ceil(shown[id]! - 1e-6);
    return Math.abs(asked[id]! - want) <= 1 && renditionFor(asked[id]) === renditionFor(want);
  });
}

describe.runIf(run)('Tile widths in Chromium', () => {
  const browser = useBrowser();
  let server: TestServer;
  const cameras: TestCamera[] = [];
  /** Every subscribe the relay received, in order. */
  const asks: SubscribeRequest[] = [];
  const lastWidths = () => asks.at(-1)?.widths;
  let desktop: Record<string, number> = {};

  beforeAll(async () => {
    server = await startTestServer();
    server.io.of('/monitor').on('connection', (socket) => socket.on('subscribe', (req: SubscribeRequest) => asks.push(req)));
    // 720p cameras, so a tile's rung is smaller than what the camera sends.
    const frames = [await makeJpeg(1280, 720)];
    for (const id of CAMERAS) cameras.push(await startCamera(server.url, server.captureToken, id, { fps: 5, frames }));
  });
  afterAll(async () => {
    cameras.forEach((c) => c.stop());
    await stopTestServer(server);
  });

  /** A signed-in Live Monitor in its own context (viewport, devicePixelRatio), every camera drawn. */
  async function open(width: number, height: number, deviceScaleFactor: number): Promise<{ page: Page; context: BrowserContext }> {
    const context = await browser().newContext({ viewport: { width, height }, deviceScaleFactor });
    const login = await context.request.post(`${server.url}/api/login`, { data: TEST_ADMIN, headers: { origin: server.url } });
    expect(login.ok()).toBe(true);
    // The grid as a set-up admin sees it: the first-run checklist (#42) hidden, taking no room above the tiles.
    await hideFirstRun(context);
    const page = await context.newPage();
    await page.goto(server.url);
    for (const id of CAMERAS) {
      // A tile out of the window is sent nothing (#28): it draws once in view.
      await page.locator(tile(id)).scrollIntoViewIfNeeded();
      await waitFor(async () => Number(await page.textContent(`${tile(id)} [data-testid="frame-count"]`)) > 0, `a frame of ${id} drawn`);
    }
    return { page, context };
  }

  /** Waits until the last subscribe asks, for exactly `ids`, the widths the page shows them at now. */
  async function asksShown(page: Page, ids: string[], what: string): Promise<Record<string, number>> {
    return waitFor(async () => {
      const asked = lastWidths();
      return matches(asked, await shownWidths(page), ids) ? asked : null;
    }, what);
  }

  it('at 1280×800 asks each camera at its canvas width × devicePixelRatio, and asks again when the layout moves a rung', async () => {
    const { page, context } = await open(1280, 800, 1);
    desktop = await asksShown(page, CAMERAS, 'the widths of four tiles at 1280×800');
    // Four tiles across a desktop window: each well under the window, on a rung below native.
    for (const id of CAMERAS) expect(renditionFor(desktop[id])).not.toBeNull();
    // And the relay sends that rung (or, if this machine's load made the link look thin, a lower one
    // marked auto): each tile's figures show a rendition's size, not the camera's 1280×720.
    for (const id of CAMERAS) {
      const rung = renditionFor(desktop[id])!;
      const shown = (text: string | null) => /res\s*(\d+)×(\d+)( · auto)?/.exec(text ?? '');
      const rendition = async () => {
        const m = shown(await page.textContent(`${tile(id)} [data-testid="tile-stats"]`));
        // The first frames may still be native: they were sent before the page said its widths.
        return m && Number(m[1]) < 1280 ? m : null;
      };
      const res = await waitFor(rendition, `${id} drawn from a rendition`);
      const width = Number(res[1]);
      expect(width === rung || (width < rung && res[3] !== undefined), `${id}: ${res[0]} for rung ${rung}`).toBe(true);
    }

    // One column: every rung moves, and the relay is told. (That a width within the same rung tells it nothing is
    // test/dashboard/tiles/tile-widths.test.ts's: here subscribes also go for tiles coming into sight, and on a loaded
    // box one with the same rungs came apart from the column's, so they are not counted.)
    await page.setViewportSize({ width: 1200, height: 800 });
    await page.click('[data-testid="menu-toggle"]');
    await page.selectOption('[data-testid="density"]', '1');
    const wide = await asksShown(page, CAMERAS, 'the widths of one tile across');
    for (const id of CAMERAS) expect(renditionFor(wide[id])).toBeGreaterThan(renditionFor(desktop[id])!);
    await context.close();
  });

  it('on a 390×844 phone asks smaller widths, matching its tiles', async () => {
    const { page, context } = await open(390, 844, 1);
    const phone = await asksShown(page, CAMERAS, 'the widths of the tiles on a phone');
    for (const id of CAMERAS) {
      expect(phone[id]).toBeLessThanOrEqual(390);
      expect(phone[id]).toBeLessThan(desktop[id]!);
    }
    await context.close();
  });

  it('drops the single view’s camera from widths (native), and asks its grid width again on the way back', async () => {
    const { page, context } = await open(1280, 800, 2);
    await asksShown(page, CAMERAS, 'the widths of four tiles at devicePixelRatio 2');
    await page.click(`${tile('yard')} [data-testid="tile-view"]`);
    await waitFor(() => page.isVisible('[data-testid="single-bar"]'), 'the single view');
    const single = await waitFor(() => {
      const asked = lastWidths();
      return asked && !('yard' in asked) && Object.keys(asked).length === 3 ? asked : null;
    }, 'a subscribe without the single view’s camera');
    expect(Object.keys(single).sort()).toEqual(['door', 'garage', 'porch']);
    await page.keyboard.press('Escape');
    await asksShown(page, CAMERAS, 'every camera back in widths with the grid');
    await context.close();
  });

  it('sends a camera at the size picked in its tile, pinned, after a reload too, and back to auto', async () => {
    const { page, context } = await open(1280, 800, 1);
    const pick = `${tile('door')} [data-testid="rung-pick"]`;
    expect(await page.inputValue(pick)).toBe('auto');
    await page.selectOption(pick, '320');
    await waitFor(() => asks.at(-1)?.widths?.door === 320 && asks.at(-1)?.pinned?.join() === 'door', 'a subscribe with door pinned at 320');
    // What a person sees: the tile's size is the pinned one, with no "auto" (nothing was stepped down).
    const res = () => page.textContent(`${tile('door')} [data-testid="resolution"]`);
    await waitFor(async () => (await res()) === '320×180', 'door drawn at 320×180');
    await page.reload();
    await waitFor(async () => (await page.inputValue(pick).catch(() => '')) === '320', 'the pin kept after a reload');
    await waitFor(() => asks.at(-1)?.pinned?.join() === 'door' && asks.at(-1)?.widths?.door === 320, 'the pin sent again after the reload');
    await page.selectOption(pick, 'auto');
    await waitFor(() => asks.at(-1)?.pinned === undefined && asks.at(-1)?.widths?.door !== 320, 'auto again: nothing pinned, the tile’s width asked');
    await context.close();
  });
});
