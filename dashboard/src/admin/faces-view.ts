/**
 * Known faces (#58) on the settings page: the people the owner names, each kept as the face crops the
 * relay shows here and their numbers, nothing else. "Add a person" sends the name, then each photo
 * in turn (face-photos.ts); each person's card (face-person.ts) renames, adds photos, merges and
 * removes. Every change of `/api/faces` answers with the whole list, which is shown as it comes.
 */
import { checkFaceName, FACE_NAME_MAX } from '../../../shared/faces.js';
import './faces.css';
import { el, setText } from '../dom.js';
import { adminSection, button, field, textInput, whileBusy, type AdminViewDeps } from './admin-markup.js';
import { parsePeople } from './faces-data.js';
import { PersonCard } from './face-person.js';
import { checkedField } from './notify-fields.js';

export class FacesView {
  readonly root: HTMLElement;
  private readonly name = textInput('faces-add-name', { maxlength: String(FACE_NAME_MAX) });
  private readonly nameError = el('span', 'field-error', 'faces-add-error-name');
  private readonly photos = el('input', 'field-input face-file-input', 'faces-add-photos');
  private readonly add = button('button-primary', 'faces-add', 'Add person', 'submit');
  private readonly message = el('p', 'rec-message', 'faces-add-message');
  private readonly list = el('ul', 'face-people', 'faces-people');
  private readonly empty = el('p', 'diag-empty', 'faces-empty', 'No one yet: add a person with a photo of their face.');
  private readonly cards = new Map<string, PersonCard>();

  constructor(private readonly deps: AdminViewDeps) {
    const note = el(
      'p',
      'diag-note',
      'faces-note',
      'The faces of the people you name. A camera recognises them only where Settings → Detection has face recognition on. A person is kept as the face crops shown here and their numbers, nothing else; removing a person removes all of it.',
    );
    this.photos.type = 'file';
    this.photos.accept = 'image/jpeg,image/png';
    this.photos.multiple = true;
    this.nameError.setAttribute('role', 'alert');
    this.nameError.hidden = true;
    this.message.setAttribute('role', 'alert');
    this.message.hidden = true;
    const form = el('form', 'admin-form faces-add-form', 'faces-add-form');
    form.noValidate = true;
    const actions = el('div', 'rec-actions faces-add-actions');
    actions.append(this.add, this.message);
    form.append(
      el('h4', 'faces-subheading', undefined, 'Add a person'),
      checkedField('Name', this.name, this.nameError),
      field('Photos (JPEG or PNG)', this.photos, 'Each of this person alone, their face clear; more can be added later.'),
      actions,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void whileBusy(this.add, () => this.addPerson());
    });
    this.root = adminSection('Faces', [note, form, this.empty, this.list]);
    this.root.classList.add('faces-section');
  }

  async load(): Promise<void> {
    const answer = await this.deps.api.get<unknown>('/api/faces');
    if (!answer.ok) return this.deps.report(answer.body.message);
    this.fill(answer.body);
  }

  /** Shows the relay's whole list: cards kept for people still there (with what they say), made for new ones, dropped for the removed. */
  private fill(body: unknown): void {
    const people = parsePeople(body);
    const focused = [...this.cards.values()].find((c) => c.root.contains(document.activeElement));
    for (const [id, card] of this.cards) {
      if (people.some((p) => p.id === id)) continue;
      card.dispose();
      card.root.remove();
      this.cards.delete(id);
    }
    for (const person of people) {
      let card = this.cards.get(person.id);
      if (!card) this.cards.set(person.id, (card = new PersonCard(person, { ...this.deps, onAnswer: (b) => this.fill(b) })));
      card.update(
        person,
        people.filter((p) => p.id !== person.id),
      );
      this.list.append(card.root);
    }
    this.empty.hidden = people.length > 0;
    // A person removed or merged away took the focus with them: it goes back to the form.
    if (focused && !focused.root.isConnected) this.name.focus();
  }

  private say(text: string | null): void {
    setText(this.message, text ?? '');
    this.message.hidden = text === null;
    this.message.dataset.tone = 'bad';
  }

  private nameRefused(message: string | null): void {
    setText(this.nameError, message ?? '');
    this.nameError.hidden = message === null;
    if (message === null) this.name.removeAttribute('aria-invalid');
    else this.name.setAttribute('aria-invalid', 'true');
  }

  /** The person first (the relay answers with them last), then each photo of them in turn, answered on their card. */
  private async addPerson(): Promise<void> {
    this.say(null);
    const checked = checkFaceName(this.name.value);
    if (!checked.ok) return this.nameRefused(checked.error.message);
    const answer = await this.deps.api.post<unknown>('/api/faces', { name: checked.value });
    if (!answer.ok) return answer.body.field === 'name' ? this.nameRefused(answer.body.message) : this.say(answer.body.message);
    this.nameRefused(null);
    const before = new Set(this.cards.keys());
    this.fill(answer.body);
    const added = [...this.cards.values()].reverse().find((c) => !before.has(c.root.dataset.person ?? ''));
    const files = [...(this.photos.files ?? [])];
    this.name.value = '';
    this.photos.value = '';
    if (!added) return;
    added.root.scrollIntoView({ block: 'nearest' });
    if (files.length > 0) await added.addPhotos(files);
  }
}
