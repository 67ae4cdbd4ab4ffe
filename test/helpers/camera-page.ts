/** The capture page (/capture) in a real Chromium whose camera is Chromium's fake one (a test pattern). */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { ensureDashboardBuilt } from '../../server/dashboard.js';
import { CHROMIUM_FLAGS, chromiumPath } from './chromium.js';

/** Chromium's built-in fake camera, and no permission prompt for it. */
export const FAKE_CAMERA_FLAGS = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];

export async function launchCameraBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath()!, args: [...CHROMIUM_FLAGS, ...FAKE_CAMERA_FLAGS], headless: true });
}

/** For a describe block, as `useBrowser` but with the fake camera: built dashboard, one Chromium, closed after. */
export function useCameraBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    await ensureDashboardBuilt({ info: () => {} });
    browser = await launchCameraBrowser();
  });
  afterAll(async () => browser?.close());
  return () => browser!;
}

/** Headless pages are always visible; this makes the page believe it was hidden or shown, as a tab switch or a locked phone does. */
export function setHidden(page: Page, hidden: boolean): Promise<void> {
  return page.evaluate((h) => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (h ? 'hidden' : 'visible') });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
}

export interface CapturePage {
  page: Page;
  /** The status line, as the capture client prints it. */
  status(): Promise<string>;
  state(): Promise<string | null>;
  refusal(): Promise<{ code: string; title: string; fix: string } | null>;
}

/** Opens `url` (a capture link, or /capture itself) in its own context, picks size and frame rate, and presses Start. */
export async function openCapturePage(
  browser: Browser,
  url: string,
  o: { size?: string; fps?: number; viewport?: { width: number; height: number }; start?: boolean; context?: BrowserContext } = {},
): Promise<CapturePage> {
  const context = o.context ?? (await browser.newContext({ viewport: o.viewport ?? { width: 1280, height: 800 } }));
  const page = await context.newPage();
  await page.goto(url);
  const text = async (id: string) => (await page.textContent(`[data-testid="${id}"]`)) ?? '';
  await page.waitForFunction(() => document.querySelector('[data-testid="capture-who"]')?.textContent !== 'Checking who you are…');
  // A phone's page folds the settings away: unfold them to choose, and fold them back as they were.
  const settings = page.locator('[data-testid="capture-settings"]');
  const folded = !(await settings.evaluate((d: HTMLDetailsElement) => d.open));
  if (folded) await settings.evaluate((d: HTMLDetailsElement) => (d.open = true));
  if (o.size) await page.selectOption('[data-testid="capture-size"]', o.size);
  if (o.fps) await page.selectOption('[data-testid="capture-fps"]', String(o.fps));
  if (folded) await settings.evaluate((d: HTMLDetailsElement) => (d.open = false));
  if (o.start !== false && (await page.isEnabled('[data-testid="capture-start"]'))) await page.click('[data-testid="capture-start"]');
  return {
    page,
    status: () => text('capture-status'),
    state: () => page.getAttribute('[data-testid="capture-state"]', 'data-state'),
    refusal: async () => {
      if (await page.isHidden('[data-testid="capture-refusal"]')) return null;
      return { code: await text('capture-refusal-code'), title: await text('capture-refusal-title'), fix: await text('capture-refusal-fix') };
    },
  };
}
