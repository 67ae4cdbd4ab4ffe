/** Accounts in the Admin drawer: who may sign in, as what, and which cameras a viewer may watch. */
import { formatCameras, parseCameraList, parseUsers } from './admin-data.js';
import { adminSection, button, field, table, textInput, whileBusy, type AdminViewDeps } from './admin-markup.js';
import type { Role, User, UsersAnswer } from '../../../shared/auth.js';
import type { Unchecked } from '../api.js';
import { el } from '../dom.js';

/** The Admin drawer's users: the list with a delete button per row, and a form that adds or replaces one. */
export class UsersView {
  readonly root: HTMLElement;
  private readonly deps: AdminViewDeps;
  private readonly list = table('user-list', ['user', 'role', 'cameras', '']);
  // The server's rules (shared with the CLI); the browser's own checks only save a round trip.
  private readonly name = textInput('user-name', { required: '', maxlength: '64', pattern: '[A-Za-z0-9_.\\-]+' });
  private readonly password = textInput('user-password', { type: 'password', required: '', minlength: '10' });
  private readonly role = el('select', 'field-input', 'user-role');
  private readonly cameras = textInput('user-cameras', { required: '', placeholder: '* or front-door, garage' });
  private readonly add = button('diag-button', 'user-add', 'Add user', 'submit');

  constructor(deps: AdminViewDeps) {
    this.deps = deps;
    this.password.autocomplete = 'new-password';
    for (const role of ['viewer', 'admin'] satisfies Role[]) this.role.append(new Option(role, role));
    // Admins watch every camera: the field only matters for viewers.
    this.role.addEventListener('change', () => (this.cameras.disabled = this.role.value === 'admin'));

    const form = el('form', 'admin-form');
    const note = el('p', 'diag-note', undefined, "Adding a name that exists replaces that user's password, role and cameras.");
    form.append(field('User name', this.name), field('Password', this.password), field('Role', this.role), field('Cameras', this.cameras), this.add);
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
      action,
    );
    return tr;
  }

  private async addUser(form: HTMLFormElement): Promise<void> {
    this.deps.report(null);
    const role = this.role.value === 'admin' ? 'admin' : 'viewer';
    const body = {
      username: this.name.value.trim(),
      password: this.password.value,
      role,
      cameras: role === 'admin' ? '*' : parseCameraList(this.cameras.value),
    };
    // Out of the page as soon as it is in the request body, whatever the answer.
    this.password.value = '';
    const answer = await this.deps.api.post<unknown>('/api/users', body);
    if (!answer.ok) return this.deps.report(answer.body.message);
    form.reset();
    this.cameras.disabled = false;
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
