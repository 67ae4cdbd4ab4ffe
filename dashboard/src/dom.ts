/** The DOM helpers every part uses: text only through `textContent`, and no write when nothing changed. */
/** Creates an element with an optional class and `data-testid`; text goes in with `textContent` only. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, testId?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (testId) node.dataset.testid = testId;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A button that does `act` when pressed, its `label` said to screen readers and shown on hover (a short `text` such as ‹). */
export function actionButton(className: string, text: string, testId: string, label: string, act: () => void): HTMLButtonElement {
  const b = el('button', className, testId, text);
  b.type = 'button';
  b.setAttribute('aria-label', label);
  b.title = label;
  b.addEventListener('click', act);
  return b;
}

/** Writes text only when it changed, so the once-a-tick refresh does not churn layout. */
export function setText(node: Node, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}

export function setAttr(node: Element, name: string, value: string): void {
  if (node.getAttribute(name) !== value) node.setAttribute(name, value);
}

/** The element with `data-testid="<id>"` inside `root`; a missing one is a broken index.html. */
export function byTestId<T extends HTMLElement = HTMLElement>(id: string, root: ParentNode = document): T {
  const node = root.querySelector<T>(`[data-testid="${id}"]`);
  if (!node) throw new Error(`The dashboard markup has no [data-testid="${id}"] element.`);
  return node;
}
