/**
 * The settings page's cameras: the relay's saved list, in the order every viewer sees. Rename a
 * camera, put it in a group, turn its sound on or off, move it up or down, or delete it (which also revokes its tokens; its
 * recordings are kept or deleted as the admin answers).
 */
import type { CameraInfo } from '../../../shared/protocol.js';
import { adminSection, button, table, textInput, whileBusy, type AdminViewDeps } from './admin-markup.js';
import { el } from '../dom.js';
import { DeleteCameraDialog, parseSummary } from './delete-camera-dialog.js';
import { EditConflict, parseRevised, type Revised } from './edit-conflict.js';
import './cameras-view.css';

/** A camera from untrusted JSON, reduced to what this view shows. */
export function parseCameras(value: unknown): Array<Pick<CameraInfo, 'id' | 'name' | 'online' | 'group'> & { sound: boolean }> {
  if (!Array.isArray(value)) return [];
  return value.flatMap((c: unknown) => {
    const { id, name, online, group, sound } = (c ?? {}) as Record<string, unknown>;
    return typeof id === 'string'
      ? [{ id, name: typeof name === 'string' ? name : id, online: online === true, group: typeof group === 'string' ? group : null, sound: sound === true }]
      : [];
  });
}

/** A camera's sound switch (#40): off until an admin ticks it; a change is saved at once. */
function soundSwitch(camera: { id: string; sound: boolean }, save: (on: boolean) => Promise<void>): HTMLLabelElement {
  const label = el('label', 'admin-sound');
  const box = document.createElement('input');
  box.type = 'checkbox';
  box.checked = camera.sound;
  box.dataset.testid = 'camera-admin-sound';
  label.title = `Sound of ${camera.id}: when ticked, the relay takes the camera's sound, viewers may listen and recordings keep it; unticked, none of it is taken.`;
  box.addEventListener('change', () => {
    box.disabled = true;
    void save(box.checked).finally(() => (box.disabled = false));
  });
  label.append(box, ' Sound');
  return label;
}

/** An admin's field: blank means "none" (the capture client's name, no group). */
export function settingsOf(name: string, group: string): { name: string | null; group: string | null } {
  return { name: name.trim() || null, group: group.trim() || null };
}

/**
 * A row's Save: only the fields typed differently from what the page loaded, so changing the group
 * never sends back a name another admin has changed since (null: nothing changed).
 */
export function rowChange(
  loaded: { name: string; group: string },
  typed: { name: string; group: string },
): { name?: string | null; group?: string | null } | null {
  const before = settingsOf(loaded.name, loaded.group);
  const now = settingsOf(typed.name, typed.group);
  const change: { name?: string | null; group?: string | null } = {};
  if (now.name !== before.name) change.name = now.name;
  if (now.group !== before.group) change.group = now.group;
  return Object.keys(change).length > 0 ? change : null;
}

/** Each camera's name-and-group revision (`GET /api/cameras/revisions`), from untrusted JSON. */
export function parseRevisions(value: unknown): Map<string, Revised> {
  const cameras = (value as { cameras?: unknown } | null)?.cameras;
  const map = new Map<string, Revised>();
  if (typeof cameras !== 'object' || cameras === null) return map;
  for (const [id, r] of Object.entries(cameras).slice(0, 1000)) map.set(id, parseRevised(r));
  return map;
}

/** The ids with the one at `index` moved by `delta` places (the list as it is when it cannot move). */
export function moved(ids: readonly string[], index: number, delta: -1 | 1): string[] {
  const to = index + delta;
  if (to < 0 || to >= ids.length) return [...ids];
  const next = [...ids];
  [next[index], next[to]] = [next[to]!, next[index]!];
  return next;
}

export class CamerasView {
  readonly root: HTMLElement;
  private readonly list = table('camera-admin-list', ['camera', 'sound', 'name', 'group', '']);
  private readonly empty = el('p', 'diag-empty', undefined, 'No cameras yet: a camera appears here once it has connected.');
  private ids: string[] = [];
  private readonly question = new DeleteCameraDialog();
  private readonly conflict = new EditConflict();
  /** The conflict goes under the row it is about. */
  private readonly conflictRow = el('tr', 'admin-conflict-row');
  /** The revision each row was loaded at: a row's Save sends it, so a name or group saved since is not overwritten. */
  private revisions = new Map<string, Revised>();

  /** `changed`: after a delete, so other sections can read the list again. */
  constructor(
    private readonly deps: AdminViewDeps,
    private readonly changed: () => void = () => {},
  ) {
    const note = el(
      'p',
      'diag-note',
      undefined,
      "Names and groups set here win over what the capture client sends; the order is the same for every viewer. A camera's sound is off until ticked here: then viewers may listen and its recordings keep it.",
    );
    this.list.table.classList.add('admin-cameras');
    const cell = el('td');
    cell.colSpan = 5;
    cell.append(this.conflict.root);
    this.conflictRow.append(cell);
    this.root = adminSection('Cameras', [this.list.table, this.empty, note]);
  }

  async load(): Promise<void> {
    // Revisions before the list: a save between the two reads then shows as a conflict, never as none.
    const revisions = await this.deps.api.get<unknown>('/api/cameras/revisions');
    this.revisions = revisions.ok ? parseRevisions(revisions.body) : new Map();
    const answer = await this.deps.api.get<unknown>('/api/cameras');
    if (!answer.ok) return this.deps.report(answer.body.message);
    const cameras = parseCameras(answer.body);
    this.ids = cameras.map((c) => c.id);
    this.list.body.replaceChildren(...cameras.map((c, i) => this.row(c, i)));
    this.list.table.hidden = cameras.length === 0;
    this.empty.hidden = cameras.length > 0;
  }

  private row(camera: ReturnType<typeof parseCameras>[number], index: number): HTMLTableRowElement {
    const tr = el('tr');
    tr.dataset.cameraId = camera.id;
    const name = textInput('camera-admin-name', { maxlength: '100', placeholder: camera.name });
    name.value = camera.name === camera.id ? '' : camera.name;
    name.setAttribute('aria-label', `Name of ${camera.id}`);
    // Placeholders say what each field is: the table's header row is not shown (cameras-view.css).
    const group = textInput('camera-admin-group', { maxlength: '64', placeholder: 'no group' });
    group.value = camera.group ?? '';
    group.setAttribute('aria-label', `Group of ${camera.id}`);
    const save = button('diag-button', 'camera-admin-save', 'Save');
    const up = button('diag-button', 'camera-admin-up', '↑');
    const down = button('diag-button', 'camera-admin-down', '↓');
    const remove = button('diag-button admin-danger', 'camera-admin-delete', 'Delete');
    up.setAttribute('aria-label', `Move ${camera.id} up`);
    down.setAttribute('aria-label', `Move ${camera.id} down`);
    up.disabled = index === 0;
    down.disabled = index === this.ids.length - 1;
    const loaded = { name: name.value, group: group.value };
    save.addEventListener(
      'click',
      () =>
        void whileBusy(save, () =>
          this.saveRow(camera.id, rowChange(loaded, { name: name.value, group: group.value }), this.revisions.get(camera.id)?.revision ?? null),
        ),
    );
    up.addEventListener('click', () => void whileBusy(up, () => this.order(moved(this.ids, index, -1))));
    down.addEventListener('click', () => void whileBusy(down, () => this.order(moved(this.ids, index, 1))));
    remove.addEventListener('click', () => void whileBusy(remove, () => this.remove(camera.id, camera.name)));
    const idCell = el('td', 'admin-strong', undefined, camera.id);
    idCell.title = camera.online ? 'online' : 'offline';
    const nameCell = el('td', 'admin-name');
    nameCell.append(name);
    const groupCell = el('td', 'admin-group');
    groupCell.append(group);
    const action = el('td', 'admin-action');
    action.append(save, up, down, remove);
    const soundCell = el('td', 'admin-sound-cell');
    soundCell.append(soundSwitch(camera, (sound) => this.save(camera.id, { sound })));
    tr.append(idCell, soundCell, nameCell, groupCell, action);
    return tr;
  }

  /** A row's Save, with the revision the row was loaded at; another admin's save since is shown, not overwritten. */
  private async saveRow(id: string, change: { name?: string | null; group?: string | null } | null, revision: string | null): Promise<void> {
    this.deps.report(null);
    this.conflict.hide();
    this.conflictRow.remove();
    if (!change) return;
    const answer = await this.deps.api.patch<unknown>(`/api/cameras/${encodeURIComponent(id)}`, revision ? { ...change, revision } : change);
    if (answer.ok) return this.load();
    if (answer.body.error !== 'EDIT_CONFLICT') return this.deps.report(answer.body.message);
    const theirs = parseRevised(answer.body);
    [...this.list.body.rows].find((r) => r.dataset.cameraId === id)?.after(this.conflictRow);
    this.conflict.show(theirs, {
      reload: async () => {
        this.conflict.hide();
        this.conflictRow.remove();
        await this.load();
      },
      mine: () => this.saveRow(id, change, theirs.revision),
    });
  }

  private async save(id: string, settings: { sound: boolean }): Promise<void> {
    this.deps.report(null);
    const answer = await this.deps.api.patch<unknown>(`/api/cameras/${encodeURIComponent(id)}`, settings);
    if (!answer.ok) return this.deps.report(answer.body.message);
    await this.load();
  }

  private async order(ids: string[]): Promise<void> {
    this.deps.report(null);
    const answer = await this.deps.api.put<unknown>('/api/cameras/order', { ids });
    if (!answer.ok) return this.deps.report(answer.body.message);
    await this.load();
  }

  private async remove(id: string, name: string): Promise<void> {
    this.deps.report(null);
    const files = await this.deps.api.get<unknown>(`/api/cameras/${encodeURIComponent(id)}/recording/files`);
    const choice = await this.question.ask(id, name, files.ok ? parseSummary(files.body) : null);
    if (!choice) return;
    const answer = await this.deps.api.delete<{ revokedTokens?: unknown }>(`/api/cameras/${encodeURIComponent(id)}?recordings=${choice}`);
    if (!answer.ok) return this.deps.report(answer.body.message);
    await this.load();
    this.changed();
  }
}
