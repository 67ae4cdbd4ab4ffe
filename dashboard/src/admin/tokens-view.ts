/** Camera tokens on the settings page: a capture client's key to one camera, its secret shown once, when it is made. */
import type { CameraToken, TokenCreated, TokensAnswer } from '../../../shared/auth.js';
import type { Unchecked } from '../api.js';
import { formatCreatedAt, parseToken, parseTokens } from './admin-data.js';
import { adminSection, button, field, table, textInput, whileBusy, type AdminViewDeps } from './admin-markup.js';
import { el } from '../dom.js';
import type { CameraPlace } from '../../../shared/capture-command.js';
import { captureProgramBuilt, captureSetup } from './capture-setup.js';

/**
 * The settings page's camera tokens: the list with a revoke button per row, a create form, and the
 * new token's secret with its capture command, shown once and forgotten when the settings page is left.
 */
export class TokensView {
  readonly root: HTMLElement;
  private readonly deps: AdminViewDeps;
  origin: string;
  private readonly list = table('token-list', ['camera', 'label', 'created', 'last used', '']);
  private readonly empty = el('p', 'diag-empty', undefined, 'No per-camera tokens: cameras use the site-wide token.');
  private readonly camera = textInput('token-camera', { required: '', maxlength: '64', placeholder: 'front-door' });
  private readonly label = textInput('token-label', { maxlength: '100', placeholder: 'optional' });
  private readonly create = button('diag-button', 'token-create', 'Create token', 'submit');
  private readonly place = placeSelect();
  private readonly secretBox = el('div', 'admin-secret', 'token-secret');
  /** The token and secret on screen, so a change of place shows that place's command for them. */
  private shown: { token: CameraToken; secret: string; built: boolean } | null = null;
  /** The token whose secret is on screen, so revoking it takes the secret away too. */
  private shownId: string | null = null;

  constructor(deps: AdminViewDeps, origin: string) {
    this.deps = deps;
    this.origin = origin;
    this.secretBox.hidden = true;
    this.secretBox.setAttribute('role', 'status');
    const form = el('form', 'admin-form');
    form.append(field('Camera id', this.camera), field('Where is the camera?', this.place), field('Label', this.label), this.create);
    this.place.addEventListener('change', () => {
      if (this.shown) this.showSecret(this.shown.token, this.shown.secret, this.shown.built);
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void whileBusy(this.create, () => this.createToken(form));
    });
    const intro = el('p', 'diag-note', undefined, 'Add a camera: give its id and where it is, and create its token to get the command to run there.');
    this.root = adminSection('Camera tokens', [this.list.table, this.empty, intro, form, this.secretBox]);
  }

  async load(): Promise<void> {
    const answer = await this.deps.api.get<Unchecked<TokensAnswer>>('/api/camera-tokens');
    if (!answer.ok) return this.deps.report(answer.body.message);
    this.render(parseTokens(answer.body.tokens));
  }

  /** Takes the secret off the screen: it is shown once, right after it was created. */
  forgetSecret(): void {
    this.shownId = null;
    this.shown = null;
    this.secretBox.hidden = true;
    this.secretBox.replaceChildren();
  }

  private render(tokens: CameraToken[]): void {
    this.list.body.replaceChildren(...tokens.map((token) => this.row(token)));
    this.list.table.hidden = tokens.length === 0;
    this.empty.hidden = tokens.length > 0;
  }

  private row(token: CameraToken): HTMLTableRowElement {
    const tr = el('tr');
    tr.dataset.tokenId = token.id;
    const when = el('td');
    when.append(timeOf(token.createdAt));
    // Kept by the relay to within a minute (server/auth/store.ts): a token no camera ever used says so.
    const used = el('td', undefined, 'token-last-used');
    used.append(token.lastUsedAt === undefined ? 'never used' : timeOf(token.lastUsedAt));
    const revoke = button('diag-button admin-danger', 'token-revoke', 'Revoke');
    revoke.addEventListener('click', () => void whileBusy(revoke, () => this.revoke(token)));
    const action = el('td', 'admin-action');
    action.append(revoke);
    tr.append(el('td', 'admin-strong', undefined, token.cameraId), el('td', 'admin-label', undefined, token.label || '—'), when, used, action);
    return tr;
  }

  private async createToken(form: HTMLFormElement): Promise<void> {
    this.deps.report(null);
    const label = this.label.value.trim();
    const body = { cameraId: this.camera.value.trim(), ...(label ? { label } : {}) };
    const answer = await this.deps.api.post<Unchecked<TokenCreated>>('/api/camera-tokens', body);
    if (!answer.ok) return this.deps.report(answer.body.message);
    const token = parseToken(answer.body.token);
    const secret = answer.body.secret;
    if (!token || typeof secret !== 'string') return this.deps.report('The server created a token but did not send it.');
    const place = this.place.value;
    form.reset();
    this.place.value = place;
    this.showSecret(token, secret, await captureProgramBuilt());
    await this.load();
  }

  private async revoke(token: CameraToken): Promise<void> {
    const name = token.label ? `"${token.label}" ` : '';
    const question = `Revoke the token ${name}of camera ${token.cameraId}? A capture client using it is disconnected within 5 s.`;
    if (!this.deps.confirm(question)) return;
    this.deps.report(null);
    const answer = await this.deps.api.delete<unknown>(`/api/camera-tokens/${encodeURIComponent(token.id)}`);
    if (!answer.ok) return this.deps.report(answer.body.message);
    if (this.shownId === token.id) this.forgetSecret();
    await this.load();
  }

  private showSecret(token: CameraToken, secret: string, built: boolean): void {
    this.shownId = token.id;
    this.shown = { token, secret, built };
    const place = this.place.value as CameraPlace;
    const note = el('p', 'admin-secret-note', undefined, `New token for camera ${token.cameraId}. Copy it now: it will not be shown again.`);
    const value = el('code', 'empty-command', 'token-secret-value', secret);
    const lines = captureSetup(place, { server: this.origin, cameraId: token.cameraId, token: secret }, built);
    const done = button('diag-button', 'token-secret-done', 'Done');
    done.addEventListener('click', () => this.forgetSecret());
    this.secretBox.replaceChildren(note, value, ...lines, done);
    // The QR code's library is fetched only when an admin makes a token for a phone or browser.
    if (place === 'browser') {
      void import('./capture-qr.js').then(({ captureQr }) => {
        if (this.shownId === token.id && done.isConnected) done.before(captureQr(this.origin, token.cameraId, secret));
      });
    }
    this.secretBox.hidden = false;
  }
}

/** A time the relay gave, as the list shows it, machine-readable in `dateTime`. */
function timeOf(ms: number): HTMLTimeElement {
  const node = el('time', undefined, undefined, formatCreatedAt(ms));
  const at = new Date(ms);
  if (!Number.isNaN(at.getTime())) node.dateTime = at.toISOString();
  return node;
}

/** "Where is the camera?": each choice shows only its own command. */
function placeSelect(): HTMLSelectElement {
  const select = el('select', 'field-input', 'token-place');
  const choices: Array<[CameraPlace, string]> = [
    ['windows', 'Windows PC'],
    ['posix', 'Linux or macOS PC'],
    ['browser', 'Phone or browser'],
  ];
  for (const [value, text] of choices) {
    const option = el('option', undefined, undefined, text);
    option.value = value;
    select.append(option);
  }
  return select;
}
