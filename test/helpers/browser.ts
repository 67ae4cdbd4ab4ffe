/**
 * Headless Chromium from Debian (never a downloaded build), driven by playwright-core.
 * Without a browser the tests skip loudly, except under CI=true where that is a failure.
 */
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { ensureDashboardBuilt } from '../../server/http/dashboard.js';
import { CHROMIUM_FLAGS, chromiumPath } from './chromium.js';

export { CHROMIUM_FLAGS, chromiumPath };

/** True when browser tests can run; prints why not, and throws under CI where a browser is required. */
export function browserAvailable(): boolean {
  if (chromiumPath()) return true;
  const msg = 'No Chromium found (set CHROMIUM_PATH or apt-get install chromium): browser tests are SKIPPED.';
  if (process.env.CI === 'true') throw new Error(`${msg} Under CI=true this is a failure.`);
  console.warn(`\n*** ${msg} ***\n`);
  return false;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath()!, args: CHROMIUM_FLAGS, headless: true });
}

/**
 * For a describe block: builds the dashboard and launches Chromium once before its tests, closes
 * it after; returns a getter for the browser.
 */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    await ensureDashboardBuilt({ info: () => {} });
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());
  return () => browser!;
}
