/**
 * IP cameras the relay takes in itself (#29), in the Admin drawer: each with its kind, its address
 * with the password masked, and what its capture process last said; a form adds or replaces one. The
 * password typed here goes to the relay once and is never shown again.
 */
import { adminSection, button, field, table, textInput, whileBusy, type AdminViewDeps } from './admin-markup.js';
import { IP_CAMERA_KINDS, type IpCameraView } from '../../../shared/ip-camera.js';
import { el } from '../dom.js';
import { checkedField, FieldErrors } from './notify-fields.js';
import { OnvifDiscoveryView, type DiscoveryFill } from './onvif-discovery-view.js';
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
  private readonly url = textInput('ipcam-url', { required: '', maxlength: '2048', placeholder: 'rtsp://user:password@192.168.1.20:554/stream2' });
  private readonly recordUrl = textInput('ipcam-record-url', { maxlength: '2048', placeholder: 'main stream, recorded by copy (optional)' });
  private readonly user = textInput('ipcam-user', { maxlength: '256', placeholder: 'when not in the address' });
  private readonly password = textInput('ipcam-password', { maxlength: '256', type: 'password' });
  private readonly filled = el('p', 'diag-note', 'ipcam-filled');
  private readonly add = button('diag-button', 'ipcam-add', 'Add IP camera', 'submit');
  /** A refused address is said under its own field (BAD_CAMERA_URL names it), anything else on the drawer's line. */
  private readonly errors = new FieldErrors('ipcam');

  constructor(private readonly deps: AdminViewDeps) {
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
      checkedField('Address', this.url, this.errors.line('url')),
      checkedField('Record from', this.recordUrl, this.errors.line('recordUrl')),
      field('User', this.user),
      field('Password', this.password),
      this.filled,
      this.add,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void whileBusy(this.add, () => this.put(form));
    });
    const discovery = new OnvifDiscoveryView(deps, (fill) => this.fill(fill));
    this.root = adminSection('IP cameras', [this.list.table, discovery.root, form, note]);
  }

  async load(): Promise<void> {
    const answer = await this.deps.api.get<unknown>('/api/admin/ip-cameras');
    if (!answer.ok) return this.deps.report(answer.body.message);
    this.list.body.replaceChildren(...parseIpCameras(answer.body).map((c) => this.row(c)));
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
    const secret = (address: string) => withCredentials(address, this.user.value.trim(), this.password.value);
    const body: Record<string, unknown> = { kind: this.kind.value, url: secret(this.url.value.trim()) };
    if (this.name.value.trim()) body.name = this.name.value.trim();
    if (this.kind.value === 'rtsp' && this.recordUrl.value.trim()) body.recordUrl = secret(this.recordUrl.value.trim());
    // Out of the page as soon as it is in the request body, whatever the answer.
    this.url.value = '';
    this.recordUrl.value = '';
    this.password.value = '';
    this.filled.textContent = '';
    const answer = await this.deps.api.put<unknown>(`/api/admin/ip-cameras/${encodeURIComponent(id)}`, body);
    const field = answer.ok ? undefined : answer.body.field;
    // Under its field the API's field name (`url: `) is said by the place already.
    if (!answer.ok && (field === 'url' || field === 'recordUrl')) return this.errors.show(field, answer.body.message.replace(/^\w+: the/, 'The'));
    if (!answer.ok) return this.deps.report(answer.body.message);
    form.reset();
    this.recordUrl.disabled = false;
    await this.load();
  }

  private async remove(id: string): Promise<void> {
    if (!this.deps.confirm(`Stop taking in IP camera ${id}? Its recordings stay; delete the camera under Cameras to remove them.`)) return;
    this.deps.report(null);
    const answer = await this.deps.api.delete<unknown>(`/api/admin/ip-cameras/${encodeURIComponent(id)}`);
    if (!answer.ok) return this.deps.report(answer.body.message);
    await this.load();
  }
}
