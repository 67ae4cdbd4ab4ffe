/**
 * The events page in Chromium against a real relay: a recorded camera with a motion event shows a
 * card with a picture, filtered by camera and day, and a click plays the recording from 5 s before.
 * The event's file is written beside the segments (as the event log writes them:
 * server/recording/segment-files.ts), so its time is exact; test/e2e/record-motion.test.ts has the
 * relay detect one itself.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seqJpeg } from '../server/recording/media.js';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { stopTestServer } from '../helpers/server.js';
import { openPage, postFrame, recordScene, type Scene } from './playback-scene.js';

const run = browserAvailable();

describe.runIf(run)('the events page (Chromium, relay, ffmpeg)', () => {
  const browser = useBrowser();
  let scene: Scene;
  let context: BrowserContext;
  let page: Page;
  let start: number;

  beforeAll(async () => {
    scene = await recordScene(150);
    await postFrame(scene.server, 'yard', 1, Date.now(), await seqJpeg(1));
    // Motion from frame 105 (10.5 s in) to frame 135. Its 5 s lead lands mid-segment (segments are 5 s):
    // at frame 100 it fell on a segment's first frame, and a late frame there made the page start 28 ms on.
    start = scene.timeOf(105);
    await scene.server.recording.files.writeEvent({ id: String(start), camera: 'door', start, end: scene.timeOf(135), peakScore: 7.5 });
    context = await browser().newContext({ viewport: { width: 1280, height: 800 }, timezoneId: 'America/St_Johns' });
    page = await openPage(() => context.newPage(), scene.server, '');
    await page.waitForSelector('[data-testid="camera-tile"][data-camera-id="door"]');
  });

  afterAll(async () => {
    await context?.close();
    await stopTestServer(scene?.server);
  });

  it('opens from the header and shows the event with a picture of its start', async () => {
    await page.click('[data-testid="events-toggle"]');
    await page.waitForSelector('[data-testid="event-card"]');
    expect(page.url()).toMatch(/#\/events$/);
    expect(await page.isVisible('[data-testid="camera-grid"]')).toBe(false);
    expect(await page.textContent('[data-testid="events-status"]')).toBe('1 motion event');
    expect(await page.textContent('[data-testid="events-day"]')).toMatch(/^Today · /);
    // The event's length is the motion's, as the frames reached the relay: 3 s on a quiet box, more when a loaded one delays
    // its frames (5 s in a CI run at load 16). The page says the length the event holds, in whole seconds.
    const text = (await page.textContent('[data-testid="event-time"]')) ?? '';
    expect(text).toMatch(/^\d\d:\d\d:\d\d · \d+ s · 7\.5% changed$/);
    const lasted = (scene.timeOf(135) - start) / 1000;
    expect(Number(/ (\d+) s /.exec(text)![1])).toBeGreaterThanOrEqual(Math.floor(lasted));
    expect(Number(/ (\d+) s /.exec(text)![1])).toBeLessThanOrEqual(Math.ceil(lasted));
    // The picture has loaded: a thumbnail image, or the recorded frame at the start.
    await page.waitForFunction(() => {
      const t = document.querySelector('[data-testid="event-thumbnail"]');
      return t instanceof HTMLImageElement ? t.complete && t.naturalWidth > 0 : t instanceof HTMLVideoElement && t.readyState >= 2;
    });
  });

  it('filters by camera and moves between days', async () => {
    await page.selectOption('[data-testid="events-camera"]', 'yard');
    await expect.poll(() => page.textContent('[data-testid="events-status"]')).toBe('No motion events on this day.');
    expect(await page.locator('[data-testid="event-card"]').count()).toBe(0);
    await page.selectOption('[data-testid="events-camera"]', '');
    await page.waitForSelector('[data-testid="event-card"]');
    await page.click('[data-testid="events-prev-day"]');
    await expect.poll(() => page.textContent('[data-testid="events-status"]')).toBe('No motion events on this day.');
    expect(await page.textContent('[data-testid="events-day"]')).toMatch(/^Yesterday · /);
    expect(await page.isDisabled('[data-testid="events-next-day"]')).toBe(false);
    await page.click('[data-testid="events-next-day"]');
    await page.waitForSelector('[data-testid="event-card"]');
    expect(await page.isDisabled('[data-testid="events-next-day"]')).toBe(true);
  });

  it('plays the camera from 5 s before the event when its card is clicked, and Back returns to the events', async () => {
    await page.click('[data-testid="event-card"]');
    await page.waitForFunction(() => {
      const v = document.querySelector<HTMLVideoElement>('[data-testid="playback-video"]');
      return v !== null && !v.paused && v.readyState >= 2;
    });
    expect(page.url()).toContain(`#/camera/door/at/${start - 5000}`);
    const shown = Number(await page.getAttribute('[data-testid="playback-screen"]', 'data-time'));
    // Playing on from there: a little later, never before.
    expect(shown).toBeGreaterThanOrEqual(start - 5000 - 150);
    expect(shown).toBeLessThan(start);
    expect(await page.isVisible('[data-testid="events-page"]')).toBe(false);
    await page.click('[data-testid="single-back"]');
    await page.waitForSelector('[data-testid="events-page"]', { state: 'visible' });
    expect(await page.isVisible('[data-testid="playback-screen"]')).toBe(false);
  });

  it('says in words that an event was cut short by the relay stopping, and plays it from where its recording begins', async () => {
    // 2 s into the recording: 5 s before it nothing was recorded yet. Closed at a restart, as server/recording/repair.ts does.
    const early = scene.timeOf(20);
    await scene.server.recording.files.writeEvent({ id: String(early), camera: 'door', start: early, end: scene.timeOf(40), peakScore: 3, cutShort: true });
    await page.click('[data-testid="events-prev-day"]');
    await page.click('[data-testid="events-next-day"]');
    const card = page.locator(`[data-testid="event-card"][data-start="${early}"]`);
    await card.waitFor();
    expect(await card.locator('[data-testid="event-cut-short"]').textContent()).toBe('Cut short: the relay stopped');
    expect(await card.locator('[data-testid="event-time"]').textContent()).not.toContain('still going');
    const first = scene.segments[0]!.start;
    // Less than the 5 s lead before the event: as much as was recorded.
    expect(await card.getAttribute('aria-label')).toMatch(
      new RegExp(`cut short by the relay stopping: play from ${Math.round((early - first) / 1000)} s before$`),
    );
    await card.click();
    await page.waitForFunction(() => {
      const v = document.querySelector<HTMLVideoElement>('[data-testid="playback-video"]');
      return v !== null && !v.paused && v.readyState >= 2;
    });
    expect(page.url()).toContain(`#/camera/door/at/${first}`);
    expect(await page.isVisible('[data-testid="playback-notice"]')).toBe(false);
    const shown = Number(await page.getAttribute('[data-testid="playback-screen"]', 'data-time'));
    expect(shown).toBeGreaterThanOrEqual(first);
    expect(shown).toBeLessThan(early);
  });
});
