/**
 * The Home Assistant section's Generic Camera URLs (#42), per camera: the still image URL and the stream source as
 * docs/home-assistant.md gives them, ready to copy. The stream source holds a stream token: "Make a token for Home
 * Assistant" makes one (labelled home-assistant, revoked under Streams out) and shows the URL with it, once.
 */
import type { StreamTokenCreated } from '../../../shared/auth.js';
import type { Unchecked } from '../api.js';
import { el } from '../dom.js';
import { button, whileBusy, type AdminViewDeps } from './admin-markup.js';
import { copyableUrl } from './copy-url.js';
import type { RelayAddress } from './relay-address.js';
import { stillImageUrl, streamSource } from './home-assistant-data.js';
import { RTSP_OFF_NOTE, tokensPath } from './streams-view.js';

export interface HaCamera {
  id: string;
  name: string;
}

export class HaCameras {
  readonly root = el('div', 'ha-cameras', 'ha-cameras');
  /** The cameras on screen, drawn again at another address when the person picks one. */
  private shown: { cameras: HaCamera[]; rtspPort: number | null } | null = null;
  /** Tokens made here, per camera, shown in its stream source until the page is left. */
  private readonly made = new Map<string, { secret: string; rtspPort: number }>();

  constructor(
    private readonly deps: AdminViewDeps,
    private readonly address: RelayAddress,
  ) {
    address.onChange(() => this.shown && this.show(this.shown.cameras, this.shown.rtspPort));
  }

  show(cameras: HaCamera[], rtspPort: number | null): void {
    this.shown = { cameras, rtspPort };
    const none = el('p', 'diag-empty', undefined, 'No cameras yet: a camera appears here once it has connected.');
    this.root.replaceChildren(...(cameras.length ? cameras.map((c) => this.block(c, rtspPort)) : [none]));
  }

  /** Takes a stream source made with a new token off the screen (the page was left): shown again, it has the placeholder. */
  forgetSecret(): void {
    this.shown = null;
    this.made.clear();
    this.root.replaceChildren();
  }

  private block(camera: HaCamera, rtspPort: number | null): HTMLElement {
    const node = el('div', 'streams-camera', 'ha-camera');
    node.dataset.cameraId = camera.id;
    const title = el('p', 'streams-title');
    title.append(el('strong', undefined, undefined, camera.name));
    if (camera.name !== camera.id) title.append(' ', el('span', 'streams-id', undefined, camera.id));
    const status = el('p', 'admin-secret-note', 'ha-copy-status');
    node.append(title, ...copyableUrl('ha-still-url', stillImageUrl(this.address.base(), camera.id), 'Still image URL', camera.name, status));
    if (rtspPort === null) {
      node.append(el('p', 'admin-secret-note', 'ha-rtsp-off', RTSP_OFF_NOTE), status);
      return node;
    }
    const made = this.made.get(camera.id);
    const source = streamSource(this.address.base(), rtspPort, camera.id, made?.secret);
    node.append(...copyableUrl('ha-stream-source', source, 'Stream source', camera.name, status));
    const make = button('diag-button', 'ha-make-token', 'Make a token for Home Assistant');
    const note = el(
      'p',
      'field-hint',
      'ha-token-note',
      'STREAM-TOKEN stands for a stream token of this camera: make one here (shown once), or paste one made under Streams out. RTSP transport protocol: TCP; Authentication: basic, a relay account that may see this camera.',
    );
    make.addEventListener('click', () => void whileBusy(make, () => this.makeToken(camera, node, note)));
    node.append(make, note, status);
    return node;
  }

  private async makeToken(camera: HaCamera, node: HTMLElement, note: HTMLElement): Promise<void> {
    this.deps.report(null);
    const answer = await this.deps.api.post<Unchecked<StreamTokenCreated>>(tokensPath(camera.id), { label: 'home-assistant' });
    if (!answer.ok) return this.deps.report(answer.body.message);
    const rtspPort = typeof answer.body.rtspPort === 'number' ? answer.body.rtspPort : null;
    if (typeof answer.body.secret !== 'string' || rtspPort === null) return this.deps.report('The relay made a stream token but did not send its RTSP URL.');
    this.made.set(camera.id, { secret: answer.body.secret, rtspPort });
    const source = node.querySelector<HTMLTextAreaElement>('[data-testid="ha-stream-source"]')!;
    source.value = streamSource(this.address.base(), rtspPort, camera.id, answer.body.secret);
    note.textContent = `A stream token "home-assistant" was made for ${camera.name}: copy the stream source now, the token is not shown again (revoke it under Streams out).`;
  }
}
