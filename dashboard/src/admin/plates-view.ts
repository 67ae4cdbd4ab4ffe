/**
 * Known plates (#58) on the settings page: the owner's plates and their names ("Mum's car"), which
 * events, the review page and notifications then say. Read and saved whole through `/api/plates`
 * with the revision it was read at: another admin's save since is shown (409 EDIT_CONFLICT), not
 * overwritten. Checked here by the relay's own check (shared/plates.ts) before it is sent.
 */
import { checkKnownPlates, KNOWN_PLATES_MAX, PLATE_NAME_MAX, PLATE_TYPED_MAX, type KnownPlate } from '../../../shared/plates.js';
import './plates.css';
import { el, setText } from '../dom.js';
import { adminSection, button, table, textInput, whileBusy, type AdminViewDeps } from './admin-markup.js';
import { EditConflict, parseRevised } from './edit-conflict.js';

/** The plates of an answer, from untrusted JSON: entries that are not {plate, name} texts are left out. */
export function parsePlates(value: unknown): KnownPlate[] {
  const list = typeof value === 'object' && value !== null ? (value as { plates?: unknown }).plates : undefined;
  if (!Array.isArray(list)) return [];
  return list.slice(0, KNOWN_PLATES_MAX).flatMap((p: unknown) => {
    const { plate, name } = (typeof p === 'object' && p !== null ? p : {}) as Record<string, unknown>;
    return typeof plate === 'string' && typeof name === 'string' ? [{ plate, name }] : [];
  });
}

export class PlatesView {
  readonly root: HTMLElement;
  private readonly list = table('plate-list', ['plate', 'name', '']);
  private readonly empty = el('p', 'diag-empty', 'plates-empty', 'No known plates yet: add one, and a car read with it is named.');
  private readonly addRow = button('diag-button', 'plate-add', 'Add a plate');
  private readonly save = button('button-primary', 'plates-save', 'Save', 'submit');
  private readonly message = el('p', 'rec-message', 'plates-message');
  private readonly conflict = new EditConflict();
  private revision: string | null = null;

  constructor(private readonly deps: AdminViewDeps) {
    this.message.setAttribute('role', 'alert');
    this.message.hidden = true;
    const note = el(
      'p',
      'diag-note',
      undefined,
      'A plate read on a car of a camera that reads plates (Detection) is named by the plate here that it matches, exactly or within one character. Plates and names are shown only to admins and to users allowed to see them (Users).',
    );
    const form = el('form', 'admin-form plates-form', 'plates-form');
    form.noValidate = true;
    const actions = el('div', 'rec-actions');
    actions.append(this.save, this.message, this.conflict.root);
    const addBar = el('div', 'plates-add');
    addBar.append(this.addRow);
    form.append(this.list.table, this.empty, addBar, actions);
    this.addRow.addEventListener('click', () => {
      const row = this.row({ plate: '', name: '' });
      this.list.body.append(row);
      this.showEmpty();
      row.querySelector('input')?.focus();
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void whileBusy(this.save, () => this.submit());
    });
    this.root = adminSection('Known plates', [note, form]);
  }

  async load(): Promise<void> {
    const answer = await this.deps.api.get<unknown>('/api/plates');
    if (!answer.ok) return this.deps.report(answer.body.message);
    this.fill(answer.body);
  }

  private fill(body: unknown): void {
    this.revision = parseRevised(body).revision;
    this.list.body.replaceChildren(...parsePlates(body).map((p) => this.row(p)));
    this.showEmpty();
  }

  private row(p: KnownPlate): HTMLTableRowElement {
    const tr = el('tr');
    tr.dataset.testid = 'plate-row';
    const plate = textInput('plate-text', { maxlength: String(PLATE_TYPED_MAX), placeholder: 'AB-123-C', 'aria-label': 'Plate' });
    const name = textInput('plate-name', { maxlength: String(PLATE_NAME_MAX), placeholder: "Mum's car", 'aria-label': 'Name' });
    plate.value = p.plate;
    name.value = p.name;
    const remove = button('diag-button admin-danger', 'plate-remove', 'Remove');
    remove.setAttribute('aria-label', `Remove ${p.plate || 'this plate'}`);
    remove.addEventListener('click', () => {
      tr.remove();
      this.showEmpty();
    });
    const cells = [plate, name, remove].map((node) => {
      const td = el('td');
      td.append(node);
      return td;
    });
    tr.append(...cells);
    return tr;
  }

  private showEmpty(): void {
    this.empty.hidden = this.list.body.rows.length > 0;
  }

  /** The rows as typed; a row left blank in both fields is no plate. */
  private get typed(): KnownPlate[] {
    return [...this.list.body.rows].flatMap((tr) => {
      const [plate, name] = [...tr.querySelectorAll('input')].map((i) => i.value.trim());
      return plate || name ? [{ plate: plate ?? '', name: name ?? '' }] : [];
    });
  }

  private say(text: string | null, tone: 'good' | 'bad' = 'good'): void {
    setText(this.message, text ?? '');
    this.message.hidden = text === null;
    this.message.dataset.tone = tone;
  }

  private async submit(): Promise<void> {
    this.say(null);
    const checked = checkKnownPlates(this.typed);
    if (!checked.ok) return this.say(checked.error.message, 'bad');
    await this.send(checked.value);
  }

  private async send(plates: KnownPlate[]): Promise<void> {
    const answer = await this.deps.api.put<unknown>('/api/plates', { plates, ...(this.revision ? { revision: this.revision } : {}) });
    if (!answer.ok) {
      if (answer.body.error === 'EDIT_CONFLICT') return this.conflicted(plates);
      return this.say(answer.body.message, 'bad');
    }
    this.conflict.hide();
    this.fill(answer.body);
    this.say(`Saved: ${plates.length} known plate${plates.length === 1 ? '' : 's'}.`);
  }

  /** Another admin saved first: say who and when; reload theirs, or save these over them. */
  private async conflicted(mine: KnownPlate[]): Promise<void> {
    const answer = await this.deps.api.get<unknown>('/api/plates');
    if (!answer.ok) return this.say(`Someone saved the known plates after you opened them; nothing was saved. ${answer.body.message}`, 'bad');
    const theirs = parseRevised(answer.body);
    this.conflict.show(theirs, {
      reload: () => {
        this.fill(answer.body);
        this.conflict.hide();
        this.say('Showing the known plates saved now.');
      },
      mine: async () => {
        this.revision = theirs.revision;
        await this.send(mine);
      },
    });
  }
}
