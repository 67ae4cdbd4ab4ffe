/**
 * Settings → Faces (#58) in Chromium against the relay's real routes and face reader, with public-domain
 * portraits (test/fixtures/faces/SOURCES.md): an owner adds a person from a photo and sees the crop the
 * relay kept, a photo of two people is refused beside it in the relay's words, the person is renamed
 * and removed; two people are merged and a face removed by keyboard.
 */
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KnownFacesAnswer } from '../../shared/faces.js';
import { openSettings, saveShots, textBecomes } from '../helpers/admin-page.js';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { openMonitor, type MonitorPage } from '../helpers/monitor-page.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { login } from '../security/helpers/session.js';
import { CAMERA_DEFAULTS, RECORDING_DEFAULTS } from '../../server/recording/settings.js';
import type { EventList } from '../../shared/events.js';
import { setDetection } from '../helpers/detection-api.js';
import { waitFor } from '../helpers/wait.js';
import { facePhoto, personSeen } from '../server/faces/faces-scene.js';

const photo = (name: string) => fileURLToPath(new URL(`../fixtures/faces/${name}`, import.meta.url));
const card = (name: string) => `[data-testid="face-person"]:has([data-testid="face-name"][aria-label="Name of ${name}"])`;

/** The crops a person's card shows, each loaded (a picture, not a broken image). */
async function cropsLoaded(page: Page, name: string, count: number): Promise<void> {
  await page.waitForFunction(
    ([selector, n]) => {
      const imgs = [...document.querySelectorAll<HTMLImageElement>(`${selector} [data-testid="face-crop-image"]`)];
      return imgs.length === n && imgs.every((img) => img.complete && img.naturalWidth > 0 && img.getBoundingClientRect().width > 0);
    },
    [card(name), count] as const,
    { timeout: 20_000 },
  );
}

describe.runIf(browserAvailable())('Settings → Faces (Chromium)', () => {
  const browser = useBrowser();
  let server: TestServer;
  let monitor: MonitorPage;
  let page: Page;
  let cookie: string;

  beforeAll(async () => {
    server = await startTestServer({ recording: { ...RECORDING_DEFAULTS, defaults: { ...CAMERA_DEFAULTS, mode: 'motion', format: 'jpeg' } } });
    cookie = await login(server);
    monitor = await openMonitor(browser(), server.url);
    page = monitor.page;
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  afterAll(async () => {
    await monitor?.close();
    await stopTestServer(server);
  });

  const kept = async () => ((await (await fetch(`${server.url}/api/faces`, { headers: { cookie } })).json()) as KnownFacesAnswer).people;

  /** "Add a person" as typed: a name and photos, then Add person. */
  async function addPerson(name: string, photos: string[]): Promise<void> {
    await page.fill('[data-testid="faces-add-name"]', name);
    await page.setInputFiles('[data-testid="faces-add-photos"]', photos.map(photo));
    await page.click('[data-testid="faces-add"]');
    await page.waitForSelector(card(name));
  }

  it("adds a person from a photo and shows the relay's crop, refuses a photo of two beside it, renames and removes them", async () => {
    await openSettings(page, 'faces');
    expect(await page.textContent('[data-testid="faces-empty"]')).toBe('No one yet: add a person with a photo of their face.');
    expect(await page.textContent('[data-testid="faces-note"]')).toContain('only where Settings → Detection has face recognition on');

    // A name the relay refuses is refused under the field, in its words, and no one is added.
    await page.click('[data-testid="faces-add"]');
    expect(await textBecomes(page, 'faces-add-error-name', /\S/)).toBe('The known face is not valid: name must be 1-40 characters.');

    await addPerson('Barack', ['obama_official_portrait_2012.jpg']);
    await cropsLoaded(page, 'Barack', 1);
    expect(await textBecomes(page, 'face-photo-status', /^Face kept\.$/, card('Barack'))).toBe('Face kept.');
    expect(await page.textContent(`${card('Barack')} [data-testid="face-count"]`)).toBe('1 face kept');
    expect(await page.isVisible('[data-testid="faces-add-error-name"]')).toBe(false);
    expect(await page.getAttribute(`${card('Barack')} [data-testid="face-crop-image"]`, 'alt')).toBe('Face 1 of Barack');

    await page.setInputFiles(`${card('Barack')} [data-testid="face-add-photos"]`, photo('obama_biden_blue_room_2010_pair.jpg'));
    const refusal = await textBecomes(page, 'face-photo-status', /faces/, card('Barack'));
    expect(refusal).toBe('The photo holds 2 faces: use one of this person alone, or crop it to their face.');
    expect(await page.textContent(`${card('Barack')} [data-testid="face-photo-name"]`)).toBe('obama_biden_blue_room_2010_pair.jpg');
    expect(await page.textContent(`${card('Barack')} [data-testid="face-count"]`)).toBe('1 face kept');
    await page.evaluate(() => window.scrollTo(0, 0));
    await saveShots(page, 'known-faces');

    // Renamed in place: typed over, saved with Enter.
    await page.fill(`${card('Barack')} [data-testid="face-name"]`, 'Barack Obama');
    await page.press(`${card('Barack')} [data-testid="face-name"]`, 'Enter');
    expect(await textBecomes(page, 'face-message', /saved/, card('Barack Obama'))).toBe('Name saved.');
    expect(await page.getAttribute(`${card('Barack Obama')} [data-testid="face-crop-image"]`, 'alt')).toBe('Face 1 of Barack Obama');
    expect((await kept()).map((p) => [p.name, p.faces.length])).toEqual([['Barack Obama', 1]]);

    const questions: string[] = [];
    page.once('dialog', (d) => void (questions.push(d.message()), d.accept()));
    await page.click(`${card('Barack Obama')} [data-testid="face-remove"]`);
    await page.waitForSelector('[data-testid="faces-empty"]', { state: 'visible' });
    expect(questions).toEqual(['Remove Barack Obama? Their face kept here is removed with them. Cameras stop naming them. This cannot be undone.']);
    expect(await page.locator('[data-testid="face-person"]').count()).toBe(0);
    expect(await kept()).toEqual([]);
  });

  it('shows a person with no face yet as such, merges them into another after asking, and removes a face by keyboard', async () => {
    await openSettings(page, 'faces');
    await addPerson('Joe', ['biden_official_vp_portrait_2013.jpg']);
    await addPerson('Joseph', []);
    expect(await page.textContent(`${card('Joseph')} [data-testid="face-count"]`)).toBe('No face yet: add a photo.');
    await page.setInputFiles(`${card('Joseph')} [data-testid="face-add-photos"]`, photo('biden_blue_room_2010.jpg'));
    await cropsLoaded(page, 'Joseph', 1);

    await page.evaluate(() => window.scrollTo(0, 0));
    await saveShots(page, 'known-faces-two');
    const questions: string[] = [];
    page.once('dialog', (d) => void (questions.push(d.message()), d.accept()));
    await page.selectOption(`${card('Joseph')} [data-testid="face-merge-select"]`, { label: 'Joe' });
    await page.click(`${card('Joseph')} [data-testid="face-merge"]`);
    await cropsLoaded(page, 'Joe', 2);
    expect(questions).toEqual(["Merge Joseph into Joe? Joseph's face joins Joe's, and Joseph is removed."]);
    expect(await page.locator('[data-testid="face-person"]').count()).toBe(1);
    expect(await page.textContent(`${card('Joe')} [data-testid="face-count"]`)).toBe('2 faces kept');

    // Each Remove names whose face it is; Enter on the first removes it, and the focus stays in the crops.
    await page.focus(`${card('Joe')} [aria-label="Remove face 1 of Joe"]`);
    await page.keyboard.press('Enter');
    await cropsLoaded(page, 'Joe', 1);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Remove face 1 of Joe');
    expect((await kept()).map((p) => [p.name, p.faces.length])).toEqual([['Joe', 1]]);
  });

  it('names an unknown person from their review card: a new person, kept from the event, and the card says her name', async () => {
    expect(await setDetection(server, cookie, 'door', { enabled: true, faces: true })).toBe(200);
    await personSeen(server, 'door', facePhoto('eileen_collins_nasa.jpg'));
    const events = async () =>
      (
        (await (
          await fetch(`${server.url}/api/events?camera=door&from=${Date.now() - 600_000}&to=${Date.now() + 60_000}`, { headers: { cookie } })
        ).json()) as EventList
      ).events;
    await waitFor(async () => (await events())[0]?.objects?.[0]?.face, 'the unknown face in the event', 30_000);
    await server.recording.events.idle();

    await page.goto(`${server.url}/#/review`);
    const reviewCard = '[data-testid="review-card"][data-camera="door"]';
    await page.waitForSelector('[data-testid="review-list"]');
    if (!(await page.isVisible(reviewCard))) await page.click('[data-testid="review-tab-detection"]');
    const form = `${reviewCard} [data-testid="review-name-face"]`;
    await page.waitForSelector(form);
    expect(await page.locator(`${reviewCard} [data-testid="review-face"]`).allTextContents()).toEqual(['unknown person']);
    expect(await page.locator(`${form} [data-testid="review-name-face-person"] option`).allTextContents()).toEqual(['Choose…', 'Joe', 'New person…']);

    // Save with no one chosen says what to do; nothing is kept.
    await page.click(`${form} [data-testid="review-name-face-save"]`);
    expect(await page.textContent(`${form} [data-testid="review-name-face-status"]`)).toBe('Choose who it is first.');
    await page.selectOption(`${form} [data-testid="review-name-face-person"]`, { label: 'New person…' });
    expect(await page.textContent(`${form} [data-testid="review-name-face-status"]`)).toBe('');
    await page.fill(`${form} [data-testid="review-name-face-name"]`, 'Eileen');
    await saveShots(page, 'review-name-face');
    await page.click(`${form} [data-testid="review-name-face-save"]`);
    // The day is asked again: the card names her and has no form left.
    await page.waitForFunction(
      (card) => [...document.querySelectorAll(`${card} [data-testid="review-face"]`)].map((c) => c.textContent).join() === 'Eileen',
      reviewCard,
      { timeout: 20_000 },
    );
    expect(await page.locator(form).count()).toBe(0);
    expect((await kept()).map((p) => [p.name, p.faces.length])).toEqual([
      ['Joe', 1],
      ['Eileen', 1],
    ]);
    await saveShots(page, 'review-named-face');
  });
});
