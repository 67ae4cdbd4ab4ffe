/** The settings page's "nothing cut off" measure (#42), shared by the settings e2e tests. */
import type { Page } from 'playwright-core';

/** What in the settings page is cut off: text wider than its box, a placeholder wider than its field, a page wider than the window. */
export function cutOff(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const root = document.querySelector<HTMLElement>('[data-testid="settings"]')!;
    const name = (e: Element) =>
      `${e.tagName.toLowerCase()}${(e as HTMLElement).dataset.testid ? `[${(e as HTMLElement).dataset.testid}]` : ''}.${e.className}`;
    const bad: string[] = [];
    const ctx = document.createElement('canvas').getContext('2d')!;
    for (const e of root.querySelectorAll<HTMLElement>('*')) {
      if (!e.checkVisibility() || e.closest('select')) continue;
      const text = [...e.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '');
      if (text && e.scrollWidth > e.clientWidth + 1) bad.push(`${name(e)} "${e.textContent!.trim().slice(0, 60)}" ${e.scrollWidth} > ${e.clientWidth}`);
      if (e instanceof HTMLInputElement && e.placeholder) {
        const s = getComputedStyle(e);
        ctx.font = `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
        const room = e.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
        if (ctx.measureText(e.placeholder).width > room + 1) bad.push(`placeholder of ${name(e)} "${e.placeholder}" > ${room}px`);
      }
    }
    if (document.documentElement.scrollWidth > innerWidth) bad.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} > ${innerWidth}`);
    return bad;
  });
}
