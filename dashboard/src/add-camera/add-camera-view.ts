/**
 * "Add a camera" (`#/settings/add`, #42): one guide for every kind. Pick where the camera is, name it once, make its
 * token, and the guide shows what to run there (the same commands as the start banner: shared/capture-command.ts), or
 * the phone's QR code, or the IP camera form; then it watches the relay's camera list until the camera's first frame.
 */
import type { TokenCreated, TokensAnswer } from '../../../shared/auth.js';
import type { CameraInfo } from '../../../shared/protocol.js';
import type { Unchecked } from '../api.js';
import { parseTokens } from '../admin/admin-data.js';
import { adminSection, button, field, textInput, whileBusy, type AdminViewDeps } from '../admin/admin-markup.js';
import { captureProgramBuilt, captureSetup } from '../admin/capture-setup.js';
import type { IpCamerasView } from '../admin/ip-cameras-view.js';
import { el, setText } from '../dom.js';
import { cameraIdOf, commandName, GUIDE_KINDS, GUIDE_NAME_MAX, liveLine, type GuideKind } from './guide-text.js';
import './add-camera.css';

/** The camera the guide made a token for, or the IP camera it saved: what it watches the list for. */
interface Made {
  id: string;
  name: string;
  /** The token's secret (PC and phone), shown in the command and forgotten as the page is left. */
  secret: string | null;
  /** True once the guide gave a phone's camera its name: the capture page sends none (a PC's command has --name). */
  named?: boolean;
  /** How many of the guide's earlier tokens for this camera, never used, were revoked as this one was made. */
  revoked?: number;
}

/** The end of every label the guide gives its tokens: how it knows its own from an admin's. */
const GUIDE_LABEL = ' (Add a camera)';

export class AddCameraView {
  readonly root: HTMLElement;
  /** Where capture clients reach this relay (`/api/capture-server`: its LAN address, not localhost). */
  origin: string;
  private kind: GuideKind | null = null;
  private made: Made | null = null;
  private cameras: Array<Pick<CameraInfo, 'id' | 'name' | 'status' | 'fps' | 'ingest'>> = [];
  private readonly radios = new Map<GuideKind, HTMLInputElement>();
  private readonly nameStep = el('form', 'admin-form add-name-step', 'add-name-step');
  private readonly name = textInput('add-name', { required: '', maxlength: String(GUIDE_NAME_MAX), placeholder: 'Front door' });
  private readonly idLine = el('span', 'field-hint', 'add-id');
  private readonly make = button('diag-button', 'add-make', 'Make its token', 'submit');
  private readonly output = el('div', 'add-output', 'add-output');
  private readonly live = el('div', 'add-live', 'add-live');
  private readonly liveText = el('p', 'add-live-text', 'add-live-text');
  private readonly open = el('a', 'add-live-open', 'add-live-open');
  /** Where the Cameras section's IP camera form shows while this section does (one form, so its test ids stay unique). */
  private readonly ipStep = el('div', 'add-ip-step', 'add-ip-step');

  constructor(
    private readonly deps: AdminViewDeps,
    origin: string,
    private readonly ipCameras: IpCamerasView,
  ) {
    this.origin = origin;
    const choices = el('fieldset', 'add-kinds', 'add-kinds');
    choices.append(el('legend', 'field-label', undefined, 'Where is the camera?'));
    for (const kind of GUIDE_KINDS) {
      const radio = el('input', 'add-kind-radio', `add-kind-${kind.id}`);
      radio.type = 'radio';
      radio.name = 'add-kind';
      radio.value = kind.id;
      radio.addEventListener('change', () => this.choose(kind.id));
      const label = el('label', 'add-kind');
      const text = el('span', 'add-kind-text');
      text.append(el('span', 'add-kind-title', undefined, kind.title), el('span', 'add-kind-what', undefined, kind.what));
      label.append(radio, text);
      choices.append(label);
      this.radios.set(kind.id, radio);
    }
    const nameField = field('Camera name', this.name);
    nameField.append(this.idLine);
    this.nameStep.append(nameField, this.make);
    this.nameStep.hidden = true;
    this.name.addEventListener('input', () => this.named());
    this.nameStep.addEventListener('submit', (e) => {
      e.preventDefault();
      void whileBusy(this.make, () => this.makeToken());
    });
    this.ipStep.hidden = true;
    this.liveText.setAttribute('role', 'status');
    this.live.append(this.liveText, this.open);
    this.live.hidden = true;
    this.output.hidden = true;
    const intro = el(
      'p',
      'diag-note',
      undefined,
      'Pick where the camera is and give it a name: the guide shows what to do there, then says when its first picture arrives.',
    );
    this.root = adminSection('Add a camera', [intro, choices, this.nameStep, this.output, this.ipStep, this.live]);
  }

  /** As the section shows: the IP camera form moves here, with the IP cameras the relay already takes in. */
  async load(): Promise<void> {
    this.ipStep.append(this.ipCameras.root);
    await this.ipCameras.load();
  }

  /** The relay's camera list changed (the page's `cameras` event): the camera being added may have come. */
  camerasChanged(list: readonly unknown[]): void {
    this.cameras = list.filter((c): c is CameraInfo => typeof c === 'object' && c !== null && typeof (c as CameraInfo).id === 'string');
    this.showLive();
  }

  /** An IP camera saved from the guide's form: watched like a capture client's. */
  ipCameraAdded(id: string, name: string): void {
    if (this.kind !== 'ip' || !this.ipStep.contains(this.ipCameras.root)) return;
    this.made = { id, name, secret: null };
    this.showLive();
  }

  /** The page was left: the token's secret goes off the screen with the command that holds it. */
  forget(): void {
    this.made = null;
    this.output.replaceChildren();
    this.output.hidden = true;
    this.showLive();
  }

  private choose(kind: GuideKind): void {
    this.kind = kind;
    this.radios.get(kind)!.checked = true;
    const ip = kind === 'ip';
    this.nameStep.hidden = ip;
    this.ipStep.hidden = !ip;
    this.output.hidden = ip;
    this.make.textContent = kind === 'phone' ? 'Make its token and show the code' : 'Make its token and show the command';
    // The same camera on another kind of machine: the token already made serves there too.
    if (this.made?.secret && !ip) void this.showOutput(this.made as Made & { secret: string });
    else if (ip && this.made?.secret) this.forget();
    this.named();
  }

  private named(): void {
    const id = cameraIdOf(this.name.value);
    setText(this.idLine, id ? `Its id: ${id} (letters, digits, - and _; the relay's lists and addresses use it).` : 'Its id comes from the name.');
    // A new name is a new camera: the command on screen was for the old one.
    if (this.made?.secret && this.made.id !== id) this.forget();
  }

  private async makeToken(): Promise<void> {
    this.deps.report(null);
    const name = commandName(this.name.value);
    const id = cameraIdOf(name);
    if (!id) return this.deps.report('Give the camera a name with a letter or a digit in it.');
    const answer = await this.deps.api.post<Unchecked<TokenCreated>>('/api/camera-tokens', { cameraId: id, label: `${name}${GUIDE_LABEL}` });
    if (!answer.ok) return this.deps.report(answer.body.message);
    const secret = answer.body.secret;
    if (typeof secret !== 'string') return this.deps.report('The server made a token but did not send it.');
    const made = (answer.body.token as { id?: unknown } | undefined)?.id;
    const revoked = await this.revokeUnused(id, typeof made === 'string' ? made : '');
    this.made = { id, name, secret, revoked };
    await this.showOutput(this.made as Made & { secret: string });
  }

  /**
   * Each visit made another token that stayed valid (#55 item 16): the guide's earlier tokens for this camera that no
   * camera ever used are revoked as a new one is made. A secret is kept only as a hash, so an old one cannot be shown again.
   */
  private async revokeUnused(cameraId: string, keep: string): Promise<number> {
    const list = await this.deps.api.get<Unchecked<TokensAnswer>>('/api/camera-tokens');
    if (!list.ok) return 0;
    const unused = parseTokens(list.body.tokens).filter(
      (t) => t.cameraId === cameraId && t.id !== keep && t.label.endsWith(GUIDE_LABEL) && t.lastUsedAt === undefined,
    );
    let revoked = 0;
    for (const t of unused) if ((await this.deps.api.delete<unknown>(`/api/camera-tokens/${encodeURIComponent(t.id)}`)).ok) revoked++;
    return revoked;
  }

  private async showOutput(made: Made & { secret: string }): Promise<void> {
    const kind = this.kind;
    const note = el('p', 'admin-secret-note', 'add-token-note', `A token for ${made.name} (id ${made.id}) is made: it is shown only here and now.`);
    if (made.revoked) {
      const earlier =
        made.revoked === 1 ? "The guide's earlier token for it, never used, was" : `The guide's ${made.revoked} earlier tokens for it, never used, were`;
      note.textContent += ` ${earlier} revoked.`;
    }
    if (kind === 'phone') {
      const { captureQr } = await import('../admin/capture-qr.js');
      if (this.made !== made || this.kind !== kind) return;
      this.output.replaceChildren(note, captureQr(this.origin, made.id, made.secret));
    } else if (kind === 'windows' || kind === 'posix') {
      const built = kind === 'windows' && (await captureProgramBuilt());
      if (this.made !== made || this.kind !== kind) return;
      const target = { server: this.origin, cameraId: made.id, token: made.secret, name: made.name };
      this.output.replaceChildren(note, ...withCopyButtons(captureSetup(kind, target, built)));
    }
    this.output.hidden = false;
    this.showLive();
  }

  /** A phone's camera comes named by its id: once it is in the list, it gets the name the admin gave, as a PC's does by --name. */
  private async nameIt(made: Made): Promise<void> {
    made.named = true;
    const answer = await this.deps.api.patch<unknown>(`/api/cameras/${encodeURIComponent(made.id)}`, { name: made.name });
    if (!answer.ok) this.deps.report(answer.body.message);
  }

  private showLive(): void {
    const made = this.made;
    this.live.hidden = made === null;
    if (!made) return;
    const camera = this.cameras.find((c) => c.id === made.id);
    if (camera && camera.name !== made.name && made.secret && this.kind === 'phone' && !made.named) void this.nameIt(made);
    const line = liveLine(made.name, camera);
    setText(this.liveText, line.text);
    this.live.dataset.live = String(line.live);
    this.open.hidden = !line.live;
    this.open.href = `#/camera/${encodeURIComponent(made.id)}`;
    setText(this.open, `Open ${made.name}`);
  }
}

/** A Copy button after each command, so the whole line is taken whatever the selection. */
function withCopyButtons(nodes: HTMLElement[]): HTMLElement[] {
  return nodes.flatMap((node) => {
    if (node.tagName !== 'CODE') return [node];
    const copy = button('diag-button add-copy', 'add-copy', 'Copy');
    copy.addEventListener('click', () => {
      void navigator.clipboard?.writeText(node.textContent ?? '').then(
        () => (copy.textContent = 'Copied'),
        () => (copy.textContent = 'Copy failed: select the line'),
      );
    });
    return [node, copy];
  });
}
