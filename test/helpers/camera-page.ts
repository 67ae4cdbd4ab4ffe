/** The capture page (/capture) in a real Chromium whose camera is Chromium's fake one (a test pattern). */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { ensureDashboardBuilt } from '../../server/http/dashboard.js';
import { launchChromium } from './chromium.js';

export { openCapturePage, type CapturePage } from '../../dashboard/tools/shots/capture-page.js';

export function launchCameraBrowser(): Promise<Browser> {
  return launchChromium({ fakeCamera: true });
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
