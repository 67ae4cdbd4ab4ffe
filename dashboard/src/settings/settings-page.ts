/**
 * The settings page (`#/settings/<section>`, #42): a page of its own under the header, in place of the
 * narrow drawer that covered the header's buttons. A side list of sections beside the current one on a
 * wide screen; on a phone the list first, then the section as a page with a link back to the list.
 * It follows the address only: the Admin button pushes one history entry (PushedRoute), switching
 * sections replaces it, so the browser's back (and Esc, and "Back to cameras") returns to the grid.
 */
import './settings.css';
import { el, setText } from '../dom.js';
import { PushedRoute } from '../tiles/pushed-route.js';
import { parseSettingsRoute, sectionTitle, SETTINGS_SECTIONS, settingsRoute, type SettingsSection } from './settings-route.js';

/** Below this width the list and a section do not fit side by side (matches settings.css). */
export const PHONE_QUERY = '(max-width: 700px)';

/** One section: its views' roots, and what to start as it shows and stop as it hides. */
export interface SectionParts {
  roots: HTMLElement[];
  show(): void;
  hide?(): void;
}

export interface SettingsPageDeps {
  /** The header's button that opens the page (and closes it when open). */
  toggle: HTMLElement;
  sections: Record<SettingsSection, SectionParts>;
  /** As the page shows (e.g. close the Diagnostics drawer) and as it is left (stop what the sections started). */
  onOpen(): void;
  onClose(): void;
}

export class SettingsPage {
  /** The line a failed request's message goes on, above the section. */
  readonly error = el('p', 'admin-error', 'admin-error');
  private readonly route = new PushedRoute();
  private readonly links = new Map<SettingsSection, HTMLAnchorElement>();
  private readonly panels = new Map<SettingsSection, HTMLElement>();
  private readonly title = el('h2', 'settings-title', 'settings-title');
  private readonly phone = window.matchMedia(PHONE_QUERY);
  private allowed = false;
  private shown = false;
  private current: SettingsSection | null = null;

  constructor(
    private readonly root: HTMLElement,
    private readonly deps: SettingsPageDeps,
  ) {
    this.error.setAttribute('role', 'alert');
    this.error.hidden = true;
    this.title.tabIndex = -1;
    const close = el('button', 'bar-button', 'settings-close', '← Back to cameras');
    close.type = 'button';
    close.title = 'Back to the cameras (Esc)';
    close.addEventListener('click', () => this.close());
    const head = el('div', 'settings-head');
    head.append(el('h1', 'settings-heading', undefined, 'Settings'), close);

    const list = el('ul', 'settings-list');
    for (const { id, title } of SETTINGS_SECTIONS) {
      const link = el('a', 'settings-link', `settings-link-${id}`, title);
      link.href = settingsRoute(id);
      link.addEventListener('click', (e) => this.follow(e, settingsRoute(id)));
      const item = el('li');
      item.append(link);
      list.append(item);
      this.links.set(id, link);
      const panel = el('div', 'settings-panel', `settings-${id}`);
      panel.hidden = true;
      panel.append(...deps.sections[id].roots);
      this.panels.set(id, panel);
    }
    const nav = el('nav', 'settings-nav');
    nav.setAttribute('aria-label', 'Settings sections');
    nav.append(list);

    const back = el('a', 'settings-back', 'settings-list-link', '← All settings');
    back.href = settingsRoute();
    back.addEventListener('click', (e) => this.follow(e, settingsRoute()));
    const body = el('div', 'settings-body');
    body.append(back, this.title, this.error, ...this.panels.values());
    const layout = el('div', 'settings-layout');
    layout.append(nav, body);
    root.replaceChildren(head, layout);

    deps.toggle.addEventListener('click', () => (this.open ? this.close() : this.show('cameras')));
    window.addEventListener('hashchange', () => this.apply());
    this.phone.addEventListener('change', () => this.apply());
    document.addEventListener('keydown', (e) => this.onKey(e));
  }

  /** True while the page shows (an admin on a settings address). */
  get open(): boolean {
    return this.shown;
  }

  /** Only an admin sees the page; anyone else on its address stays on the grid. */
  setAllowed(allowed: boolean): void {
    this.allowed = allowed;
    this.apply();
  }

  /** Opens `section`: a new history entry from the grid, the same entry when the page already shows. */
  show(section: SettingsSection): void {
    if (!this.allowed) return;
    if (this.shown) location.replace(settingsRoute(section));
    else this.route.push(settingsRoute(section));
  }

  /** Back to the grid: the browser's back when this page pushed the address, else the address cleared. */
  close(): void {
    if (this.shown) this.route.leave(() => this.apply());
  }

  /** Shows a failed request's message above the section; null clears it. */
  report(message: string | null): void {
    setText(this.error, message ?? '');
    this.error.hidden = !message;
  }

  /** Follows the URL (and the width: a phone shows the list for `#/settings` alone, a wide screen its first section). */
  apply(): void {
    const route = this.allowed ? parseSettingsRoute(location.hash) : null;
    if (!route) return this.leave();
    if (!this.shown) {
      this.shown = true;
      this.deps.onOpen();
      this.report(null);
    }
    const listOnly = route.section === null && this.phone.matches;
    const section = route.section ?? (listOnly ? null : SETTINGS_SECTIONS[0].id);
    this.root.hidden = false;
    document.body.toggleAttribute('data-settings', true);
    this.deps.toggle.setAttribute('aria-pressed', 'true');
    this.root.toggleAttribute('data-list-only', listOnly);
    this.select(section);
  }

  private leave(): void {
    this.root.hidden = true;
    document.body.toggleAttribute('data-settings', false);
    this.deps.toggle.setAttribute('aria-pressed', 'false');
    if (!this.shown) return;
    this.shown = false;
    this.select(null);
    this.deps.onClose();
    // The page's button had the focus, or the page did: give it back, unless signed out hid it.
    if (!this.deps.toggle.hidden) this.deps.toggle.focus();
  }

  private select(section: SettingsSection | null): void {
    for (const [id, link] of this.links) {
      if (id === section) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    if (section === this.current) return;
    const was = this.current;
    this.current = section;
    if (was) {
      this.panels.get(was)!.hidden = true;
      this.deps.sections[was].hide?.();
    }
    setText(this.title, section ? sectionTitle(section) : '');
    // On a phone the list and the section take turns: the focus goes to what came, not to the vanished link.
    if (!section) {
      if (was && this.shown && this.phone.matches) this.links.get(was)!.focus();
      return;
    }
    this.panels.get(section)!.hidden = false;
    if (was) this.report(null);
    this.deps.sections[section].show();
    if (this.phone.matches) this.title.focus({ preventScroll: true });
  }

  /** A section link: the same history entry (back leaves the page), and the address stays a real link to copy. */
  private follow(e: MouseEvent, hash: string): void {
    if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    if (location.hash !== hash) location.replace(hash);
  }

  private onKey(e: KeyboardEvent): void {
    if (!this.shown || e.key !== 'Escape' || e.defaultPrevented) return;
    // Esc belongs to what is open over the page first, and to a field being typed in (a half-filled form is kept).
    if (document.querySelector('dialog[open], .drawer:not([hidden]), .bar-menu[data-open]')) return;
    if ((e.target as HTMLElement | null)?.closest?.('input, textarea, select')) return;
    e.preventDefault();
    this.close();
  }
}
