/**
 * The address the URLs the settings page hands out (stream URLs, Home Assistant's) point at. A page opened at
 * localhost on the relay's own machine would hand out localhost, which no other machine reaches: the relay says
 * the addresses another machine can use (`/api/capture-server`, its LAN addresses), the first is taken, and a
 * picker shown beside the URLs lets the person choose when there are several (#55 item 13).
 */
import { el, setText } from '../dom.js';

/** The page's base (its folder, a proxy's sub-path included) at `address`'s scheme, host and port. */
export function baseAt(address: string | null, page: string): string {
  const folder = new URL('.', page);
  return address === null ? folder.href : new URL(folder.pathname, new URL(address).origin).href;
}

/** The addresses of `/api/capture-server`'s answer (`urls`, else `url`), well-formed http(s) ones only, at most 16. */
export function parseAddresses(body: unknown): string[] {
  const { url, urls } = (body ?? {}) as { url?: unknown; urls?: unknown };
  const given = Array.isArray(urls) ? urls.slice(0, 16) : [url];
  return given.filter((u): u is string => typeof u === 'string' && /^https?:\/\/[^\s/]+/.test(u) && URL.canParse(u));
}

export class RelayAddress {
  private choices: string[] = [];
  private chosen: string | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly page: () => string = () => location.href) {}

  /** Where players reach the relay: the page's base at the chosen address (the page's own until the relay has said). */
  base(): string {
    return baseAt(this.chosen, this.page());
  }

  /** The relay's addresses for other machines, best first; a choice the person made is kept while it is still offered. */
  set(addresses: readonly string[]): void {
    this.choices = [...addresses];
    const pageOrigin = new URL(this.page()).origin;
    // The page's own address needs no rewriting (it may carry a proxy's sub-path the relay's answer lacks).
    const first = this.choices[0] ?? null;
    const keep = this.chosen !== null && this.choices.includes(this.chosen);
    this.chosen = keep ? this.chosen : first !== null && new URL(first).origin !== pageOrigin ? first : null;
    for (const l of this.listeners) l();
  }

  choose(address: string): void {
    if (!this.choices.includes(address) || address === this.chosen) return;
    this.chosen = address;
    for (const l of this.listeners) l();
  }

  onChange(listener: () => void): void {
    this.listeners.add(listener);
  }

  /**
   * A line above the URLs: nothing while the page's own address serves; else which address they use and why, with a
   * picker when the relay has several.
   */
  picker(testId: string): HTMLElement {
    const node = el('div', 'relay-address', testId);
    const render = (): void => {
      node.hidden = this.chosen === null;
      if (this.chosen === null) return node.replaceChildren();
      const pageHost = new URL(this.page()).host;
      const host = new URL(this.chosen).host;
      if (this.choices.length < 2) {
        const line = el('p', 'diag-note', `${testId}-note`);
        setText(line, `These URLs use ${host}, this relay’s address on your network: this page was opened at ${pageHost}, which other machines cannot reach.`);
        return node.replaceChildren(line);
      }
      const select = el('select', 'field-input', `${testId}-select`);
      for (const address of this.choices) {
        const option = el('option', undefined, undefined, new URL(address).host);
        option.value = address;
        option.selected = address === this.chosen;
        select.append(option);
      }
      select.addEventListener('change', () => this.choose(select.value));
      const label = el('label', 'field');
      label.append(el('span', 'field-label', undefined, 'Address other machines use'), select);
      const hint = el('p', 'field-hint', `${testId}-note`);
      setText(
        hint,
        `This page was opened at ${pageHost}, which other machines cannot reach; this relay has several addresses on your networks: pick the one the other machine (a player, Home Assistant) is on.`,
      );
      node.replaceChildren(label, hint);
    };
    this.onChange(render);
    render();
    return node;
  }
}
