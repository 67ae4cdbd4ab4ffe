/**
 * The IP camera form's *Test* (#42 item 2): the address as typed (with the form's user and password) goes to the relay,
 * which tries it with the capture program's `--probe`; the camera's picture and what it sends ("H.264 1280×720, sound
 * AAC") show under the form before anything is saved, or why it gave none, in the camera's own words.
 */
import { button, whileBusy, type AdminViewDeps } from './admin-markup.js';
import { el } from '../dom.js';

const CODECS: Record<string, string> = {
  h264: 'H.264',
  hevc: 'H.265',
  mjpeg: 'MJPEG',
  mpeg4: 'MPEG-4',
  aac: 'AAC',
  pcm_mulaw: 'G.711 μ-law',
  pcm_alaw: 'G.711 A-law',
};
const named = (codec: string) => CODECS[codec] ?? codec.toUpperCase();

export interface TestAnswer {
  codec: string;
  width: number;
  height: number;
  audio: string | null;
  jpeg: string;
}

/** What a person reads under the picture. */
export function testCaption(a: Pick<TestAnswer, 'codec' | 'width' | 'height' | 'audio'>): string {
  const sound = a.audio ? `sound ${named(a.audio)}` : 'no sound';
  return `The camera answers: ${named(a.codec)} ${a.width}×${a.height}, ${sound}. Add it to watch it live.`;
}

function isAnswer(v: unknown): v is TestAnswer {
  const a = v as Partial<TestAnswer> | null;
  return typeof a?.codec === 'string' && typeof a.jpeg === 'string' && typeof a.width === 'number' && typeof a.height === 'number';
}

export class CameraTest {
  readonly button = button('diag-button', 'ipcam-test', 'Test');
  readonly root = el('div', 'ipcam-test', 'ipcam-test-result');
  private readonly picture = el('img', 'ipcam-test-picture', 'ipcam-test-picture');
  private readonly caption = el('p', 'diag-note', 'ipcam-test-caption');

  /** `address`: the address with its credentials, or null with the form's own message shown (e.g. none typed). */
  constructor(
    private readonly deps: Pick<AdminViewDeps, 'api'>,
    private readonly address: () => string | null,
    private readonly refused: (field: string | undefined, message: string) => void,
  ) {
    this.picture.alt = 'What the camera shows';
    this.root.hidden = true;
    this.root.append(this.picture, this.caption);
    this.caption.setAttribute('role', 'status');
    this.button.addEventListener('click', () => void whileBusy(this.button, () => this.run()));
  }

  clear(): void {
    this.root.hidden = true;
    this.picture.removeAttribute('src');
    this.caption.textContent = '';
  }

  private async run(): Promise<void> {
    const url = this.address();
    if (url === null) return;
    this.root.hidden = false;
    this.picture.hidden = true;
    this.root.dataset.state = 'testing';
    this.caption.textContent = 'Asking the camera for a picture (up to 20 s)…';
    const answer = await this.deps.api.post<unknown>('/api/admin/ip-cameras/test', { url });
    if (answer.ok && isAnswer(answer.body)) {
      this.picture.src = `data:image/jpeg;base64,${answer.body.jpeg}`;
      this.picture.hidden = false;
      this.root.dataset.state = 'ok';
      this.caption.textContent = testCaption(answer.body);
      return;
    }
    this.root.dataset.state = 'failed';
    const message = answer.ok ? 'The relay answered the test with no picture.' : answer.body.message;
    if (!answer.ok && answer.body.field) {
      this.clear();
      return this.refused(answer.body.field, message.replace(/^\w+: the/, 'The'));
    }
    this.caption.textContent = `No picture: ${message}`;
  }
}
