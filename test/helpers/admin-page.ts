/** The Admin area's page in browser tests: a text once it matches, and screenshots at desktop and phone sizes when asked. */
import path from 'node:path';
import type { Page } from 'playwright-core';

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
