/** The first-run checklist (#42) in browser tests: its steps as a person reads them, and hiding it. */
import type { BrowserContext, Page } from 'playwright-core';
import { FIRST_RUN_HIDDEN_KEY } from '../../dashboard/src/first-run/checklist.js';

/**
 * For browser tests about the grid rather than the checklist: the admin has hidden it, as a person does once set up,
 * so it takes no room above the grid (it still shows while there is no camera).
 */
export async function hideFirstRun(target: Page | BrowserContext): Promise<void> {
  await target.addInitScript((key) => window.localStorage.setItem(key, '1'), FIRST_RUN_HIDDEN_KEY);
}

/** Each step's words as shown ("✓ Done" or "2 To do"), by step id, while the card shows; null while it is hidden. */
export function checklistWords(page: Page): Promise<Record<string, string> | null> {
  return page.evaluate(() => {
    const card = document.querySelector<HTMLElement>('[data-testid="first-run"]');
    if (!card?.checkVisibility()) return null;
    return Object.fromEntries(
      [...card.querySelectorAll<HTMLElement>('.first-run-step')].map((li) => [
        li.dataset.testid!.replace('first-run-step-', ''),
        `${li.querySelector('.first-run-mark')!.textContent} ${li.querySelector('.first-run-state')!.textContent}`,
      ]),
    );
  });
}
