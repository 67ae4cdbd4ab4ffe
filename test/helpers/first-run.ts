/**
 * For browser tests about the grid rather than the first-run checklist (#42): the admin has hidden the checklist, as
 * a person does once set up, so it takes no room above the grid (it still shows while there is no camera).
 */
import type { BrowserContext, Page } from 'playwright-core';
import { FIRST_RUN_HIDDEN_KEY } from '../../dashboard/src/first-run/checklist.js';

export async function hideFirstRun(target: Page | BrowserContext): Promise<void> {
  await target.addInitScript((key) => window.localStorage.setItem(key, '1'), FIRST_RUN_HIDDEN_KEY);
}
