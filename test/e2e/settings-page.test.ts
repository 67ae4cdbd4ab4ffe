/**
 * Settings as a page (#42) in Chromium against a real relay, signed in as the admin, at 1280×800 and 390×844: every
 * section opens by its address and from the section list (by click and by keyboard), the current one marked
 * aria-current; the browser's back, Esc and "Back to cameras" return to the grid; no text in the page is cut off (each
 * visible element's scroll width within its width, each placeholder within its field), the page never scrolls sideways,
 * and the header's buttons stay on top (a click at Diagnostics lands on it). CAMRELAY_SHOTS=<folder> saves
 * settings-<section>-<width>.png for each section at both sizes, and settings-list-390.png.
 */
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../helpers/server.js';
import { cutOff } from '../helpers/settings-cut-off.js';
import { waitFor } from '../helpers/wait.js';
import { SETTINGS_SECTIONS } from '../../dashboard/src/settings/settings-route.js';

const SHOTS = process.env.CAMRELAY_SHOTS;
const SIZES = [
  { width: 1280, height: 800, phone: false },
  { width: 390, height: 844, phone: true },
] as const;

/** The header button under its own centre, as a click would find it (not something laid over it). */
function hitsItself(page: Page, testId: string): Promise<boolean> {
  return page.evaluate((id) => {
    const b = document.querySelector<HTMLElement>(`[data-testid="${id}"]`)!;
    const r = b.getBoundingClientRect();
    return r.width > 0 && b.contains(document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2));
  }, testId);
}

const state = (page: Page) =>
  page.evaluate(() => ({
    hash: location.hash,
    open: !document.querySelector<HTMLElement>('[data-testid="settings"]')!.hidden,
    grid: document.querySelector<HTMLElement>('[data-testid="camera-grid"]')!.checkVisibility(),
    current: [...document.querySelectorAll<HTMLElement>('.settings-link[aria-current="page"]')].map((a) => a.dataset.testid),
    title: document.querySelector<HTMLElement>('[data-testid="settings-title"]')!.checkVisibility()
      ? document.querySelector('[data-testid="settings-title"]')!.textContent
      : null,
    panels: [...document.querySelectorAll<HTMLElement>('.settings-panel')].filter((p) => p.checkVisibility()).map((p) => p.dataset.testid),
  }));

/** Opens every fold (a camera's recording or detection form) so its fields are measured too. */
const openFolds = (page: Page) =>
  page.evaluate(() => document.querySelectorAll('[data-testid="settings"] details').forEach((d) => ((d as HTMLDetailsElement).open = true)));

async function onGrid(page: Page): Promise<void> {
  await waitFor(async () => {
    const s = await state(page);
    return !s.open && s.grid && !s.hash.startsWith('#/settings');
  }, 'the grid shown again, the settings address left');
}

describe.runIf(browserAvailable())('Settings as a page (#42) in Chromium', () => {
  const browser = useBrowser();
  let server: TestServer;
  let camera: TestCamera;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    server = await startTestServer();
    camera = await startCamera(server.url, server.captureToken, 'front-door-with-a-rather-long-camera-id', { fps: 5 });
    context = await browser().newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    const login = await page.request.post(`${server.url}/api/login`, { data: TEST_ADMIN, headers: { origin: server.url } });
    expect(login.ok()).toBe(true);
  });
  afterAll(async () => {
    await context?.close();
    camera?.stop();
    await stopTestServer(server);
  });

  for (const size of SIZES) {
    it(`opens every section by its address at ${size.width}×${size.height}: shown whole, nothing cut off, the header on top`, async () => {
      await page.setViewportSize(size);
      for (const { id, title } of SETTINGS_SECTIONS) {
        await page.goto(`${server.url}/#/settings/${id}`);
        await waitFor(async () => {
          const s = await state(page);
          return s.open && !s.grid && s.title === title && s.panels.join() === `settings-${id}`;
        }, `the ${id} section shown`);
        // Its views have answered: the loading of each section says something (a list, a form) before it is measured.
        await page.waitForFunction((i) => document.querySelector(`[data-testid="settings-${i}"]`)!.textContent!.length > 40, id);
        if (!size.phone) expect((await state(page)).current).toEqual([`settings-link-${id}`]);
        await openFolds(page);
        expect(await cutOff(page)).toEqual([]);
        expect(await hitsItself(page, size.phone ? 'menu-toggle' : 'diagnostics-toggle')).toBe(true);
        if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `settings-${id}-${size.width}.png`), fullPage: true });
      }
    });
  }

  it('opens the first section for #/settings alone on a wide screen, and the list on a phone', async () => {
    await page.setViewportSize(SIZES[0]);
    await page.goto(`${server.url}/#/settings`);
    await waitFor(async () => (await state(page)).title === 'Cameras', 'the Cameras section shown');
    expect(await page.isVisible('[data-testid="settings-link-recording"]')).toBe(true);

    await page.setViewportSize(SIZES[1]);
    await waitFor(async () => (await state(page)).panels.length === 0, 'the list alone on a phone');
    for (const { id } of SETTINGS_SECTIONS) expect(await page.isVisible(`[data-testid="settings-link-${id}"]`)).toBe(true);
    expect(await cutOff(page)).toEqual([]);
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'settings-list-390.png') });
  });

  it('reaches every section from the list by click and by keyboard, the current one marked, on a wide screen', async () => {
    await page.setViewportSize(SIZES[0]);
    await page.goto(server.url);
    await page.waitForSelector('[data-testid="camera-tile"]');
    await page.click('[data-testid="admin-toggle"]');
    await waitFor(async () => (await state(page)).hash === '#/settings/cameras', 'the Admin button opening #/settings/cameras');
    for (const { id, title } of SETTINGS_SECTIONS) {
      await page.click(`[data-testid="settings-link-${id}"]`);
      await waitFor(async () => {
        const s = await state(page);
        return s.hash === `#/settings/${id}` && s.title === title && s.current.join() === `settings-link-${id}` ? s : null;
      }, `${id} by click`);
    }
    // By keyboard: Tab from the first link walks the list; Enter opens the focused section.
    await page.focus('[data-testid="settings-link-cameras"]');
    for (const { id, title } of SETTINGS_SECTIONS.slice(1)) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.testid)).toBe(`settings-link-${id}`);
      await page.keyboard.press('Enter');
      await waitFor(async () => {
        const s = await state(page);
        return s.hash === `#/settings/${id}` && s.title === title && s.current.join() === `settings-link-${id}`;
      }, `${id} by keyboard`);
    }
    // Sections replace one another's address: one back leaves the page, to the grid it was opened from.
    await page.goBack();
    await onGrid(page);
  });

  it('goes list → section → list on a phone, and back to the grid from any of them', async () => {
    await page.setViewportSize(SIZES[1]);
    await page.goto(server.url);
    await page.waitForSelector('[data-testid="camera-tile"]');
    await page.click('[data-testid="menu-toggle"]');
    await page.click('[data-testid="admin-toggle"]');
    await waitFor(async () => (await state(page)).title === 'Cameras', 'the Cameras section from the Admin button');
    expect(await hitsItself(page, 'menu-toggle')).toBe(true);
    await page.click('[data-testid="settings-list-link"]');
    await waitFor(async () => (await state(page)).panels.length === 0 && (await page.isVisible('[data-testid="settings-link-users"]')), 'the list');
    await page.click('[data-testid="settings-link-users"]');
    await waitFor(async () => (await state(page)).title === 'Users & tokens', 'the users section as a page');
    expect(await page.isVisible('[data-testid="settings-link-users"]')).toBe(false);
    await page.goBack();
    await onGrid(page);
  });

  it('leaves by Esc and by "Back to cameras", also when opened by its address (nothing to go back to)', async () => {
    await page.setViewportSize(SIZES[0]);
    await page.goto(`${server.url}/#/settings/recording`);
    await waitFor(async () => (await state(page)).title === 'Recording', 'the recording section');
    await page.keyboard.press('Escape');
    await onGrid(page);

    await page.click('[data-testid="admin-toggle"]');
    await waitFor(async () => (await state(page)).title === 'Cameras', 'the Cameras section');
    // Esc while the Diagnostics drawer is open closes the drawer only.
    await page.click('[data-testid="diagnostics-toggle"]');
    await page.waitForSelector('[data-testid="diagnostics"]', { state: 'visible' });
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="diagnostics"]', { state: 'hidden' });
    expect((await state(page)).open).toBe(true);
    await page.click('[data-testid="settings-close"]');
    await onGrid(page);
  });

  it("lets a user talk by the Users section's box, new and existing, saved; an admin's ticked and fixed (#40 item 4)", async () => {
    const row = (name: string) => `[data-testid="user-list"] tr[data-username="${name}"] [data-testid="user-row-talk"]`;
    const talkOf = async (name: string) => {
      const answer = (await (await page.request.get(`${server.url}/api/users`)).json()) as { users: Array<{ username: string; talk?: boolean }> };
      return answer.users.find((u) => u.username === name)?.talk;
    };
    await page.setViewportSize(SIZES[0]);
    await page.goto(`${server.url}/#/settings/users`);
    await page.waitForSelector(row(TEST_ADMIN.username));
    expect(await page.$eval(row(TEST_ADMIN.username), (b) => [(b as HTMLInputElement).checked, (b as HTMLInputElement).disabled])).toEqual([true, true]);

    await page.fill('[data-testid="user-name"]', TEST_ADMIN.username);
    await page.fill('[data-testid="user-password"]', 'speaker-password-1');
    await page.fill('[data-testid="user-cameras"]', '*');
    await page.check('[data-testid="user-talk"]');
    // Replacing a user that exists asks first (#55 item 15).
    page.once('dialog', (d) => void d.accept());
    await page.click('[data-testid="user-add"]');
    // Refused (the last admin made a viewer): said, and the password is back in its field as typed (#42: nothing lost).
    await page.locator('[data-testid="admin-error"]').waitFor({ state: 'visible' });
    expect(await page.textContent('[data-testid="admin-error"]')).toBe('The last admin cannot be made a viewer.');
    expect(await page.inputValue('[data-testid="user-password"]')).toBe('speaker-password-1');
    await page.fill('[data-testid="user-name"]', 'speaker');
    await page.click('[data-testid="user-add"]');
    await page.waitForSelector(row('speaker'));
    expect(await page.isChecked(row('speaker'))).toBe(true);
    expect(await talkOf('speaker')).toBe(true);

    await page.uncheck(row('speaker'));
    await waitFor(async () => (await talkOf('speaker')) === false, 'the unticked box saved');
    await page.check(row('speaker'));
    await waitFor(async () => (await talkOf('speaker')) === true, 'the ticked box saved');
    // Plates and their names (#58): off for the new viewer, ticked and fixed for the admin, saved when ticked.
    const sees = (name: string) => row(name).replace('user-row-talk', 'user-row-identities');
    const seesOf = async (name: string) => {
      const answer = (await (await page.request.get(`${server.url}/api/users`)).json()) as { users: Array<{ username: string; identities?: boolean }> };
      return answer.users.find((u) => u.username === name)?.identities;
    };
    expect(await page.$eval(sees(TEST_ADMIN.username), (b) => [(b as HTMLInputElement).checked, (b as HTMLInputElement).disabled])).toEqual([true, true]);
    expect(await page.isChecked(sees('speaker'))).toBe(false);
    expect(await seesOf('speaker')).toBe(false);
    await page.check(sees('speaker'));
    await waitFor(async () => (await seesOf('speaker')) === true, 'the plates box saved');
    expect(await talkOf('speaker')).toBe(true);
    await page.reload();
    await page.waitForSelector(row('speaker'));
    expect(await page.isChecked(row('speaker'))).toBe(true);
    expect(await page.isChecked(sees('speaker'))).toBe(true);

    for (const size of SIZES) {
      await page.setViewportSize(size);
      expect(await cutOff(page)).toEqual([]);
      if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `users-talk-${size.width}.png`), fullPage: true });
    }
  });

  it('is not shown to a viewer on its address', async () => {
    const viewer = await context.browser()!.newContext({ viewport: SIZES[0] });
    try {
      const p = await viewer.newPage();
      const made = await page.request.post(`${server.url}/api/users`, {
        data: { username: 'viewer', password: 'viewer-password-1', role: 'viewer', cameras: '*' },
        headers: { origin: server.url },
      });
      expect(made.ok()).toBe(true);
      const login = await p.request.post(`${server.url}/api/login`, {
        data: { username: 'viewer', password: 'viewer-password-1' },
        headers: { origin: server.url },
      });
      expect(login.ok()).toBe(true);
      await p.goto(`${server.url}/#/settings/users`);
      await p.waitForSelector('[data-testid="camera-tile"]');
      expect(await p.isVisible('[data-testid="settings"]')).toBe(false);
      expect(await p.isVisible('[data-testid="admin-toggle"]')).toBe(false);
    } finally {
      await viewer.close();
    }
  });
});
