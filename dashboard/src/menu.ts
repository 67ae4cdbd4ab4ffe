/** The header's menu: inline on a wide screen; behind one button on a phone, so the bar stays one row. */
import { byTestId } from './dom.js';

export class Menu {
  private readonly button = byTestId('menu-toggle');
  private readonly panel = byTestId('bar-menu');

  constructor() {
    this.button.append(...Array.from({ length: 3 }, () => document.createElement('span')));
    this.button.addEventListener('click', () => this.setOpen(!this.open));
    document.addEventListener('keydown', (e) => {
      if (e.key !== 'Escape' || !this.open) return;
      // Esc closes the menu only, not also the page under it.
      e.preventDefault();
      this.setOpen(false);
    });
    // A tap outside, or on one of its buttons, closes it.
    document.addEventListener('click', (e) => {
      if (!this.open) return;
      const target = e.target as Node;
      if (this.button.contains(target)) return;
      // Buttons that open a drawer or sign out close it, as does a link (Change password); the layout and theme controls keep it open.
      const control = (target as HTMLElement).closest?.('button, a[href]');
      if (!this.panel.contains(target) || (control && (control.tagName === 'A' || !control.closest('.bar-more')))) this.setOpen(false);
    });
  }

  get open(): boolean {
    return this.panel.hasAttribute('data-open');
  }

  setOpen(open: boolean): void {
    this.panel.toggleAttribute('data-open', open);
    this.button.setAttribute('aria-expanded', String(open));
  }
}
