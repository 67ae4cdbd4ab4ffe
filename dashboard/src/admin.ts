import { AdminMarkup, type AdminViewDeps } from './admin-markup.js';
import { setText } from './dom.js';
import { TokensView } from './tokens-view.js';
import { UsersView } from './users-view.js';

export interface AdminOptions {
  /** Where capture clients reach this server, for the ready-to-paste command. */
  origin?: string;
  confirm?: (question: string) => boolean;
  /** Called as the drawer opens, e.g. to close the other drawer. */
  onOpen?: () => void;
}

/**
 * The Admin drawer (admins only): camera tokens and users. It asks the server for both lists each
 * time it opens, and shows the message of any request that failed.
 */
export class Admin {
  private readonly toggleButton: HTMLElement;
  private readonly panel: HTMLElement;
  private readonly dom: AdminMarkup;
  private readonly tokens: TokensView;
  private readonly users: UsersView;
  private readonly onOpen: () => void;

  constructor(elements: { toggle: HTMLElement; panel: HTMLElement }, api: AdminViewDeps['api'], options: AdminOptions = {}) {
    const { origin = location.origin, confirm = (question) => window.confirm(question), onOpen = () => {} } = options;
    this.toggleButton = elements.toggle;
    this.panel = elements.panel;
    this.onOpen = onOpen;
    const deps: AdminViewDeps = { api, confirm, report: (message) => this.report(message) };
    this.tokens = new TokensView(deps, origin);
    this.users = new UsersView(deps);
    this.dom = new AdminMarkup(this.panel, [this.tokens.root, this.users.root]);

    this.toggleButton.setAttribute('aria-controls', this.panel.id);
    this.toggleButton.setAttribute('aria-expanded', 'false');
    this.toggleButton.addEventListener('click', () => (this.isOpen ? this.close() : this.open()));
    this.dom.close.addEventListener('click', () => this.close());
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.isOpen) this.close();
    });
  }

  get isOpen(): boolean {
    return !this.panel.hidden;
  }

  open(): void {
    if (this.isOpen) return;
    this.onOpen();
    this.panel.hidden = false;
    this.toggleButton.setAttribute('aria-expanded', 'true');
    // Closing the other drawer handed the focus to its own button.
    this.toggleButton.focus();
    this.report(null);
    void this.tokens.load();
    void this.users.load();
  }

  close(): void {
    if (!this.isOpen) return;
    this.tokens.forgetSecret();
    this.panel.hidden = true;
    this.toggleButton.setAttribute('aria-expanded', 'false');
    // A hidden toggle (just signed out) cannot take the focus back.
    if (!this.toggleButton.hidden) this.toggleButton.focus();
  }

  private report(message: string | null): void {
    setText(this.dom.error, message ?? '');
    this.dom.error.hidden = !message;
  }
}
