/** The capture page (/capture) driven as a person does: pick a size and a frame rate, press Start. For the screenshots and the browser tests. */
import type { Browser, BrowserContext, Page } from 'playwright-core';

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
