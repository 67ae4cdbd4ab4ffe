/**
 * Change password (#55 item 15): any signed-in user changes their own (`#/password`, from the header or the first-run
 * checklist), proving the current one; an admin resets another user's from Users. It says what happened: whose pages
 * were signed out, and that this one stays signed in (the relay set a fresh session cookie).
 */
import type { Api } from '../api.js';
import { button, field, textInput, whileBusy } from '../admin/admin-markup.js';
import { takeSecrets } from '../admin/secret-fields.js';
import { el, setText } from '../dom.js';

/** The address that opens the dialog for the signed-in user's own password. */
export const PASSWORD_ROUTE = '#/password';

/** The relay's rule (server/auth/password-routes.ts), checked here only to save a round trip. */
const MIN_LENGTH = 10;

type Mode = { kind: 'own'; username: string } | { kind: 'reset'; username: string };

export class PasswordDialog {
  readonly dialog = el('dialog', 'links password-dialog', 'password-dialog');
  private readonly title = el('h2', 'links-title', 'password-title');
  private readonly note = el('p', 'links-hint', 'password-note');
  private readonly form = el('form', 'password-form');
  private readonly fields = el('div', 'password-fields');
  private readonly current = textInput('password-current', { type: 'password', autocomplete: 'current-password' });
  private readonly currentField = field('Current password', this.current);
  private readonly next = textInput('password-new', { type: 'password', autocomplete: 'new-password', minlength: String(MIN_LENGTH) });
  private readonly again = textInput('password-again', { type: 'password', autocomplete: 'new-password' });
  private readonly error = el('p', 'login-error', 'password-error');
  private readonly done = el('p', 'password-done', 'password-done');
  private readonly save = button('button-primary', 'password-save', 'Change password', 'submit');
  private readonly close = button('bar-button', 'password-close', 'Cancel');
  private mode: Mode | null = null;
  private user: string | null = null;
  /** True when an in-page link opened `#/password`: closing goes back there (a bookmark's has nowhere to go back to). */
  private cameByLink = false;

  /** `changed`: the signed-in user's own password changed (the first-run checklist reads its status again). */
  constructor(
    private readonly api: Pick<Api, 'post' | 'put'>,
    private readonly changed: () => void = () => {},
  ) {
    this.dialog.setAttribute('aria-labelledby', (this.title.id = 'password-title'));
    this.error.setAttribute('role', 'alert');
    this.done.setAttribute('role', 'status');
    const buttons = el('div', 'password-buttons');
    buttons.append(this.save, this.close);
    this.fields.append(this.currentField, field('New password', this.next, `At least ${MIN_LENGTH} characters.`), field('New password again', this.again));
    this.form.append(this.fields, this.error, this.done, buttons);
    this.dialog.append(this.title, this.note, this.form);
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void whileBusy(this.save, () => this.submit());
    });
    this.close.addEventListener('click', () => this.dialog.close());
    this.dialog.addEventListener('close', () => this.closed());
    window.addEventListener('hashchange', () => {
      this.cameByLink = true;
      // Back (or another link) away from #/password takes the dialog with it.
      if (this.mode?.kind === 'own' && location.hash !== PASSWORD_ROUTE) this.dialog.close();
      this.apply();
    });
    document.body.append(this.dialog);
  }

  /** Who is signed in (null: nobody): `#/password` waits for a user. */
  setUser(username: string | null): void {
    this.user = username;
    if (!username && this.dialog.open) this.dialog.close();
    this.apply();
  }

  /** An admin sets another user's password (`PUT /api/users/<name>/password`). */
  reset(username: string): void {
    this.open({ kind: 'reset', username });
  }

  private apply(): void {
    if (location.hash !== PASSWORD_ROUTE || !this.user) return;
    if (!this.dialog.open) this.open({ kind: 'own', username: this.user });
  }

  private open(mode: Mode): void {
    this.mode = mode;
    const own = mode.kind === 'own';
    setText(this.title, own ? 'Change your password' : `Reset ${mode.username}'s password`);
    setText(
      this.note,
      own
        ? `Signed in as ${mode.username}. Your other pages and devices will be signed out; this one stays signed in.`
        : `${mode.username}'s open pages and devices will be signed out. Tell them the new password.`,
    );
    this.currentField.hidden = !own;
    this.current.required = own;
    this.next.required = this.again.required = true;
    for (const input of [this.current, this.next, this.again]) input.value = '';
    this.show(this.error, '');
    this.show(this.done, '');
    this.fields.hidden = this.save.hidden = this.note.hidden = false;
    setText(this.close, 'Cancel');
    if (!this.dialog.open) this.dialog.showModal();
    (own ? this.current : this.next).focus();
  }

  private async submit(): Promise<void> {
    const mode = this.mode;
    if (!mode) return;
    this.show(this.error, '');
    if (this.next.value.length < MIN_LENGTH) return this.show(this.error, `The new password needs at least ${MIN_LENGTH} characters.`);
    if (this.next.value !== this.again.value) return this.show(this.error, 'The two new passwords differ: type the same one twice.');
    const own = mode.kind === 'own';
    const [current, password] = [this.current.value, this.next.value];
    // Out of the page as soon as they are in the request; back as typed if the relay refuses.
    const restore = takeSecrets([this.current, this.next, this.again]);
    const answer = own
      ? await this.api.post<unknown>('/api/me/password', { current, password })
      : await this.api.put<unknown>(`/api/users/${encodeURIComponent(mode.username)}/password`, { password });
    if (this.mode !== mode) return;
    if (!answer.ok) {
      restore();
      return this.show(this.error, answer.body.message);
    }
    this.fields.hidden = this.save.hidden = true;
    // What will happen gives way to what happened.
    this.note.hidden = true;
    setText(this.close, 'Close');
    this.show(
      this.done,
      own
        ? 'Your password is changed. Your other pages and devices were signed out; this page stays signed in.'
        : `${mode.username}'s password is changed, and their open pages and devices were signed out.`,
    );
    this.close.focus();
    if (own) this.changed();
  }

  private closed(): void {
    const own = this.mode?.kind === 'own';
    this.mode = null;
    for (const input of [this.current, this.next, this.again]) input.value = '';
    if (!own || location.hash !== PASSWORD_ROUTE) return;
    if (this.cameByLink) history.back();
    else history.replaceState(null, '', location.pathname + location.search);
    this.cameByLink = false;
  }

  private show(line: HTMLElement, text: string): void {
    setText(line, text);
    line.hidden = text === '';
  }
}
