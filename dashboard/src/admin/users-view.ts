/** Accounts on the settings page: who may sign in, as what, which cameras a viewer may watch, and who may talk through them. */
import { formatCameras, parseCameraList, parseUsers } from './admin-data.js';
import { adminSection, button, field, table, textInput, whileBusy, type AdminViewDeps } from './admin-markup.js';
import type { Role, User, UsersAnswer } from '../../../shared/auth.js';
import type { Unchecked } from '../api.js';
import { el } from '../dom.js';
import { takeSecrets } from './secret-fields.js';

/** The settings page's users: the list with a delete button per row, and a form that adds or replaces one. */
export class UsersView {
  readonly root: HTMLElement;
  private readonly deps: AdminViewDeps;
  private readonly list = table('user-list', ['user', 'role', 'cameras', 'may talk', '']);
  // The server's rules (shared with the CLI); the browser's own checks only save a round trip.
  private readonly name = textInput('user-name', { required: '', maxlength: '64', pattern: '[A-Za-z0-9_.\\-]+' });
  private readonly password = textInput('user-password', { type: 'password', required: '', minlength: '10' });
  private readonly role = el('select', 'field-input', 'user-role');
  private readonly cameras = textInput('user-cameras', { required: '', placeholder: '* or front-door, garage' });
  private readonly talk = Object.assign(el('input', undefined, 'user-talk'), { type: 'checkbox' });
  private readonly add = button('diag-button', 'user-add', 'Add user', 'submit');

  constructor(deps: AdminViewDeps) {
    this.deps = deps;
    this.password.autocomplete = 'new-password';
    for (const role of ['viewer', 'admin'] satisfies Role[]) this.role.append(new Option(role, role));
    // Admins watch every camera and may always talk: the fields only matter for viewers.
    this.role.addEventListener('change', () => this.roleChanged());

    const form = el('form', 'admin-form');
    const note = el('p', 'diag-note', undefined, "Adding a name that exists replaces that user's password, role, cameras and talk.");
    form.append(
      field('User name', this.name),
      field('Password', this.password),
      field('Role', this.role),
      field('Cameras', this.cameras),
      talkChoice(this.talk),
      this.add,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void whileBusy(this.add, () => this.addUser(form));
    });
    this.root = adminSection('Users', [this.list.table, form, note]);
  }

  async load(): Promise<void> {
    const answer = await this.deps.api.get<Unchecked<UsersAnswer>>('/api/users');
    if (!answer.ok) return this.deps.report(answer.body.message);
    this.list.body.replaceChildren(...parseUsers(answer.body.users).map((user) => this.row(user)));
  }

  private row(user: User): HTMLTableRowElement {
    const tr = el('tr');
    tr.dataset.username = user.username;
    const remove = button('diag-button admin-danger', 'user-delete', 'Delete');
    remove.addEventListener('click', () => void whileBusy(remove, () => this.remove(user.username)));
    const action = el('td', 'admin-action');
    action.append(remove);
    tr.append(
      el('td', 'admin-strong', undefined, user.username),
      el('td', undefined, undefined, user.role),
      el('td', 'admin-label', undefined, formatCameras(user.cameras)),
      this.talkCell(user),
      action,
    );
    return tr;
  }

  /** The row's talk box: saved at once (PATCH); an admin's is ticked and fixed, as they always may. */
  private talkCell(user: User): HTMLTableCellElement {
    const box = Object.assign(el('input', undefined, 'user-row-talk'), { type: 'checkbox', checked: user.talk === true, disabled: user.role === 'admin' });
    box.addEventListener('change', () => {
      const wanted = box.checked;
      box.disabled = true;
      this.deps.report(null);
      void this.deps.api
        .patch<unknown>(`/api/users/${encodeURIComponent(user.username)}`, { talk: wanted })
        .then((answer) => {
          if (answer.ok) return;
          box.checked = !wanted; // as the server still has it
          this.deps.report(answer.body.message);
        })
        .finally(() => (box.disabled = false));
    });
    // The column's heading says what it is; the box's name says it to a screen reader.
    box.setAttribute('aria-label', `May ${user.username} talk through cameras`);
    box.title = 'May talk through cameras';
    const td = el('td', 'admin-action');
    td.append(box);
    return td;
  }

  private roleChanged(): void {
    const admin = this.role.value === 'admin';
    this.cameras.disabled = admin;
    this.talk.disabled = admin;
    if (admin) this.talk.checked = true;
  }

  private async addUser(form: HTMLFormElement): Promise<void> {
    this.deps.report(null);
    const role = this.role.value === 'admin' ? 'admin' : 'viewer';
    const body = {
      username: this.name.value.trim(),
      password: this.password.value,
      role,
      cameras: role === 'admin' ? '*' : parseCameraList(this.cameras.value),
      talk: role === 'admin' || this.talk.checked,
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
    await this.load();
  }

  private async remove(username: string): Promise<void> {
    if (!this.deps.confirm(`Delete user ${username}? Their open pages are signed out.`)) return;
    this.deps.report(null);
    const answer = await this.deps.api.delete<unknown>(`/api/users/${encodeURIComponent(username)}`);
    if (!answer.ok) return this.deps.report(answer.body.message);
    await this.load();
  }
}

/** A talk checkbox with its words: the label names it for screen readers too. */
function talkChoice(box: HTMLInputElement): HTMLElement {
  const wrap = el('label', 'notify-choice');
  wrap.append(box, el('span', undefined, undefined, 'May talk through cameras'));
  return wrap;
}
