/**
 * Streams out (#41 item 4) on the settings page: each camera's stream tokens, the keys other programs (ffmpeg, VLC,
 * Frigate) use to read its live H.264 as MP4, HLS or RTSP without an account (docs/streams.md). Listed, made and
 * revoked through `/api/cameras/<id>/stream-tokens`; a new token is shown once, inside the ready-to-copy URLs, and
 * forgotten when the settings page is left.
 */
import type { CameraToken, StreamTokenCreated } from '../../../shared/auth.js';
import { relayUrl } from '../../../common/relay-url.js';
import type { Unchecked } from '../api.js';
import { el } from '../dom.js';
import { formatCreatedAt, parseToken, parseTokens } from './admin-data.js';
import { adminSection, button, table, textInput, whileBusy, type AdminViewDeps } from './admin-markup.js';
import { parseCameras } from './cameras-view.js';
import { copyableUrl } from './copy-url.js';
import type { RelayAddress } from './relay-address.js';

/**
 * The URL a player opens: the relay's `stream.mp4` (or its HLS playlist, `stream.m3u8`) of the camera with the token in
 * its query (`base`: the page's base, a sub-path included).
 */
export function streamUrl(base: string, cameraId: string, secret: string, kind: 'mp4' | 'hls' = 'mp4'): string {
  const file = kind === 'mp4' ? 'stream.mp4' : 'stream.m3u8';
  return relayUrl(base, `api/cameras/${encodeURIComponent(cameraId)}/${file}?token=${encodeURIComponent(secret)}`);
}

/**
 * The camera's RTSP URL with the token in its query: the relay's host as the page reached it (`base`'s hostname;
 * RTSP has its own port, so no sub-path) and the port RTSP listens on.
 */
export function rtspUrl(base: string, port: number, cameraId: string, secret: string): string {
  return `rtsp://${new URL(base).hostname}:${port}/${encodeURIComponent(cameraId)}?token=${encodeURIComponent(secret)}`;
}

/** What the page says instead of an RTSP URL when the relay has no RTSP server (off, or its port was taken). */
export const RTSP_OFF_NOTE = "RTSP is off on this relay (CAMRELAY_RTSP_PORT=off, or its port was taken: see the relay's log).";

/** A camera's stream tokens path on the API. */
export const tokensPath = (cameraId: string): string => `/api/cameras/${encodeURIComponent(cameraId)}/stream-tokens`;

interface Camera {
  id: string;
  name: string;
}

export class StreamsView {
  readonly root: HTMLElement;
  private readonly cameras = el('div', 'streams-cameras', 'streams-cameras');
  private readonly empty = el('p', 'diag-empty', undefined, 'No cameras yet: a camera appears here once it has connected.');
  private readonly secretBox = el('div', 'admin-secret', 'stream-secret');
  /** Bumped on every load, so an older load's answers do not overwrite a newer list. */
  private generation = 0;

  /** The token on screen, shown again at another address when the person picks one. */
  private shown: Parameters<StreamsView['showSecret']> | null = null;

  constructor(
    private readonly deps: AdminViewDeps,
    private readonly address: RelayAddress,
  ) {
    address.onChange(() => this.shown && this.showSecret(...this.shown));
    this.secretBox.hidden = true;
    this.secretBox.setAttribute('role', 'status');
    const note = el(
      'p',
      'diag-note',
      undefined,
      "A stream token lets one program (ffmpeg, VLC, Frigate) read one camera's live H.264 as MP4, HLS or RTSP, and nothing else. It is shown once, in its URL; revoking it ends a reader within a second. A camera that sends no H.264 answers 409 STREAM_NO_H264 (docs/streams.md).",
    );
    this.root = adminSection('Streams for other programs', [note, address.picker('stream-address'), this.secretBox, this.cameras, this.empty]);
  }

  async load(): Promise<void> {
    const generation = ++this.generation;
    const answer = await this.deps.api.get<unknown>('/api/cameras');
    if (!answer.ok) return this.deps.report(answer.body.message);
    if (generation !== this.generation) return;
    const cameras = parseCameras(answer.body).map(({ id, name }) => ({ id, name }));
    this.empty.hidden = cameras.length > 0;
    const blocks = cameras.map((camera) => this.block(camera));
    this.cameras.replaceChildren(...blocks.map((b) => b.node));
    await Promise.all(blocks.map((b) => b.refresh()));
  }

  /** Takes the new token off the screen: it is shown once, right after it was made. */
  forgetSecret(): void {
    this.shown = null;
    this.secretBox.hidden = true;
    this.secretBox.replaceChildren();
  }

  private block(camera: Camera): { node: HTMLElement; refresh: () => Promise<void> } {
    const node = el('div', 'streams-camera', 'streams-camera');
    node.dataset.cameraId = camera.id;
    const title = el('p', 'streams-title');
    title.append(el('strong', undefined, undefined, camera.name));
    if (camera.name !== camera.id) title.append(' ', el('span', 'streams-id', undefined, camera.id));
    const list = table('stream-token-list', ['label', 'made', '']);
    const none = el('p', 'diag-empty', undefined, 'No stream tokens.');
    const label = textInput('stream-token-label', { maxlength: '100', placeholder: 'label, e.g. frigate' });
    label.setAttribute('aria-label', `Label of a new stream token for ${camera.name}`);
    const make = button('diag-button', 'stream-token-create', 'Make stream token', 'submit');
    const form = el('form', 'streams-form');
    form.append(label, make);
    const refresh = async (): Promise<void> => {
      const answer = await this.deps.api.get<Unchecked<{ tokens: unknown }>>(tokensPath(camera.id));
      if (!answer.ok) return this.deps.report(answer.body.message);
      const tokens = parseTokens(answer.body.tokens);
      list.body.replaceChildren(...tokens.map((t) => this.row(camera, t, refresh)));
      list.table.hidden = tokens.length === 0;
      none.hidden = tokens.length > 0;
    };
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void whileBusy(make, async () => {
        this.deps.report(null);
        const body = label.value.trim() ? { label: label.value.trim() } : {};
        const answer = await this.deps.api.post<Unchecked<StreamTokenCreated>>(tokensPath(camera.id), body);
        if (!answer.ok) return this.deps.report(answer.body.message);
        const token = parseToken(answer.body.token);
        if (!token || typeof answer.body.secret !== 'string') return this.deps.report('The server made a stream token but did not send it.');
        form.reset();
        const rtspPort = typeof answer.body.rtspPort === 'number' ? answer.body.rtspPort : null;
        this.showSecret(camera, token, answer.body.secret, rtspPort);
        await refresh();
      });
    });
    node.append(title, list.table, none, form);
    return { node, refresh };
  }

  private row(camera: Camera, token: CameraToken, refresh: () => Promise<void>): HTMLTableRowElement {
    const tr = el('tr');
    tr.dataset.tokenId = token.id;
    const revoke = button('diag-button admin-danger', 'stream-token-revoke', 'Revoke');
    revoke.addEventListener(
      'click',
      () =>
        void whileBusy(revoke, async () => {
          const name = token.label ? `"${token.label}" ` : '';
          if (!this.deps.confirm(`Revoke the stream token ${name}of camera ${camera.name}? A program reading with it is cut off within a second.`)) return;
          this.deps.report(null);
          const answer = await this.deps.api.delete<unknown>(`${tokensPath(camera.id)}/${encodeURIComponent(token.id)}`);
          if (!answer.ok) return this.deps.report(answer.body.message);
          if (this.secretBox.dataset.tokenId === token.id) this.forgetSecret();
          await refresh();
        }),
    );
    const action = el('td', 'admin-action');
    action.append(revoke);
    tr.append(el('td', 'admin-label', undefined, token.label || '—'), el('td', undefined, undefined, formatCreatedAt(token.createdAt)), action);
    return tr;
  }

  private showSecret(camera: Camera, token: CameraToken, secret: string, rtspPort: number | null): void {
    this.shown = [camera, token, secret, rtspPort];
    const base = this.address.base();
    const status = el('p', 'admin-secret-note', 'stream-url-status');
    const field = (testId: string, value: string, title: string) => copyableUrl(testId, value, title, camera.name, status);
    const done = button('diag-button', 'stream-secret-done', 'Done');
    done.addEventListener('click', () => this.forgetSecret());
    const note = el('p', 'admin-secret-note', undefined, `New stream token for ${camera.name}. Copy its URLs now: the token will not be shown again.`);
    this.secretBox.dataset.tokenId = token.id;
    this.secretBox.replaceChildren(
      note,
      ...field('stream-url', streamUrl(base, camera.id, secret), 'MP4 stream (ffmpeg, VLC, Frigate)'),
      ...field('stream-url-hls', streamUrl(base, camera.id, secret, 'hls'), 'HLS playlist (players that take HLS)'),
      ...(rtspPort === null
        ? [el('p', 'admin-secret-note', 'stream-rtsp-off', RTSP_OFF_NOTE)]
        : field('stream-url-rtsp', rtspUrl(base, rtspPort, camera.id, secret), 'RTSP stream (Home Assistant, NVRs, Frigate)')),
      status,
      done,
    );
    this.secretBox.hidden = false;
  }
}
