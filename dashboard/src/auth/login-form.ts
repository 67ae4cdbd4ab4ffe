/** The sign-in form's behaviour; its markup is in index.html, where it also works (a plain POST) before any script runs. */
import { byTestId, setText } from '../dom.js';

/**
 * The sign-in form of index.html. It hands the name and password to `submit` and forgets the
 * password at once; what went wrong comes back through `show(error)`.
 */
export class LoginForm {
  private readonly form: HTMLFormElement;
  private readonly username: HTMLInputElement;
  private readonly password: HTMLInputElement;
  private readonly submitButton: HTMLButtonElement;
  private readonly error: HTMLElement;
  private busy = false;

  constructor(form: HTMLFormElement, submit: (username: string, password: string) => Promise<unknown>) {
    this.form = form;
    this.username = byTestId<HTMLInputElement>('login-username', form);
    this.password = byTestId<HTMLInputElement>('login-password', form);
    this.submitButton = byTestId<HTMLButtonElement>('login-submit', form);
    this.error = byTestId('login-error', form);

    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (this.busy) return;
      const username = this.username.value.trim();
      const password = this.password.value;
      this.password.value = '';
      this.setBusy(true);
      this.showError(null);
      void submit(username, password).finally(() => this.setBusy(false));
    });
  }

  /** Shows the form with why the last attempt failed (or nothing), focused where typing goes next. */
  show(error: string | null): void {
    this.showError(error);
    this.form.hidden = false;
    (this.username.value ? this.password : this.username).focus();
  }

  hide(): void {
    this.form.hidden = true;
    this.password.value = '';
    this.showError(null);
  }

  private showError(error: string | null): void {
    setText(this.error, error ?? '');
    this.error.hidden = !error;
  }

  private setBusy(busy: boolean): void {
    this.busy = busy;
    this.submitButton.disabled = busy;
    this.form.setAttribute('aria-busy', String(busy));
  }
}
