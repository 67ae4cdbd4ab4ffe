/**
 * One known person on Settings → Faces: their name, renamed in place (Save, or Enter); their kept
 * faces as the crops the relay keeps, each removable; more photos; merged into another person; or
 * removed with all their faces. Every change answers with the relay's whole list, which the page
 * shows (FacesView); the card is updated in place, so what it says about a photo stays.
 */
import { relayUrl } from '../../../common/relay-url.js';
import { checkFaceName, FACE_NAME_MAX, type KnownPersonShown } from '../../../shared/faces.js';
import type { ApiResult } from '../api.js';
import { pageBase } from '../connection/connection.js';
import { el, setText } from '../dom.js';
import { button, textInput, whileBusy, type AdminViewDeps } from './admin-markup.js';
import { facesKept } from './faces-data.js';
import { FacePhotos } from './face-photos.js';

export interface PersonCardDeps extends Pick<AdminViewDeps, 'api' | 'confirm'> {
  /** A change's answer (the relay's whole list), to show. */
  onAnswer(body: unknown): void;
}

let ids = 0;

export class PersonCard {
  readonly root = el('li', 'face-person', 'face-person');
  private readonly name = textInput('face-name', { maxlength: String(FACE_NAME_MAX) });
  private readonly nameError = el('p', 'field-error', 'face-name-error');
  private readonly rename = button('diag-button', 'face-rename', 'Save', 'submit');
  private readonly count = el('p', 'face-count', 'face-count');
  private readonly crops = el('ul', 'face-crops', 'face-crops');
  private readonly cropItems = new Map<string, HTMLLIElement>();
  private readonly photoInput = el('input', 'visually-hidden', 'face-add-photos');
  private readonly mergeSelect = el('select', 'field-input face-merge-select', 'face-merge-select');
  private readonly merge = button('diag-button', 'face-merge', 'Merge');
  private readonly mergeGroup = el('div', 'face-merge-group');
  private readonly remove = button('diag-button admin-danger', 'face-remove', 'Remove person');
  private readonly message = el('p', 'rec-message', 'face-message');
  private readonly photos: FacePhotos;
  private person: KnownPersonShown;

  constructor(
    person: KnownPersonShown,
    private readonly deps: PersonCardDeps,
  ) {
    this.person = person;
    this.root.dataset.person = person.id;
    this.name.value = person.name;
    const n = ++ids;
    this.nameError.id = `face-name-error-${n}`;
    this.nameError.setAttribute('role', 'alert');
    this.nameError.hidden = true;
    this.name.setAttribute('aria-describedby', this.nameError.id);
    const renameForm = el('form', 'face-rename-form');
    renameForm.noValidate = true;
    renameForm.append(this.name, this.rename);
    renameForm.addEventListener('submit', (event) => {
      event.preventDefault();
      void whileBusy(this.rename, () => this.saveName());
    });

    this.photos = new FacePhotos({
      upload: (file) => this.deps.api.upload(`${this.path}/photos`, file),
      onAnswer: (body) => this.deps.onAnswer(body),
    });
    this.photoInput.type = 'file';
    this.photoInput.accept = 'image/jpeg,image/png';
    this.photoInput.multiple = true;
    this.photoInput.addEventListener('change', () => {
      const files = [...(this.photoInput.files ?? [])];
      this.photoInput.value = '';
      if (files.length > 0) void this.addPhotos(files);
    });
    const addPhotos = el('label', 'diag-button face-file-button', undefined, 'Add photos');
    addPhotos.append(this.photoInput);

    const mergeLabel = el('label', 'visually-hidden', undefined, 'Merge into');
    mergeLabel.htmlFor = this.mergeSelect.id = `face-merge-${n}`;
    this.mergeGroup.append(mergeLabel, this.mergeSelect, this.merge);
    this.merge.addEventListener('click', () => void whileBusy(this.merge, () => this.mergeInto()));
    this.remove.addEventListener('click', () => void whileBusy(this.remove, () => this.removePerson()));

    this.message.setAttribute('role', 'alert');
    this.message.hidden = true;
    const actions = el('div', 'face-actions');
    actions.append(addPhotos, this.mergeGroup, this.remove);
    this.root.append(renameForm, this.nameError, this.count, this.crops, actions, this.photos.root, this.message);
    this.update(person, []);
  }

  private get path(): string {
    return `/api/faces/${encodeURIComponent(this.person.id)}`;
  }

  /** Shows `person` as the relay now keeps them, with `others` to merge into; a name being typed is left as typed. */
  update(person: KnownPersonShown, others: readonly KnownPersonShown[]): void {
    if (this.name.value === this.person.name) this.name.value = person.name;
    this.person = person;
    this.name.setAttribute('aria-label', `Name of ${person.name}`);
    this.photoInput.setAttribute('aria-label', `Add photos of ${person.name}`);
    this.remove.setAttribute('aria-label', `Remove ${person.name}`);
    this.merge.setAttribute('aria-label', `Merge ${person.name} into the person chosen`);
    setText(this.count, facesKept(person.faces.length));
    this.root.dataset.empty = String(person.faces.length === 0);
    this.showCrops();
    this.showOthers(others);
  }

  /** Sends photos of this person one at a time, each answered beside it. */
  addPhotos(files: readonly File[]): Promise<void> {
    this.say(null);
    return this.photos.send(files);
  }

  /** Forgets the pictures of the photos picked (the card is leaving the page). */
  dispose(): void {
    this.photos.clear();
  }

  private showCrops(): void {
    const faces = this.person.faces;
    for (const [id, item] of this.cropItems) {
      if (faces.some((f) => f.id === id)) continue;
      item.remove();
      this.cropItems.delete(id);
    }
    faces.forEach((face, i) => {
      let item = this.cropItems.get(face.id);
      if (!item) {
        item = el('li', 'face-crop', 'face-crop');
        const img = el('img', 'face-crop-image', 'face-crop-image');
        img.width = img.height = 150;
        img.src = relayUrl(pageBase(), face.url);
        const drop = button('diag-button face-crop-remove', 'face-crop-remove', 'Remove');
        drop.addEventListener('click', () => void whileBusy(drop, () => this.removeFace(face.id)));
        item.append(img, drop);
        this.cropItems.set(face.id, item);
      }
      item.querySelector('img')!.alt = `Face ${i + 1} of ${this.person.name}`;
      item.querySelector('button')!.setAttribute('aria-label', `Remove face ${i + 1} of ${this.person.name}`);
      this.crops.append(item);
    });
    this.crops.hidden = faces.length === 0;
  }

  private showOthers(others: readonly KnownPersonShown[]): void {
    const chosen = this.mergeSelect.value;
    const prompt = el('option', undefined, undefined, 'Merge into…');
    prompt.value = '';
    const options = others.map((p) => {
      const option = el('option', undefined, undefined, p.name);
      option.value = p.id;
      return option;
    });
    this.mergeSelect.replaceChildren(prompt, ...options);
    this.mergeSelect.value = others.some((p) => p.id === chosen) ? chosen : '';
    this.mergeGroup.hidden = others.length === 0;
  }

  private say(text: string | null, tone: 'ok' | 'bad' = 'bad'): void {
    setText(this.message, text ?? '');
    this.message.hidden = text === null;
    this.message.dataset.tone = tone;
  }

  /** The answer shown, or its refusal on the card's line; true when it was taken. */
  private answered(answer: ApiResult<unknown>): boolean {
    if (!answer.ok) {
      this.say(answer.body.message);
      return false;
    }
    this.deps.onAnswer(answer.body);
    return true;
  }

  private async saveName(): Promise<void> {
    this.say(null);
    const checked = checkFaceName(this.name.value);
    if (!checked.ok) return this.nameRefused(checked.error.message);
    const answer = await this.deps.api.patch<unknown>(this.path, { name: checked.value });
    if (!answer.ok) return this.nameRefused(answer.body.message);
    this.nameRefused(null);
    this.name.value = checked.value;
    this.deps.onAnswer(answer.body);
    this.say('Name saved.', 'ok');
  }

  /** The refusal of a name, under the field and read with it; null clears it. */
  private nameRefused(message: string | null): void {
    setText(this.nameError, message ?? '');
    this.nameError.hidden = message === null;
    if (message === null) this.name.removeAttribute('aria-invalid');
    else this.name.setAttribute('aria-invalid', 'true');
  }

  private async removeFace(faceId: string): Promise<void> {
    this.say(null);
    const at = this.person.faces.findIndex((f) => f.id === faceId);
    if (!this.answered(await this.deps.api.delete(`${this.path}/faces/${encodeURIComponent(faceId)}`))) return;
    // Focus stays in the crops: on the face that took the removed one's place, else on Add photos.
    const next = this.crops.querySelectorAll('button')[Math.min(at, this.person.faces.length - 1)];
    (next ?? this.photoInput).focus();
  }

  private async mergeInto(): Promise<void> {
    const into = this.mergeSelect.value;
    const other = this.mergeSelect.selectedOptions[0]?.textContent ?? '';
    const { name, faces } = this.person;
    if (!into) return this.say(`Choose the person to merge ${name} into.`);
    const moved = faces.length === 0 ? `${name} has no face kept` : `${name}'s ${faces.length === 1 ? 'face joins' : `${faces.length} faces join`} ${other}'s`;
    if (!this.deps.confirm(`Merge ${name} into ${other}? ${moved}, and ${name} is removed.`)) return;
    this.say(null);
    this.answered(await this.deps.api.post(`/api/faces/${encodeURIComponent(into)}/merge`, { from: this.person.id }));
  }

  private async removePerson(): Promise<void> {
    const { name, faces } = this.person;
    const all =
      faces.length === 0
        ? 'They have no face kept yet.'
        : faces.length === 1
          ? 'Their face kept here is removed with them.'
          : `All ${faces.length} of their faces kept here are removed with them.`;
    if (!this.deps.confirm(`Remove ${name}? ${all} Cameras stop naming them. This cannot be undone.`)) return;
    this.say(null);
    this.answered(await this.deps.api.delete(this.path));
  }
}
