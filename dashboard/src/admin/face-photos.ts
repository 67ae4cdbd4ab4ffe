/**
 * A person's photos on their way to the relay (Settings → Faces): sent one at a time, as the relay
 * looks at one photo at a time, each shown by its picture and file name with what the relay made of
 * it (the face kept, or its refusal in its own words: "The photo holds 2 faces: …").
 */
import { FACE_PHOTO_MAX_BYTES } from '../../../shared/faces.js';
import type { ApiError, ApiResult } from '../api.js';
import { el, setText } from '../dom.js';

export interface FacePhotosDeps {
  upload(file: File): Promise<ApiResult<unknown>>;
  /** A photo's face was kept: the relay's whole list, to show. */
  onAnswer(body: unknown): void;
}

/** Refusals after which the photos still to send would be refused alike: the person is gone, or the relay is not there. */
const STOPS = new Set(['FACE_PERSON_NOT_FOUND', 'KNOWN_FACES_FULL', 'NETWORK']);

export class FacePhotos {
  readonly root = el('ul', 'face-photos', 'face-photos');
  private urls: string[] = [];

  constructor(private readonly deps: FacePhotosDeps) {
    this.root.setAttribute('aria-live', 'polite');
    this.root.hidden = true;
  }

  /** Sends `files` in turn, in place of the photos shown before; resolves when each has its answer. */
  async send(files: readonly File[]): Promise<void> {
    this.clear();
    const lines = files.map((file) => this.line(file));
    this.root.hidden = lines.length === 0;
    let stopped: ApiError | null = null;
    for (const [i, file] of files.entries()) {
      const status = lines[i]!;
      if (stopped) {
        this.say(status, `Not sent: ${stopped.message}`, 'bad');
        continue;
      }
      if (file.size > FACE_PHOTO_MAX_BYTES) {
        this.say(status, `The photo is ${(file.size / 2 ** 20).toFixed(1)} MB; the relay takes photos of up to 8 MB: use a smaller one.`, 'bad');
        continue;
      }
      this.say(status, 'Looking for the face…');
      const answer = await this.deps.upload(file);
      if (answer.ok) {
        this.say(status, 'Face kept.', 'ok');
        this.deps.onAnswer(answer.body);
      } else {
        this.say(status, answer.body.message, 'bad');
        if (STOPS.has(answer.body.error)) stopped = answer.body;
      }
    }
  }

  /** Forgets the photos shown, and the pictures made of them. */
  clear(): void {
    for (const url of this.urls) URL.revokeObjectURL(url);
    this.urls = [];
    this.root.replaceChildren();
    this.root.hidden = true;
  }

  private line(file: File): HTMLElement {
    const item = el('li', 'face-photo', 'face-photo');
    const url = URL.createObjectURL(file);
    this.urls.push(url);
    const thumb = el('img', 'face-photo-thumb');
    thumb.src = url;
    thumb.alt = '';
    const text = el('div', 'face-photo-text');
    const status = el('span', 'face-photo-status', 'face-photo-status');
    text.append(el('span', 'face-photo-name', 'face-photo-name', file.name), status);
    item.append(thumb, text);
    this.root.append(item);
    return status;
  }

  private say(status: HTMLElement, text: string, tone?: 'ok' | 'bad'): void {
    setText(status, text);
    const item = status.closest('li')!;
    if (tone) item.dataset.tone = tone;
    else delete item.dataset.tone;
  }
}
