/** The settings page in browser tests: opening a section, a text once it matches, and screenshots at desktop and phone sizes when asked. */
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { SettingsSection } from '../../dashboard/src/settings/settings-route.js';

/** Where `shots` writes (CAMRELAY_SHOTS), or nothing. */
export const SHOTS = process.env.CAMRELAY_SHOTS;

/** The page's text under a test id, once it matches. */
export async function textBecomes(page: Page, testId: string, match: RegExp, root = ''): Promise<string> {
  const selector = `${root} [data-testid="${testId}"]`.trim();
  await page.waitForFunction(([s, m]) => new RegExp(m).test(document.querySelector(s)?.textContent ?? ''), [selector, match.source] as const, {
    timeout: 20_000,
  });
  return (await page.textContent(selector)) ?? '';
}

export async function shots(page: Page, name: string, testId: string): Promise<void> {
  if (!SHOTS) return;
  for (const [w, h] of [
    [1280, 800],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.locator(`[data-testid="${testId}"]`).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, `${name}-${w}.png`) });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

/**
 * Opens the settings page's `section` as a person does: the header's Admin button (behind the menu on a phone), which
 * opens Cameras, then the section in the list (after "All settings" on a phone). Resolves once the section shows.
 */
/** The whole page at 1280×800 and 390×844 as `<name>-<width>.png` (CAMRELAY_SHOTS), back at 1280×800 after. */
export async function saveShots(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  for (const [width, height] of [
    [1280, 800],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

export async function openSettings(page: Page, section: SettingsSection = 'cameras'): Promise<void> {
  const shown = `[data-testid="settings-${section}"]`;
  if (!(await page.isVisible('[data-testid="settings"]'))) {
    if (!(await page.isVisible('[data-testid="admin-toggle"]'))) await page.click('[data-testid="menu-toggle"]');
    await page.click('[data-testid="admin-toggle"]');
    await page.waitForSelector('[data-testid="settings-cameras"]', { state: 'visible' });
  }
  if (await page.isVisible(shown)) return;
  if (await page.isVisible('[data-testid="settings-list-link"]')) await page.click('[data-testid="settings-list-link"]');
  await page.click(`[data-testid="settings-link-${section}"]`);
  await page.waitForSelector(shown, { state: 'visible' });
}

/** "Back to cameras": the grid again. */
export async function closeSettings(page: Page): Promise<void> {
  await page.click('[data-testid="settings-close"]');
  await page.waitForSelector('[data-testid="settings"]', { state: 'hidden' });
}
