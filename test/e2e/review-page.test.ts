/**
 * The review page (#/review, #57 item 4) in Chromium against a real relay, with two admins, Ana and
 * Ben: the day's alerts as cards with their labels, zones and boxes; a click plays the moment in the
 * single view and marks it seen for Ana alone; filters and search narrow what is shown; Tab reaches a
 * card and Enter plays it; "Mark all seen" empties Ben's unseen count. Events are written beside the
 * recordings as the event log writes them (with objects, boxes and pictures), as
 * test/e2e/detection-dashboard.test.ts does. With CAMRELAY_SHOTS set, the pictures land there.
 */
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveShots } from '../helpers/admin-page.js';
import type { EventObject, SnapshotBoxes } from '../../shared/events.js';
import { seqJpeg } from '../server/recording/media.js';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { hideFirstRun } from '../helpers/first-run.js';
import { stopTestServer, type TestServer } from '../helpers/server.js';
import { ANA, BEN, startTwoAdmins } from '../helpers/two-admins.js';
import { postFrame } from './playback-scene.js';

const SHOTS = process.env.CAMRELAY_SHOTS;
const PERSON: [number, number, number, number] = [160, 120, 160, 240];
const CAR: [number, number, number, number] = [380, 280, 220, 120];
const DOG: [number, number, number, number] = [100, 300, 160, 120];

/** A black 640×480 snapshot at `scale` with a white block where `box` is. */
function picture(box: [number, number, number, number], scale: number): Promise<Buffer> {
  const [x, y, w, h] = box.map((v) => Math.round(v * scale)) as [number, number, number, number];
  const block = { input: { create: { width: w, height: h, channels: 3 as const, background: '#ffffff' } }, left: x, top: y };
  return sharp({ create: { width: 640 * scale, height: 480 * scale, channels: 3, background: '#202830' } })
    .composite([block])
    .jpeg()
    .toBuffer();
}

const card = (key: string) => `[data-testid="review-card"][data-key="${key}"]`;
const tab = (s: string) => `[data-testid="review-tab-${s}"]`;

describe.runIf(browserAvailable())('the review page (Chromium, relay, two admins)', () => {
  const browser = useBrowser();
  let server: TestServer;
  const contexts: BrowserContext[] = [];
  let ana: Page;
  let ben: Page;
  // Today in UTC (the pages' time zone), 10 s apart, the newest last: a run just after midnight stays in the day.
  const base = Math.max(Date.now() - 5 * 60_000, new Date().setUTCHours(0, 0, 1, 0));
  const t = { oldPerson: base, dog: base + 10_000, motion: base + 20_000, car: base + 30_000, person: base + 40_000 };
  const key = { person: `porch/${t.person}`, car: `yard/${t.car}`, oldPerson: `porch/${t.oldPerson}` };

  async function writeEvent(camera: string, start: number, label: string | null, box: [number, number, number, number], zones: string[]) {
    const files = server.recording.files;
    if (!label) return files.writeEvent({ id: String(start), camera, start, end: start + 3000, peakScore: 4 });
    // The car's plate was read and is a known one (#58): both users here are admins, who see plates.
    const plate =
      label === 'car'
        ? { plate: { text: 'AB123C', confidence: 0.93, name: "Mum's car" } }
        : start === t.person
          ? { face: { name: 'Alice', person: 'p1', distance: 0.41 } }
          : {};
    const objects: EventObject[] = [{ label, tracked: label, score: 0.87, box, zones, at: start + 500, ...plate }];
    const boxes: SnapshotBoxes = { width: 640, height: 480, boxes: [{ label, score: 0.87, box }] };
    const record = { id: String(start), camera, start, end: start + 4000, peakScore: 9, pictures: true, objects, boxes };
    await files.writePicture(record, 'snapshot', await picture(box, 1));
    await files.writePicture(record, 'thumbnail', await picture(box, 0.5));
    await files.writeEvent(record);
  }

  async function open(user: { username: string; password: string }): Promise<Page> {
    const context = await browser().newContext({ viewport: { width: 1280, height: 800 }, timezoneId: 'UTC' });
    contexts.push(context);
    await hideFirstRun(context);
    const page = await context.newPage();
    const login = await page.request.post(`${server.url}/api/login`, { data: user, headers: { origin: server.url } });
    expect(login.ok()).toBe(true);
    await page.goto(`${server.url}/`);
    await page.waitForSelector('[data-testid="camera-tile"][data-camera-id="yard"]');
    return page;
  }

  beforeAll(async () => {
    ({ server } = await startTwoAdmins());
    for (const camera of ['porch', 'yard']) await postFrame(server, camera, 1, Date.now(), await seqJpeg(1));
    await writeEvent('porch', t.oldPerson, 'person', PERSON, []);
    await writeEvent('porch', t.dog, 'dog', DOG, ['Lawn']);
    await writeEvent('porch', t.motion, null, PERSON, []);
    await writeEvent('yard', t.car, 'car', CAR, []);
    await writeEvent('porch', t.person, 'person', PERSON, ['Driveway']);
    [ana, ben] = await Promise.all([open(ANA), open(BEN)]);
  });

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await stopTestServer(server);
  });

  it('opens from the header’s Review entry, whose badge counts the unseen alerts, and shows each alert as a card', async () => {
    await expect.poll(() => ana.textContent('[data-testid="review-badge"]')).toBe('3');
    await ana.click('[data-testid="review-toggle"]');
    await ana.waitForSelector('[data-testid="review-card"]');
    expect(ana.url()).toMatch(/#\/review$/);
    expect(await ana.isVisible('[data-testid="camera-grid"]')).toBe(false);
    expect(await ana.locator('[data-testid="review-tabs"] button').allTextContents()).toEqual([
      'Alerts (3 unseen)',
      'Detections (1 unseen)',
      'Motion (1 unseen)',
    ]);
    expect(await ana.textContent('[data-testid="review-status"]')).toBe('3 alerts, 3 unseen');
    // Newest first, each unseen, with its labels, zones and camera, and the boxes over its thumbnail.
    expect(await ana.$$eval('[data-testid="review-card"]', (cs) => cs.map((c) => (c as HTMLElement).dataset.key))).toEqual([
      key.person,
      key.car,
      key.oldPerson,
    ]);
    const person = ana.locator(card(key.person));
    expect(await person.locator('[data-testid="review-label"]').allTextContents()).toEqual(['Person']);
    expect(await person.locator('[data-testid="review-zones"]').textContent()).toBe('in Driveway');
    expect(await person.locator('[data-testid="review-camera"]').textContent()).toBe('porch');
    expect(await person.locator('[data-testid="review-time"]').textContent()).toMatch(/^\d\d:\d\d:\d\d · 4 s$/);
    expect(await person.locator('[data-testid="review-play"]').getAttribute('aria-label')).toMatch(
      /^Unseen alert: Person at .*, porch, in Driveway\. Play from 5 s before$/,
    );
    expect(await person.locator('[data-testid="event-box-label"]').allTextContents()).toEqual(['person 87%']);
    expect(await ana.locator('[data-testid="review-unseen-dot"]').count()).toBe(3);
    await ana.click(tab('detection'));
    expect(await ana.locator('[data-testid="review-card"] [data-testid="review-label"]').allTextContents()).toEqual(['Dog']);
    await ana.click(tab('alert'));
  });

  it('plays the moment in the single view with its boxes when a card is clicked, and marks it seen for Ana only', async () => {
    await ana.click(`${card(key.person)} [data-testid="review-play"]`);
    await ana.waitForSelector('[data-testid="single-bar"]', { state: 'visible' });
    expect(ana.url()).toContain(`#/camera/porch/at/${t.person - 5000}`);
    expect(await ana.textContent('[data-testid="single-title"]')).toMatch(/^porch · /);
    expect(await ana.isVisible('[data-testid="review-page"]')).toBe(false);
    // With the detector's boxes: the playback's boxes toggle is pressed.
    expect(await ana.getAttribute('[data-testid="playback-boxes"]', 'aria-pressed')).toBe('true');
    await ana.click('[data-testid="single-back"]');
    await ana.waitForSelector('[data-testid="review-page"]', { state: 'visible' });
    await expect.poll(() => ana.textContent(tab('alert'))).toBe('Alerts (2 unseen)');
    expect(await ana.locator(card(key.person)).getAttribute('data-unseen')).toBeNull();
    expect(await ana.locator(`${card(key.person)} [data-testid="review-mark"]`).textContent()).toBe('Mark unseen');
    await expect.poll(() => ana.textContent('[data-testid="review-badge"]')).toBe('2');
    // Ben's marks are his own: the alert Ana saw is still unseen for him.
    await ben.goto(`${server.url}/#/review`);
    await ben.waitForSelector(card(key.person));
    expect(await ben.textContent(tab('alert'))).toBe('Alerts (3 unseen)');
    expect(await ben.locator(card(key.person)).getAttribute('data-unseen')).toBe('');
    expect(await ben.locator(`${card(key.person)} [data-testid="review-play"]`).getAttribute('aria-label')).toMatch(/^Unseen alert/);
  });

  it('narrows the cards by camera, label, zone and the words typed in the search box', async () => {
    const shown = () => ana.$$eval('[data-testid="review-card"]', (cs) => cs.map((c) => (c as HTMLElement).dataset.key));
    await ana.selectOption('[data-testid="review-camera-filter"]', 'yard');
    expect(await shown()).toEqual([key.car]);
    expect(await ana.textContent('[data-testid="review-status"]')).toBe('1 of 3 alerts, 1 unseen');
    await ana.selectOption('[data-testid="review-camera-filter"]', '');
    await ana.selectOption('[data-testid="review-label-filter"]', 'person');
    expect(await shown()).toEqual([key.person, key.oldPerson]);
    await ana.selectOption('[data-testid="review-zone-filter"]', 'Driveway');
    expect(await shown()).toEqual([key.person]);
    await ana.click('[data-testid="review-clear"]');
    await ana.fill('[data-testid="review-search"]', 'Person PORCH');
    expect(await shown()).toEqual([key.person, key.oldPerson]);
    await ana.fill('[data-testid="review-search"]', 'drive');
    expect(await shown()).toEqual([key.person]);
    // By plate, typed as it is written on the car, and by its known name (#58); the card shows both.
    await ana.fill('[data-testid="review-search"]', 'ab-123-c');
    expect(await shown()).toEqual([key.car]);
    await ana.fill('[data-testid="review-search"]', 'mum');
    expect(await shown()).toEqual([key.car]);
    expect(await ana.locator(`${card(key.car)} [data-testid="review-plate"]`).allTextContents()).toEqual(["Mum's car · AB123C"]);
    await saveShots(ana, 'review-plate');
    // By a known face's name (#58); the card says who.
    await ana.fill('[data-testid="review-search"]', 'alice');
    expect(await shown()).toEqual([key.person]);
    expect(await ana.locator(`${card(key.person)} [data-testid="review-face"]`).allTextContents()).toEqual(['Alice']);
    await saveShots(ana, 'review-face');
    await ana.fill('[data-testid="review-search"]', 'nobody');
    expect(await shown()).toEqual([]);
    expect(await ana.textContent('[data-testid="review-status"]')).toMatch(/^No alerts on .+ match the filters: clear them to see all 3\.$/);
    await ana.click('[data-testid="review-clear"]');
    expect(await shown()).toEqual([key.person, key.car, key.oldPerson]);
  });

  it('reaches a card by Tab, moves between cards by arrow keys and plays one with Enter', async () => {
    // From the last filter: past the time fields (each has its hours, minutes and AM/PM stops) to the first card.
    await ben.focus('[data-testid="review-zone-filter"]');
    for (let i = 0; i < 15 && (await ben.evaluate(() => document.activeElement?.getAttribute('data-testid'))) !== 'review-play'; i++)
      await ben.keyboard.press('Tab');
    const focused = () => ben.evaluate(() => document.activeElement?.closest<HTMLElement>('[data-key]')?.dataset.key);
    expect(await focused()).toBe(key.person);
    // The focus shows: an outline in the accent's colour.
    expect(await ben.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).toBe('solid');
    await ben.keyboard.press('ArrowRight');
    expect(await focused()).toBe(key.car);
    await ben.keyboard.press('Enter');
    await ben.waitForSelector('[data-testid="single-bar"]', { state: 'visible' });
    expect(ben.url()).toContain(`#/camera/yard/at/${t.car - 5000}`);
    await ben.click('[data-testid="single-back"]');
    await ben.waitForSelector('[data-testid="review-page"]', { state: 'visible' });
    await expect.poll(() => ben.textContent(tab('alert'))).toBe('Alerts (2 unseen)');
  });

  it('marks every alert seen with Mark all seen: no card is left unseen and the badge goes', async () => {
    await ben.click('[data-testid="review-mark-all"]');
    await expect.poll(() => ben.textContent(tab('alert'))).toBe('Alerts (0 unseen)');
    expect(await ben.locator('[data-testid="review-card"][data-unseen]').count()).toBe(0);
    expect(await ben.locator('[data-testid="review-card"]').count()).toBe(3);
    expect(await ben.textContent('[data-testid="review-status"]')).toBe('3 alerts, 0 unseen');
    expect(await ben.isDisabled('[data-testid="review-mark-all"]')).toBe(true);
    await expect.poll(() => ben.isVisible('[data-testid="review-badge"]')).toBe(false);
    // The other tabs keep theirs, and Ana's alerts are hers.
    expect(await ben.textContent(tab('detection'))).toBe('Detections (1 unseen)');
    await ana.click('[data-testid="review-reload"]');
    await expect.poll(() => ana.textContent(tab('alert'))).toBe('Alerts (2 unseen)');
  });

  it('on a phone: one column of cards, the filters behind a Filters button, nothing cut off', async () => {
    const shot = async (page: Page, name: string, full = false) => {
      if (SHOTS) await page.screenshot({ path: path.join(SHOTS, name), fullPage: full });
    };
    const waitPictures = (page: Page) =>
      page.waitForFunction(() =>
        [...document.querySelectorAll<HTMLImageElement>('img[data-testid="review-thumbnail"]')].every((i) => i.complete && i.naturalWidth > 0),
      );
    await ana.evaluate(() => window.scrollTo(0, 0));
    await waitPictures(ana);
    await shot(ana, 'review-desktop.png');
    const phone = await browser().newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      timezoneId: 'UTC',
    });
    contexts.push(phone);
    await hideFirstRun(phone);
    const page = await phone.newPage();
    await page.request.post(`${server.url}/api/login`, { data: ANA, headers: { origin: server.url } });
    await page.goto(`${server.url}/#/review`);
    await page.waitForSelector('[data-testid="review-card"]');
    await waitPictures(page);
    await shot(page, 'review-phone.png');
    const lefts = await page.$$eval('[data-testid="review-card"]', (cs) => cs.map((c) => Math.round(c.getBoundingClientRect().left)));
    expect(new Set(lefts).size).toBe(1);
    expect(await page.isVisible('[data-testid="review-search"]')).toBe(false);
    await page.click('[data-testid="review-filters-toggle"]');
    await page.fill('[data-testid="review-search"]', 'person');
    expect(await page.textContent('[data-testid="review-filters-toggle"]')).toBe('Filters (1)');
    await page.fill('[data-testid="review-search"]', '');
    await shot(page, 'review-phone-filters.png');
    await shot(page, 'review-phone-full.png', true);
    // Nothing wider than the screen, no text cut inside its box.
    const cut = await page.evaluate(() => {
      const bad: string[] = [];
      for (const e of document.querySelectorAll<HTMLElement>('[data-testid="review-page"] *')) {
        if (e.checkVisibility() && e.children.length === 0 && e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0)
          bad.push(`${e.dataset.testid ?? e.className} "${(e.textContent ?? '').slice(0, 40)}"`);
      }
      if (document.documentElement.scrollWidth > innerWidth) bad.push(`the page scrolls sideways: ${document.documentElement.scrollWidth}`);
      return bad;
    });
    expect(cut).toEqual([]);
    // Behind the menu, the entry's badge shows as a dot on the menu button.
    await page.goto(`${server.url}/`);
    await page.waitForSelector('[data-testid="menu-toggle"][data-review-unseen]');
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'review-phone-menu-dot.png'), clip: { x: 0, y: 0, width: 390, height: 120 } });
    await page.click('[data-testid="menu-toggle"]');
    expect(await page.textContent('[data-testid="review-badge"]')).toBe('2');
    await shot(page, 'review-phone-menu.png');
  });

  it('shows an alert as the relay writes it, with no reload and no timer: the relay tells the page (event-news)', async () => {
    await ana.waitForSelector('[data-testid="review-page"]', { state: 'visible' });
    const asked: string[] = [];
    ana.on('request', (r) => void (r.url().includes('/api/review?') && asked.push(r.url())));
    const at = Date.now();
    const jpeg = await picture(PERSON, 1);
    const events = server.recording.events;
    events.signal('yard', { type: 'start', at }, { at, score: 6, jpeg });
    const person: EventObject = { id: 1, label: 'person', tracked: 'person', score: 0.9, box: PERSON, zones: [], at: at + 200 };
    events.objects('yard', {
      started: [person],
      at: at + 200,
      jpeg,
      boxes: { width: 640, height: 480, boxes: [{ label: 'person', score: 0.9, box: PERSON }] },
    });
    await ana.waitForSelector(card(`yard/${at}`));
    await expect.poll(() => ana.textContent(tab('alert'))).toBe('Alerts (3 unseen)');
    await expect.poll(() => ana.textContent('[data-testid="review-badge"]')).toBe('3');
    // The start and the object were one piece of news to the page: one ask of the day and one of the badge's, not two
    // each (a third may be the badge's own minute).
    expect(asked.length).toBeLessThanOrEqual(3);
    // Not Ben's page's to skip: his review page, open too, shows it as well.
    await ben.waitForSelector(card(`yard/${at}`));
    events.signal('yard', { type: 'end', at: at + 3000 });
    await events.idle();
  });
});
