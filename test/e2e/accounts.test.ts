/**
 * Accounts and camera tokens (#55 items 15, 16) in Chromium against one real relay whose admin password was generated:
 * the checklist's password step opens Change password and ticks; a viewer changes their password from the header and
 * stays signed in, the page saying so, while their other page is signed out; an admin resets another user's password
 * from Users, and Add user asks before it replaces one; the Add-a-camera guide revokes its earlier unused token as it
 * makes another, and the tokens list says when each was last used. CAMRELAY_SHOTS=<folder> saves password-checklist,
 * password-form, password-viewer, password-reset, users-replaced and tokens-used, at 1280 and 390.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSettings, saveShots } from '../helpers/admin-page.js';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { checklistWords } from '../helpers/first-run.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { patient, waitFor } from '../helpers/wait.js';

const VIEWER = { username: 'viewer1', password: 'viewer-password-1' };
const dialog = '[data-testid="password-dialog"]';

/** The text a person reads under a test id, once it is shown. */
async function shown(page: Page, testId: string): Promise<string> {
  await page.waitForSelector(`[data-testid="${testId}"]`, { state: 'visible', timeout: patient(20_000) });
  return (await page.textContent(`[data-testid="${testId}"]`)) ?? '';
}

/** Fills the open password dialog and presses its button. */
async function submitPassword(page: Page, fields: { current?: string; password: string; again?: string }): Promise<void> {
  if (fields.current !== undefined) await page.fill('[data-testid="password-current"]', fields.current);
  await page.fill('[data-testid="password-new"]', fields.password);
  await page.fill('[data-testid="password-again"]', fields.again ?? fields.password);
  await page.click('[data-testid="password-save"]');
}

const loginStatus = async (server: TestServer, username: string, password: string) =>
  (
    await fetch(`${server.url}/api/login`, {
      method: 'POST',
      headers: { origin: server.url, 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    })
  ).status;

describe.runIf(browserAvailable())('Passwords and camera tokens on the Live Monitor (#55 items 15, 16), in Chromium', () => {
  const browser = useBrowser();
  let server: TestServer;
  let camera: TestCamera | undefined;
  const contexts: BrowserContext[] = [];
  let page: Page;

  const signIn = async (user: { username: string; password: string }): Promise<Page> => {
    const context = await browser().newContext({ viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    const p = await context.newPage();
    const login = await p.request.post(`${server.url}/api/login`, { data: user, headers: { origin: server.url } });
    expect(login.ok()).toBe(true);
    await p.goto(server.url);
    await p.waitForSelector('[data-testid="current-user"]', { state: 'attached', timeout: patient(20_000) });
    await waitFor(async () => (await p.textContent('[data-testid="current-user"]')) === user.username, 'signed in');
    return p;
  };

  beforeAll(async () => {
    server = await startTestServer({ adminPassword: undefined });
    page = await signIn({ username: 'admin', password: server.generatedAdminPassword! });
    const made = await page.request.post(`${server.url}/api/users`, {
      data: { ...VIEWER, role: 'viewer', cameras: '*' },
      headers: { origin: server.url },
    });
    expect(made.ok()).toBe(true);
  });
  afterAll(async () => {
    camera?.stop();
    for (const c of contexts) await c.close();
    await stopTestServer(server);
  });

  it("takes an admin from the checklist's password step to Change password, says what is wrong, and ticks the step", async () => {
    await page.click('[data-testid="first-run-link-password"]', { timeout: patient(20_000) });
    await page.waitForSelector(dialog, { state: 'visible' });
    expect(await page.textContent('[data-testid="password-title"]')).toBe('Change your password');
    await submitPassword(page, { current: server.generatedAdminPassword!, password: 'admins-own-password', again: 'admins-own-passwrd' });
    expect(await shown(page, 'password-error')).toBe('The two new passwords differ: type the same one twice.');
    await submitPassword(page, { current: 'not-the-password', password: 'admins-own-password' });
    await waitFor(
      async () => (await page.textContent('[data-testid="password-error"]')) !== 'The two new passwords differ: type the same one twice.',
      'the answer',
    );
    expect(await shown(page, 'password-error')).toBe('The current password is wrong; nothing was changed.');
    // A wrong password is no sign-out: the page is still signed in behind the dialog.
    expect(await page.isVisible('[data-testid="login-form"]')).toBe(false);
    await submitPassword(page, { current: server.generatedAdminPassword!, password: 'admins-own-password' });
    expect(await shown(page, 'password-done')).toBe('Your password is changed. Your other pages and devices were signed out; this page stays signed in.');
    await saveShots(page, 'password-checklist');
    await page.click('[data-testid="password-close"]');
    await page.waitForSelector(dialog, { state: 'hidden' });
    // Closed, the page goes back where the link came from (history.back(), which settles after the dialog hides).
    await waitFor(async () => (await page.evaluate(() => location.hash)) === '', 'the page back at its own address');
    await waitFor(async () => (await checklistWords(page))?.password === '✓ Done', 'the password step ticked');
    await page.reload();
    await waitFor(async () => (await page.textContent('[data-testid="current-user"]')) === 'admin', 'still signed in after a reload');
    expect(await page.isVisible('[data-testid="login-form"]')).toBe(false);
  });

  it('lets a viewer change their password from the header and stay signed in, the page saying so; their other page is signed out', async () => {
    const mine = await signIn(VIEWER);
    const other = await signIn(VIEWER);
    // Behind the header's menu (☰), at every width: a viewer has no settings page.
    await mine.click('[data-testid="menu-toggle"]');
    await mine.click('[data-testid="change-password"]');
    await mine.waitForSelector(dialog, { state: 'visible' });
    expect(await mine.textContent('[data-testid="password-note"]')).toContain('Signed in as viewer1');
    await mine.fill('[data-testid="password-current"]', VIEWER.password);
    await saveShots(mine, 'password-form');
    await submitPassword(mine, { current: VIEWER.password, password: 'viewers-new-password' });
    expect(await shown(mine, 'password-done')).toContain('this page stays signed in');
    await saveShots(mine, 'password-viewer');
    await mine.click('[data-testid="password-close"]');
    expect(await shown(other, 'login-error')).toBe('Your session ended; sign in again.');
    await waitFor(async () => (await mine.textContent('[data-testid="connection-status"]')) === 'connected', 'this page connected again');
    expect(await mine.isVisible('[data-testid="login-form"]')).toBe(false);
    await mine.reload();
    await waitFor(async () => (await mine.textContent('[data-testid="current-user"]')) === 'viewer1', 'still signed in after a reload');
    expect(await loginStatus(server, 'viewer1', 'viewers-new-password')).toBe(200);
    VIEWER.password = 'viewers-new-password';
  });

  it("lets an admin reset another user's password from Users, and asks before Add user replaces one", async () => {
    const row = (name: string) => `[data-testid="user-list"] tr[data-username="${name}"]`;
    await openSettings(page, 'users');
    await page.waitForSelector(`${row('viewer1')} [data-testid="user-reset-password"]`);
    expect(await page.locator(`${row('admin')} [data-testid="user-reset-password"]`).count()).toBe(0);
    // One's own row opens Change password (the current one asked); Cancel is back on Users.
    await page.click(`${row('admin')} [data-testid="user-change-password"]`);
    await page.waitForSelector(dialog, { state: 'visible' });
    expect(await page.textContent('[data-testid="password-title"]')).toBe('Change your password');
    await page.click('[data-testid="password-close"]');
    await page.waitForSelector('[data-testid="settings-users"]', { state: 'visible' });
    await page.click(`${row('viewer1')} [data-testid="user-reset-password"]`);
    await page.waitForSelector(dialog, { state: 'visible' });
    expect(await page.textContent('[data-testid="password-title"]')).toBe("Reset viewer1's password");
    expect(await page.isVisible('[data-testid="password-current"]')).toBe(false);
    await submitPassword(page, { password: 'reset-by-the-admin' });
    expect(await shown(page, 'password-done')).toBe("viewer1's password is changed, and their open pages and devices were signed out.");
    await saveShots(page, 'password-reset');
    await page.click('[data-testid="password-close"]');
    expect(await page.isVisible('[data-testid="settings-users"]')).toBe(true);
    expect(await loginStatus(server, 'viewer1', VIEWER.password)).toBe(401);
    expect(await loginStatus(server, 'viewer1', 'reset-by-the-admin')).toBe(200);

    // Add user with a name that exists asks first; no means nothing changes.
    const questions: string[] = [];
    page.once('dialog', (d) => void (questions.push(d.message()), d.dismiss()));
    await page.fill('[data-testid="user-name"]', 'viewer1');
    await page.fill('[data-testid="user-password"]', 'replaced-password-1');
    await page.fill('[data-testid="user-cameras"]', '*');
    await page.click('[data-testid="user-add"]');
    await waitFor(() => questions.length === 1, 'the question');
    expect(questions[0]).toBe('User viewer1 exists. Replace their password, role, cameras and permissions? Their open pages and devices are signed out.');
    expect(await page.isVisible('[data-testid="user-status"]')).toBe(false);
    expect(await loginStatus(server, 'viewer1', 'reset-by-the-admin')).toBe(200);
    page.once('dialog', (d) => void d.accept());
    await page.click('[data-testid="user-add"]');
    expect(await shown(page, 'user-status')).toBe('User viewer1 replaced, as a viewer; their open pages and devices were signed out.');
    expect(await loginStatus(server, 'viewer1', 'replaced-password-1')).toBe(200);
    await saveShots(page, 'users-replaced');
  });

  it("revokes the guide's earlier unused token for a camera as it makes another, and lists when each token was last used", async () => {
    const tokens = async () =>
      (
        (await (await page.request.get(`${server.url}/api/camera-tokens`)).json()) as {
          tokens: Array<{ cameraId: string; label: string; lastUsedAt?: number }>;
        }
      ).tokens;
    // A camera already sending with a token of its own: the guide leaves a used token alone.
    const own = await page.request.post(`${server.url}/api/camera-tokens`, { data: { cameraId: 'porch', label: 'porch pc' }, headers: { origin: server.url } });
    camera = await startCamera(server.url, ((await own.json()) as { secret: string }).secret, 'porch', { fps: 2 });
    await waitFor(async () => (await tokens()).some((t) => t.label === 'porch pc' && t.lastUsedAt !== undefined), 'the token used');

    for (const visit of [1, 2, 3]) {
      await openSettings(page, 'add');
      await page.check('[data-testid="add-kind-posix"]');
      await page.fill('[data-testid="add-name"]', 'Porch');
      await page.click('[data-testid="add-make"]');
      const note = await shown(page, 'add-token-note');
      if (visit === 1) expect(note).toBe('A token for Porch (id porch) is made: it is shown only here and now.');
      else expect(note).toContain("The guide's earlier token for it, never used, was revoked.");
      await page.click('[data-testid="settings-close"]');
      await page.waitForSelector('[data-testid="settings"]', { state: 'hidden' });
    }
    expect((await tokens()).map((t) => t.label).sort()).toEqual(['Porch (Add a camera)', 'porch pc']);

    await openSettings(page, 'users');
    const used = async (label: string) =>
      page.textContent(`[data-testid="token-list"] tr:has(td:text-is("${label}")) [data-testid="token-last-used"]`, { timeout: patient(20_000) });
    expect(await used('Porch (Add a camera)')).toBe('never used');
    expect(await used('porch pc')).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
    await page.locator('[data-testid="token-list"]').scrollIntoViewIfNeeded();
    await saveShots(page, 'tokens-used');
  });
});
