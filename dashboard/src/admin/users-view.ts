/**
 * Accounts on the settings page: who may sign in, as what, which cameras a viewer may watch, who may talk through them,
 * and who may see the plates read and their names (#58).
 */
import { formatCameras, parseCameraList, parseUsers } from './admin-data.js';
import { adminSection, button, field, table, textInput, whileBusy, type AdminViewDeps } from './admin-markup.js';
import type { Role, User, UserAnswer, UsersAnswer } from '../../../shared/auth.js';
import type { Unchecked } from '../api.js';
import { PASSWORD_ROUTE } from '../auth/password-dialog.js';
import { el, setText } from '../dom.js';
import { takeSecrets } from './secret-fields.js';

/**
 * The settings page's users: the list with Change password on one's own row, Reset password and Delete on the others,
 * and a form that adds one, or replaces one after asking.
 */
export class UsersView {
  readonly root: HTMLElement;
  private readonly deps: AdminViewDeps;
  /** Who is signed in, so that row offers Change password (which asks for the current one). */
  private me: string | null = null;
  private names = new Set<string>();
  /** What the last add or replace did, in words. */
  private readonly said = el('p', 'diag-note', 'user-status');
  private readonly list = table('user-list', ['user', 'role', 'cameras', 'talk', 'plates', '']);
  // The server's rules (shared with the CLI); the browser's own checks only save a round trip.
  private readonly name = textInput('user-name', { required: '', maxlength: '64', pattern: '[A-Za-z0-9_.\\-]+' });
  private readonly password = textInput('user-password', { type: 'password', required: '', minlength: '10' });
  private readonly role = el('select', 'field-input', 'user-role');
  private readonly cameras = textInput('user-cameras', { required: '', placeholder: '* or front-door, garage' });
  private readonly talk = Object.assign(el('input', undefined, 'user-talk'), { type: 'checkbox' });
  private readonly identities = Object.assign(el('input', undefined, 'user-identities'), { type: 'checkbox' });
  private readonly add = button('diag-button', 'user-add', 'Add user', 'submit');

  constructor(
    deps: AdminViewDeps,
    private readonly resetPassword: (username: string) => void = () => {},
  ) {
    this.deps = deps;
    this.said.setAttribute('role', 'status');
    this.said.hidden = true;
    this.password.autocomplete = 'new-password';
    for (const role of ['viewer', 'admin'] satisfies Role[]) this.role.append(new Option(role, role));
    // Admins watch every camera and may always talk: the fields only matter for viewers.
    this.role.addEventListener('change', () => this.roleChanged());

    const form = el('form', 'admin-form');
    const note = el(
      'p',
      'diag-note',
      undefined,
      "Adding a name that exists replaces that user's password, role, cameras and permissions, after asking. Without “May see plates and names” a viewer sees “car” where a plate was read.",
    );
    form.append(
      field('User name', this.name),
      field('Password', this.password),
      field('Role', this.role),
      field('Cameras', this.cameras),
      choice(this.talk, 'May talk through cameras'),
      choice(this.identities, 'May see plates and names'),
      this.add,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void whileBusy(this.add, () => this.addUser(form));
    });
    this.root = adminSection('Users', [this.list.table, form, this.said, note]);
  }

  async load(): Promise<void> {
    const [answer, me] = await Promise.all([this.deps.api.get<Unchecked<UsersAnswer>>('/api/users'), this.deps.api.get<Unchecked<UserAnswer>>('/api/me')]);
    if (!answer.ok) return this.deps.report(answer.body.message);
    const who = me.ok ? (me.body.user as { username?: unknown } | undefined)?.username : undefined;
    this.me = typeof who === 'string' ? who : null;
    const users = parseUsers(answer.body.users);
    this.names = new Set(users.map((u) => u.username));
    this.list.body.replaceChildren(...users.map((user) => this.row(user)));
  }

  private row(user: User): HTMLTableRowElement {
    const tr = el('tr');
    tr.dataset.username = user.username;
    const remove = button('diag-button admin-danger', 'user-delete', 'Delete');
    remove.addEventListener('click', () => void whileBusy(remove, () => this.remove(user.username)));
    const buttons = el('div', 'user-actions');
    buttons.append(this.passwordAction(user.username), remove);
    const action = el('td', 'admin-action user-action-cell');
    action.append(buttons);
    tr.append(
      el('td', 'admin-strong', undefined, user.username),
      el('td', undefined, undefined, user.role),
      el('td', 'admin-label', undefined, formatCameras(user.cameras)),
      this.permissionCell(user, 'talk', 'May talk through cameras'),
      this.permissionCell(user, 'identities', 'May see plates and names'),
      action,
    );
    return tr;
  }

  /** One's own row: Change password (it asks for the current one); another's: Reset password. */
  private passwordAction(username: string): HTMLElement {
    if (username === this.me) {
      const link = el('a', 'diag-button user-password-link', 'user-change-password', 'Change password');
      link.href = PASSWORD_ROUTE;
      return link;
    }
    const reset = button('diag-button', 'user-reset-password', 'Reset password');
    reset.addEventListener('click', () => this.resetPassword(username));
    return reset;
  }

  /** The row's box of one permission: saved at once (PATCH); an admin's is ticked and fixed, as they always may. */
  private permissionCell(user: User, key: 'talk' | 'identities', words: string): HTMLTableCellElement {
    const box = Object.assign(el('input', undefined, `user-row-${key}`), { type: 'checkbox', checked: user[key] === true, disabled: user.role === 'admin' });
    box.addEventListener('change', () => {
      const wanted = box.checked;
      box.disabled = true;
      this.deps.report(null);
      void this.deps.api
        .patch<unknown>(`/api/users/${encodeURIComponent(user.username)}`, { [key]: wanted })
        .then((answer) => {
          if (answer.ok) return;
          box.checked = !wanted; // as the server still has it
          this.deps.report(answer.body.message);
        })
        .finally(() => (box.disabled = false));
    });
    // The column's heading says what it is; the box's name says it to a screen reader.
    box.setAttribute('aria-label', `${words}: ${user.username}`);
    box.title = words;
    const td = el('td', 'admin-action');
    td.append(box);
    return td;
  }

  private roleChanged(): void {
    const admin = this.role.value === 'admin';
    this.cameras.disabled = admin;
    for (const box of [this.talk, this.identities]) {
      box.disabled = admin;
      if (admin) box.checked = true;
    }
  }

  private async addUser(form: HTMLFormElement): Promise<void> {
    this.deps.report(null);
    this.say('');
    const role = this.role.value === 'admin' ? 'admin' : 'viewer';
    const name = this.name.value.trim();
    const replacing = this.names.has(name);
    const question = `User ${name} exists. Replace their password, role, cameras and permissions? Their open pages and devices are signed out.`;
    if (replacing && !this.deps.confirm(question)) return;
    const body = {
      username: name,
      password: this.password.value,
      role,
      cameras: role === 'admin' ? '*' : parseCameraList(this.cameras.value),
      talk: role === 'admin' || this.talk.checked,
      identities: role === 'admin' || this.identities.checked,
    };
    // Out of the page as soon as it is in the request body; back as typed if the relay refuses it.
    const restore = takeSecrets([this.password]);
    const answer = await this.deps.api.post<unknown>('/api/users', body);
    if (!answer.ok) {
      restore();
      return this.deps.report(answer.body.message);
    }
    form.reset();
    this.roleChanged();
    this.say(replacing ? `User ${name} replaced, as a ${role}; their open pages and devices were signed out.` : `User ${name} added, as a ${role}.`);
    await this.load();
  }

  private say(text: string): void {
    setText(this.said, text);
    this.said.hidden = text === '';
  }

  private async remove(username: string): Promise<void> {
    if (!this.deps.confirm(`Delete user ${username}? Their open pages are signed out.`)) return;
    this.deps.report(null);
    const answer = await this.deps.api.delete<unknown>(`/api/users/${encodeURIComponent(username)}`);
    if (!answer.ok) return this.deps.report(answer.body.message);
    await this.load();
  }
}

/** A permission's checkbox with its words: the label names it for screen readers too. */
function choice(box: HTMLInputElement, words: string): HTMLElement {
  const wrap = el('label', 'notify-choice');
  wrap.append(box, el('span', undefined, undefined, words));
  return wrap;
}
