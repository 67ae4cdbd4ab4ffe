/**
 * Issue #28 in a real Chromium: tiles out of the window (below the fold, paused, in a hidden tab) are sent
 * no frames, say so instead of "stalled", and draw the newest frame when they are seen again; read
 * from the `subscribe` events the relay receives and the frames each tile says it received.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubscribeRequest } from '../../shared/subscription.js';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { openMonitor, type MonitorPage } from '../helpers/monitor-page.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

const run = browserAvailable();

// Twelve cameras in a narrow window (600×800): one across, so the last rows are well below the fold
// (a 1280×800 window fits 16 since #37).
const CAMERAS = Array.from({ length: 12 }, (_, i) => `cam${String(i).padStart(2, '0')}`);
const FIRST = CAMERAS[0]!;
const LAST = CAMERAS.at(-1)!;
const tile = (id: string) => `[data-testid="camera-tile"][data-camera-id="${id}"]`;
/** The status a tile shows (`off-screen`, `live`, …), as its `data-status`. */
const status = (page: Page, id: string) => page.getAttribute(tile(id), 'data-status');

/** Frames of a camera that reached this page (drawn or not), from its tile's frame-count tooltip. */
async function received(page: Page, id: string): Promise<number> {
  const title = await page.getAttribute(`${tile(id)} [data-testid="frame-count"]`, 'title');
  return Number(/of (\d+) received/.exec(title ?? '')?.[1] ?? NaN);
}

/** Cameras whose tile lies below the window by more than the sight margin (100 px). */
function farBelow(page: Page): Promise<string[]> {
  return page.$$eval('[data-testid="camera-tile"]', (tiles) =>
    tiles.filter((t) => t.getBoundingClientRect().top > innerHeight + 150).map((t) => (t as HTMLElement).dataset.cameraId!),
  );
}

describe.runIf(run)('Tile sight in Chromium', () => {
  const browser = useBrowser();
  let server: TestServer;
  const cameras: TestCamera[] = [];
  /** Every subscribe the relay received, in order. */
  const asks: SubscribeRequest[] = [];
  const lastIds = () => asks.at(-1)?.cameraIds;
  let monitor: MonitorPage;

  beforeAll(async () => {
    server = await startTestServer();
    server.io.of('/monitor').on('connection', (socket) => socket.on('subscribe', (req: SubscribeRequest) => asks.push(req)));
    for (const id of CAMERAS) cameras.push(await startCamera(server.url, server.captureToken, id, { fps: 5 }));
    monitor = await openMonitor(browser(), server.url);
    await monitor.page.setViewportSize({ width: 600, height: 800 });
    await waitFor(async () => (await monitor.frameCount(FIRST)) > 0, 'a frame of the first camera drawn');
  });
  afterAll(async () => {
    await monitor?.close();
    cameras.forEach((c) => c.stop());
    await stopTestServer(server);
  });

  it('asks only for the tiles in view, and those below the fold receive nothing while the others flow', async () => {
    const { page } = monitor;
    const below = await farBelow(page);
    expect(below).toContain(LAST);
    const ids = await waitFor(() => {
      const asked = lastIds();
      return Array.isArray(asked) && asked.includes(FIRST) && !below.some((id) => asked.includes(id)) ? asked : null;
    }, 'a subscribe for the tiles in view only');
    expect(ids.length).toBeLessThan(CAMERAS.length);

    const before = await Promise.all(below.map((id) => received(page, id)));
    const first = await received(page, FIRST);
    await waitFor(async () => (await received(page, FIRST)) >= first + 8, 'eight more frames of a camera in view');
    expect(await Promise.all(below.map((id) => received(page, id)))).toEqual(before);
    expect(before.every((n) => n === 0)).toBe(true);
    expect(await status(monitor.page, LAST)).toBe('off-screen');
    await expect(page.textContent(`${tile(LAST)} [data-testid="tile-overlay"]`)).resolves.toContain('Paused off-screen');
    // The header counts the relay's word: every camera live, none stalled.
    await expect(page.textContent('[data-testid="camera-count"]')).resolves.toContain(`${CAMERAS.length} live`);
  });

  it('draws the newest frame of a tile scrolled into view, and stops asking for one scrolled away', async () => {
    const { page } = monitor;
    await monitor.clearDraws();
    const newest = server.relay.latestFrame(LAST)!.meta.seq;
    await page.locator(tile(LAST)).scrollIntoViewIfNeeded();
    const draw = await waitFor(async () => (await monitor.draws()).find((d) => d.cameraId === LAST), `a frame of ${LAST} drawn once in view`);
    // Not a backlog from before: the relay's newest at the time of the scroll, or a later one.
    expect(draw.seq).toBeGreaterThanOrEqual(newest);
    await waitFor(async () => (await status(monitor.page, LAST)) === 'live', `${LAST} live`);

    await page.evaluate(() => scrollTo(0, 0));
    await waitFor(() => {
      const asked = lastIds();
      return Array.isArray(asked) && asked.includes(FIRST) && !asked.includes(LAST);
    }, `${LAST} left out of the subscribe once scrolled away`);
    await waitFor(async () => (await status(monitor.page, LAST)) === 'off-screen', `${LAST} says off-screen`);
  });

  it('leaves a camera paused by the person out of the subscribe, and draws its newest frame on resume', async () => {
    const { page } = monitor;
    const pause = `${tile(FIRST)} [data-testid="tile-pause"]`;
    await page.click(pause);
    await waitFor(() => Array.isArray(lastIds()) && !lastIds()!.includes(FIRST), `${FIRST} left out once paused`);
    // The page redraws the tile's words on its next frame: waited for, as the subscribe above was.
    await waitFor(async () => (await status(page, FIRST)) === 'paused', `${FIRST} says paused`);
    await monitor.clearDraws();
    const newest = server.relay.latestFrame(FIRST)!.meta.seq;
    await page.click(pause);
    await waitFor(() => Array.isArray(lastIds()) && lastIds()!.includes(FIRST), `${FIRST} asked for again on resume`);
    const draw = await waitFor(async () => (await monitor.draws()).find((d) => d.cameraId === FIRST), `a frame of ${FIRST} drawn on resume`);
    expect(draw.seq).toBeGreaterThanOrEqual(newest);
  });

  it('asks for nothing from a hidden tab, calls no tile stalled, and resumes with the newest frames', async () => {
    const { page } = monitor;
    const hide = (hidden: boolean) =>
      page.evaluate((h) => {
        Object.defineProperty(document, 'hidden', { value: h, configurable: true });
        Object.defineProperty(document, 'visibilityState', { value: h ? 'hidden' : 'visible', configurable: true });
        document.dispatchEvent(new Event('visibilitychange'));
      }, hidden);
    await hide(true);
    await waitFor(() => Array.isArray(lastIds()) && lastIds()!.length === 0, 'an empty subscribe from the hidden tab');
    // A frame already on its way when the relay read the subscribe may still land: count from two frames later.
    const asked = server.relay.latestFrame(FIRST)!.meta.seq;
    await waitFor(() => server.relay.latestFrame(FIRST)!.meta.seq >= asked + 2, 'two more frames at the relay');
    const before = await received(page, FIRST);
    // Three seconds of a 5 fps camera: past the 2 s stall watch, and ~15 frames it would have had.
    const since = server.relay.latestFrame(FIRST)!.meta.seq;
    await waitFor(() => server.relay.latestFrame(FIRST)!.meta.seq >= since + 15, 'fifteen more frames at the relay');
    expect(await received(page, FIRST)).toBe(before);
    expect(await status(monitor.page, FIRST)).toBe('off-screen');
    await expect(page.textContent('[data-testid="camera-count"]')).resolves.toContain(`${CAMERAS.length} live`);

    await monitor.clearDraws();
    const newest = server.relay.latestFrame(FIRST)!.meta.seq;
    await hide(false);
    const draw = await waitFor(async () => (await monitor.draws()).find((d) => d.cameraId === FIRST), `a frame of ${FIRST} drawn on return`);
    expect(draw.seq).toBeGreaterThanOrEqual(newest);
    await waitFor(async () => (await status(monitor.page, FIRST)) === 'live', `${FIRST} live again`);
  });
});
