/** A side drawer opened by a header button: open/close, Escape, aria state and focus, in one place. */

export interface DrawerHooks {
  /** Before showing, e.g. to close the other drawer. */
  beforeOpen?: () => void;
  /** Once shown: load or start what the drawer displays. */
  afterOpen?: () => void;
  /** Before hiding: stop what it started. */
  beforeClose?: () => void;
}

export class Drawer {
  constructor(
    private readonly toggle: HTMLElement,
    private readonly panel: HTMLElement,
    closeButton: HTMLElement,
    private readonly hooks: DrawerHooks,
  ) {
    toggle.setAttribute('aria-controls', panel.id);
    toggle.setAttribute('aria-expanded', 'false');
    toggle.addEventListener('click', () => (this.isOpen ? this.close() : this.open()));
    closeButton.addEventListener('click', () => this.close());
    document.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape' || !this.isOpen) return;
      // Esc closes the drawer only, not also the page under it (the settings page, the wall).
      event.preventDefault();
      this.close();
    });
  }

  get isOpen(): boolean {
    return !this.panel.hidden;
  }

  open(): void {
    if (this.isOpen) return;
    this.hooks.beforeOpen?.();
    this.panel.hidden = false;
    this.toggle.setAttribute('aria-expanded', 'true');
    // Closing the other drawer handed the focus to its own button.
    this.toggle.focus();
    this.hooks.afterOpen?.();
  }

  close(): void {
    if (!this.isOpen) return;
    this.hooks.beforeClose?.();
    this.panel.hidden = true;
    this.toggle.setAttribute('aria-expanded', 'false');
    // A hidden toggle (just signed out) cannot take the focus back.
    if (!this.toggle.hidden) this.toggle.focus();
  }
}
