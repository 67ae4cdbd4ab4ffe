/** A URL to copy into another program (Streams out, Home Assistant): its title, the whole URL wrapped, and Copy. */
import { el, setText } from '../dom.js';
import { button } from './admin-markup.js';

/**
 * The title line and a row of the URL and its Copy button; `status` is where Copy says what it did. Each URL wrapped
 * whole (a one-line field showed a phone only its start), read-only, selectable for Ctrl+C.
 */
export function copyableUrl(testId: string, value: string, title: string, of: string, status: HTMLElement): HTMLElement[] {
  const url = el('textarea', 'field-input stream-url', testId);
  url.readOnly = true;
  url.rows = 2;
  url.value = value;
  url.setAttribute('aria-label', `${title} of ${of}`);
  const copy = button('bar-button', `${testId}-copy`, 'Copy');
  copy.addEventListener('click', () => void copyField(url, status));
  const row = el('span', 'link-row');
  row.append(url, copy);
  return [el('p', 'admin-secret-note', undefined, title), row];
}

/** The clipboard needs a secure context (HTTPS or localhost): over plain HTTP the field is selected for Ctrl+C instead. */
export async function copyField(input: HTMLTextAreaElement, status: HTMLElement): Promise<void> {
  input.focus();
  input.select();
  try {
    await navigator.clipboard.writeText(input.value);
    setText(status, 'Copied.');
  } catch {
    setText(status, 'This browser does not let the page copy here (plain HTTP): the URL is selected, press Ctrl+C (⌘C).');
  }
}
