/**
 * IP cameras the relay takes in itself (#29), in the settings page's Cameras section: each with its kind, its address
 * with the password masked, and what its capture process last said; a form adds or replaces one. The
 * password typed here goes to the relay once and is never shown again.
 */
import { adminSection, button, field, table, textInput, whileBusy, type AdminViewDeps } from './admin-markup.js';
import { IP_CAMERA_KINDS, type IpCameraView } from '../../../shared/ip-camera.js';
import { el } from '../dom.js';
import { EditConflict, parseRevised, type Revised } from './edit-conflict.js';
import { checkedField, FieldErrors } from './notify-fields.js';
import { OnvifDiscoveryView, type DiscoveryFill } from './onvif-discovery-view.js';
import { CameraTest } from './ipcam-test.js';
import { takeSecrets } from './secret-fields.js';
import './ip-cameras.css';

/** The well-formed entries of the relay's answer; anything else is skipped rather than shown half-broken. */
export function parseIpCameras(value: unknown): IpCameraView[] {
  const list = (value as { cameras?: unknown } | null)?.cameras;
  if (!Array.isArray(list)) return [];
  return list.filter((c): c is IpCameraView => typeof c === 'object' && c !== null && typeof c.id === 'string' && typeof c.url === 'string');
}

/** The address with the form's user name and password put in; an address that carries its own is left as it is. */
export function withCredentials(address: string, user: string, password: string): string {
  if (!user) return address;
  try {
    const url = new URL(address);
    if (url.username) return address;
    url.username = encodeURIComponent(user);
    url.password = encodeURIComponent(password);
    return url.toString();
  } catch {
    return address;
  }
}

/** What the row says of how it runs: "running", or why it waits, in the capture process's own words. */
export function ipCameraState(c: IpCameraView): string {
  const state = c.state === 'restarting' ? `restarting (${c.restarts} so far)` : c.state;
  return c.lastLine ? `${state}: ${c.lastLine}` : state;
}

const KIND_LABEL: Record<(typeof IP_CAMERA_KINDS)[number], string> = { rtsp: 'RTSP', mjpeg: 'HTTP MJPEG', snapshot: 'Snapshot URL' };

export class IpCamerasView {
  readonly root: HTMLElement;
  private readonly list = table('ipcam-list', ['camera', 'address and state', '']);
  private readonly id = textInput('ipcam-id', { required: '', maxlength: '64', pattern: '[A-Za-z0-9][A-Za-z0-9_\\-]*', placeholder: 'porch' });
  private readonly name = textInput('ipcam-name', { maxlength: '100', placeholder: 'Porch' });
  private readonly kind = el('select', 'field-input', 'ipcam-kind');
  private readonly url = textInput('ipcam-url', { required: '', maxlength: '2048', placeholder: 'rtsp://192.168.1.20:554/stream2' });
  private readonly recordUrl = textInput('ipcam-record-url', { maxlength: '2048', placeholder: 'optional' });
  private readonly user = textInput('ipcam-user', { maxlength: '256' });
  private readonly password = textInput('ipcam-password', { maxlength: '256', type: 'password' });
  private readonly filled = el('p', 'diag-note', 'ipcam-filled');
  private readonly add = button('diag-button', 'ipcam-add', 'Add IP camera', 'submit');
  /** A refused address is said under its own field (BAD_CAMERA_URL names it), anything else on the page's error line. */
  private readonly errors = new FieldErrors('ipcam');
  /** Tries the address typed before it is saved: the picture and what the camera sends, or why not. */
  private readonly test: CameraTest;
  /** Another admin saved this id first: said beside Add, with Reload and Save mine anyway. */
  private readonly conflict = new EditConflict();
  /** Each listed camera's revision as this page read it: a save sends it, or `new` for an id not listed. */
  private revisions = new Map<string, Revised>();

  /** `onAdded`: after the relay saved one, e.g. for the "Add a camera" guide to watch for its first frame. */
  constructor(
    private readonly deps: AdminViewDeps,
    private readonly onAdded?: (id: string, name: string) => void,
  ) {
    this.test = new CameraTest(
      deps,
      () => this.typedAddress(),
      (field, message) => this.errors.show(field, message),
    );
    for (const kind of IP_CAMERA_KINDS) this.kind.append(new Option(KIND_LABEL[kind], kind));
    this.kind.addEventListener('change', () => (this.recordUrl.disabled = this.kind.value !== 'rtsp'));
    const form = el('form', 'admin-form');
    const note = el(
      'p',
      'diag-note',
      undefined,
      'The relay runs these cameras itself: no capture PC needed when they share its network. The password in an address is kept on the relay and never shown again.',
    );
    form.append(
      field('Id', this.id),
      field('Name', this.name),
      field('Kind', this.kind),
      checkedField('Address', this.url, this.errors.line('url'), 'The stream shown live, e.g. the sub stream; user:password@ may go in it.'),
      checkedField('Record from', this.recordUrl, this.errors.line('recordUrl'), 'RTSP only: the main stream, recorded as it comes (copied, not re-encoded).'),
      field('User', this.user, 'When not in the address.'),
      field('Password', this.password),
      this.filled,
      this.actions(),
      this.conflict.root,
      this.test.root,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void whileBusy(this.add, () => this.put(form));
    });
    const discovery = new OnvifDiscoveryView(deps, (fill) => this.fill(fill));
    this.list.table.hidden = true;
    this.root = adminSection('IP cameras', [this.list.table, discovery.root, form, note]);
  }

  async load(): Promise<void> {
    const answer = await this.deps.api.get<unknown>('/api/admin/ip-cameras');
    if (!answer.ok) return this.deps.report(answer.body.message);
    const cameras = parseIpCameras(answer.body);
    this.revisions = new Map(cameras.map((c) => [c.id, parseRevised(c)]));
    this.list.body.replaceChildren(...cameras.map((c) => this.row(c)));
    // No header row over nothing: the form below says how to add one.
    this.list.table.hidden = cameras.length === 0;
  }

  private row(c: IpCameraView): HTMLTableRowElement {
    const tr = el('tr');
    tr.dataset.cameraId = c.id;
    const remove = button('diag-button admin-danger', 'ipcam-delete', 'Remove');
    remove.addEventListener('click', () => void whileBusy(remove, () => this.remove(c.id)));
    const action = el('td', 'admin-action');
    action.append(remove);
    const address = c.recordUrl ? `${c.url} (records ${c.recordUrl})` : c.url;
    const who = el('td', 'admin-strong');
    who.append(el('span', undefined, undefined, c.name), el('span', 'ipcam-kind', undefined, KIND_LABEL[c.kind] ?? c.kind));
    const detail = el('td', 'ipcam-detail');
    detail.append(el('span', undefined, 'ipcam-address', address), el('span', 'ipcam-state', 'ipcam-state', ipCameraState(c)));
    tr.append(who, detail, action);
    return tr;
  }

  /** Test beside Add: trying an address saves nothing. */
  private actions(): HTMLElement {
    const row = el('div', 'ipcam-actions');
    row.append(this.test.button, this.add);
    return row;
  }

  /** The address as the form would save it, or null (said under the field) when none is typed. */
  private typedAddress(): string | null {
    this.errors.clear();
    const address = this.url.value.trim();
    if (address) return withCredentials(address, this.user.value.trim(), this.password.value);
    this.errors.show('url', 'Type the camera’s address first, e.g. rtsp://192.168.1.20:554/stream2.');
    return null;
  }

  /** "Use this" on a camera the relay found: the form is filled, the admin gives it an id and saves. */
  private fill(f: DiscoveryFill): void {
    this.kind.value = 'rtsp';
    this.recordUrl.disabled = false;
    this.name.value = f.name.slice(0, 100);
    this.url.value = f.url;
    this.recordUrl.value = f.recordUrl ?? '';
    this.user.value = f.user;
    this.password.value = f.password;
    this.filled.textContent = `Filled from ${f.name}${f.ptz ? ' (it can pan, tilt or zoom: PTZ)' : ''}. Give it an id and add it.`;
    this.id.focus();
  }

  private async put(form: HTMLFormElement): Promise<void> {
    this.deps.report(null);
    this.errors.clear();
    const id = this.id.value.trim();
    const name = this.name.value.trim() || id;
    const secret = (address: string) => withCredentials(address, this.user.value.trim(), this.password.value);
    const body: Record<string, unknown> = { kind: this.kind.value, url: secret(this.url.value.trim()) };
    if (this.name.value.trim()) body.name = this.name.value.trim();
    if (this.kind.value === 'rtsp' && this.recordUrl.value.trim()) body.recordUrl = secret(this.recordUrl.value.trim());
    // Out of the page as soon as it is in the request body; back as typed if the relay refuses it.
    const restore = takeSecrets([this.url, this.recordUrl, this.password]);
    this.filled.textContent = '';
    const listed = this.revisions.get(id);
    const revision = listed ? listed.revision : 'new';
    await this.send(form, id, name, revision ? { ...body, revision } : body, restore);
  }

  /** Sends the camera; a save another admin overtook is offered again as it was sent (held here, not in the form). */
  private async send(form: HTMLFormElement, id: string, name: string, body: Record<string, unknown>, restore: () => void): Promise<void> {
    this.conflict.hide();
    const answer = await this.deps.api.put<unknown>(`/api/admin/ip-cameras/${encodeURIComponent(id)}`, body);
    if (!answer.ok && answer.body.error === 'EDIT_CONFLICT') return this.conflicted(form, id, name, body, restore);
    if (!answer.ok) restore();
    const field = answer.ok ? undefined : answer.body.field;
    // Under its field the API's field name (`url: `) is said by the place already.
    if (!answer.ok && (field === 'url' || field === 'recordUrl')) return this.errors.show(field, answer.body.message.replace(/^\w+: the/, 'The'));
    if (!answer.ok) return this.deps.report(answer.body.message);
    form.reset();
    this.test.clear();
    this.recordUrl.disabled = false;
    this.onAdded?.(id, name);
    await this.load();
  }

  private async conflicted(form: HTMLFormElement, id: string, name: string, body: Record<string, unknown>, restore: () => void): Promise<void> {
    const answer = await this.deps.api.get<unknown>('/api/admin/ip-cameras');
    const theirs = answer.ok ? parseIpCameras(answer.body).find((c) => c.id === id) : undefined;
    const last = theirs ? parseRevised(theirs) : { revision: 'new', savedBy: null, savedAt: null };
    this.conflict.show(last, {
      reload: async () => {
        this.conflict.hide();
        await this.load();
      },
      mine: () => this.send(form, id, name, { ...body, revision: last.revision ?? 'new' }, restore),
    });
  }

  private async remove(id: string): Promise<void> {
    if (!this.deps.confirm(`Stop taking in IP camera ${id}? Its recordings stay; delete the camera under Cameras to remove them.`)) return;
    this.deps.report(null);
    const answer = await this.deps.api.delete<unknown>(`/api/admin/ip-cameras/${encodeURIComponent(id)}`);
    if (!answer.ok) return this.deps.report(answer.body.message);
    await this.load();
  }
}
