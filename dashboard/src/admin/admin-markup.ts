/** The settings page's building blocks (sections, fields, tables, busy buttons), shared so its views look alike. */
import type { Api } from '../api.js';
import { el } from '../dom.js';

/** What each view of the settings page is given. */
export interface AdminViewDeps {
  api: Pick<Api, 'get' | 'post' | 'put' | 'patch' | 'delete' | 'upload'>;
  /** Shows a failed request's message on the page's error line; null clears it. */
  report(message: string | null): void;
  /** `window.confirm`, so a destructive click asks first. */
  confirm(question: string): boolean;
}

/** A block of a settings section with the Diagnostics drawer's look: small caps heading, then the content. */
export function adminSection(title: string, children: HTMLElement[]): HTMLElement {
  const head = el('div', 'diag-section-head');
  head.append(el('h3', 'diag-heading', undefined, title));
  const node = el('section', 'diag-section');
  node.append(head, ...children);
  return node;
}

/** A text input with its `data-testid`, and any other attributes as plain strings. */
export function textInput(testId: string, attributes: Record<string, string> = {}): HTMLInputElement {
  const input = el('input', 'field-input', testId);
  input.autocomplete = 'off';
  input.spellcheck = false;
  for (const [name, value] of Object.entries(attributes)) input.setAttribute(name, value);
  return input;
}

/**
 * `<label><span>label</span>control</label>`: the label is the control's accessible name. A `hint` is a line under
 * the control, wrapped and always shown: a placeholder saying as much was cut off in a narrow field.
 */
export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  const wrap = el('label', 'field');
  wrap.append(el('span', 'field-label', undefined, label), control);
  if (hint) wrap.append(el('span', 'field-hint', undefined, hint));
  return wrap;
}

export function button(className: string, testId: string, text: string, type: 'button' | 'submit' = 'button'): HTMLButtonElement {
  const node = el('button', className, testId, text);
  node.type = type;
  return node;
}

/** A table with a header row; rows go in `body`. */
export function table(testId: string, columns: string[]): { table: HTMLTableElement; body: HTMLTableSectionElement } {
  const headRow = el('tr');
  for (const label of columns) {
    const th = el('th', undefined, undefined, label);
    th.scope = 'col';
    headRow.append(th);
  }
  const head = el('thead');
  head.append(headRow);
  const body = el('tbody');
  const node = el('table', 'diag-table admin-table', testId);
  node.append(head, body);
  return { table: node, body };
}

/** Disables `control` while `work` runs, so a double click sends one request. */
export async function whileBusy<T>(control: HTMLButtonElement, work: () => Promise<T>): Promise<T> {
  control.disabled = true;
  try {
    return await work();
  } finally {
    control.disabled = false;
  }
}
