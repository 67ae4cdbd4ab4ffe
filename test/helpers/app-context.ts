/**
 * A Chromium profile on disk (a persistent context), as an installed app has: Chromium reports an
 * incognito page (every `browser.newPage()`) as not installable, whatever its manifest.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_FLAGS, chromiumPath } from './chromium.js';
import { waitFor } from './wait.js';

export interface AppContext {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function openAppContext(viewport = { width: 1280, height: 800 }): Promise<AppContext> {
  const profile = mkdtempSync(path.join(tmpdir(), 'camrelay-app-profile-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: chromiumPath()!, args: CHROMIUM_FLAGS, headless: true, viewport });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Waits until a service worker controls the page (sw.js installed its shell and claimed it). */
export function waitForWorker(page: Page, timeoutMs = 30_000): Promise<boolean> {
  return waitFor(() => page.evaluate(() => navigator.serviceWorker.controller !== null), 'the service worker in control of the page', timeoutMs);
}

/** Every URL in the page's Cache Storage, as `cache-name url`. */
export function cachedUrls(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const out: string[] = [];
    for (const name of await caches.keys()) for (const r of await (await caches.open(name)).keys()) out.push(`${name} ${r.url}`);
    return out;
  });
}
