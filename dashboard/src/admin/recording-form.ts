/**
 * One camera's recording settings as a form: mode, format, fps, retention, quota, pre/post-roll and
 * motion detection, with the mask editor. Saves only what changed; a refusal shows beside the form,
 * with the field it names marked.
 */
import type { ApiResult } from '../api.js';
import { el, setText } from '../dom.js';
import { button, field, textInput, whileBusy } from './admin-markup.js';
import { EditConflict, parseRevised, type Revised } from './edit-conflict.js';
import { MaskEditor } from './mask-editor.js';
import { FieldErrors } from './notify-fields.js';
import { changeOf, fieldMessage, fieldOf, parseStatus, refusalText, LABELS, type FormValues, type Mode, type RecordingSettings } from './recording-data.js';

export interface RecordingFormDeps {
  put(path: string, body: unknown): Promise<ApiResult<{ settings?: unknown }>>;
  /** The camera's status again, when another admin saved first. */
  get(path: string): Promise<ApiResult<unknown>>;
  /** The camera's current picture, for the mask editor. */
  snapshotUrl: string;
  /** After a save the relay accepted: the view reads the camera's status again. */
  saved(): void;
}

function select<T extends string>(testId: string, options: Array<[T, string]>): HTMLSelectElement {
  const node = el('select', 'field-input', testId);
  for (const [value, text] of options) node.append(Object.assign(el('option', undefined, undefined, text), { value }));
  return node;
}

function numberInput(testId: string, min: number, max: number, step: string): HTMLInputElement {
  return textInput(testId, { type: 'number', inputmode: 'decimal', min: String(min), max: String(max), step });
}

/** A field with a one-line hint under it. */
function hinted(label: string, control: HTMLElement, hint: string): HTMLElement {
  const node = field(label, control);
  node.append(el('span', 'rec-hint', undefined, hint));
  return node;
}

export class RecordingForm {
  readonly root = el('form', 'rec-form', 'rec-form');
  private readonly mode = select<Mode>('rec-mode', [
    ['off', 'Off'],
    ['continuous', 'Continuous'],
    ['motion', 'On motion'],
  ]);
  private readonly format = select('rec-format', [
    ['h264', 'H.264 video'],
    ['jpeg', 'JPEG as sent'],
  ]);
  private readonly inputs = {
    fps: numberInput('rec-fps', 0.1, 60, 'any'),
    retentionDays: numberInput('rec-retention', 0, 3650, '1'),
    quotaMb: numberInput('rec-quota', 0, 100_000_000, '1'),
    preRollSeconds: numberInput('rec-preroll', 0, 30, 'any'),
    postRollSeconds: numberInput('rec-postroll', 0, 600, 'any'),
    'motion.fps': numberInput('rec-motion-fps', 0.2, 15, 'any'),
    'motion.threshold': numberInput('rec-threshold', 1, 255, '1'),
    'motion.minAreaPercent': numberInput('rec-min-area', 0.01, 100, 'any'),
  };
  private readonly enabled = Object.assign(el('input', undefined, 'rec-motion-enabled'), { type: 'checkbox' });
  private readonly rolls = el('div', 'rec-grid');
  private readonly motion = el('fieldset', 'rec-motion', 'rec-motion');
  private readonly enabledRow = el('label', 'rec-check');
  private readonly masks: MaskEditor;
  private readonly save = button('button-primary', 'rec-save', 'Save', 'submit');
  private readonly message = el('p', 'rec-message', 'rec-message');
  private readonly conflict = new EditConflict();
  private readonly errors = new FieldErrors('rec');
  /** Each field a refusal can name (the API's path), by its control. */
  private readonly controls = new Map<string, HTMLElement>();
  /** The revision the form's settings were read at: a save sends it, so one made since is not overwritten. */
  private revision: string | null;

  constructor(
    private readonly camera: string,
    private current: RecordingSettings,
    private readonly deps: RecordingFormDeps,
    revised: Revised = { revision: null, savedBy: null, savedAt: null },
  ) {
    this.revision = revised.revision;
    this.root.noValidate = true;
    this.root.dataset.cameraId = camera;
    this.message.setAttribute('role', 'alert');
    this.message.hidden = true;
    this.masks = new MaskEditor(deps.snapshotUrl, current.motion.masks);
    const i = this.inputs;
    const main = el('div', 'rec-grid');
    main.append(
      hinted(LABELS.mode!, this.mode, 'On motion keeps a few seconds either side of each event.'),
      hinted(LABELS.format!, this.format, 'JPEG: no encoding, about 10× the disk; for 1-2 fps cameras.'),
      hinted(LABELS.fps!, i.fps, 'More frames than this are skipped.'),
      hinted(LABELS.retentionDays!, i.retentionDays, '0: no age limit.'),
      hinted(LABELS.quotaMb!, i.quotaMb, 'Oldest go first above this; 0: no quota.'),
    );
    this.rolls.append(field(LABELS.preRollSeconds!, i.preRollSeconds), field(LABELS.postRollSeconds!, i.postRollSeconds));
    this.enabledRow.append(this.enabled, el('span', undefined, undefined, 'Detect motion (events on the timeline)'));
    const motionGrid = el('div', 'rec-grid rec-grid-3');
    motionGrid.append(
      hinted(LABELS['motion.fps']!, i['motion.fps'], 'Checks per second; fewer is cheaper.'),
      hinted(LABELS['motion.threshold']!, i['motion.threshold'], 'Grey levels, 1-255.'),
      hinted(LABELS['motion.minAreaPercent']!, i['motion.minAreaPercent'], 'Changed, of the unmasked picture.'),
    );
    this.motion.append(el('legend', undefined, undefined, 'Motion detection'), this.enabledRow, motionGrid, this.masks.root);
    const actions = el('div', 'rec-actions');
    actions.append(this.save, this.message, this.conflict.root);
    this.root.append(main, this.rolls, this.motion, actions);
    this.errorLines();
    for (const [key, input] of Object.entries(this.inputs)) input.setAttribute('aria-label', `${LABELS[key]} of ${camera}`);
    this.mode.addEventListener('change', () => this.showForMode());
    this.enabled.addEventListener('change', () => this.showForMode());
    this.root.addEventListener('submit', (event) => {
      event.preventDefault();
      void whileBusy(this.save, () => this.submit());
    });
    this.fill(current);
  }

  /** Under each field, the line where a refusal about it shows, read with the field (aria-describedby). */
  private errorLines(): void {
    const controls: Array<[string, HTMLElement]> = [['mode', this.mode], ['format', this.format], ...Object.entries(this.inputs)];
    for (const [key, control] of controls) this.controls.set(key, control);
    this.controls.set('motion.enabled', this.enabled);
    this.controls.set('motion.masks', this.masks.root);
    for (const [key, control] of this.controls) {
      const line = this.errors.line(key);
      line.id = `rec-${this.camera}-${key.replace('.', '-')}-error`;
      control.setAttribute('aria-describedby', line.id);
      // A checkbox's and the masks' line goes after their block; a field's inside its label, under its hint.
      if (key === 'motion.enabled') this.enabledRow.after(line);
      else if (key === 'motion.masks') control.after(line);
      else control.parentElement!.append(line);
    }
  }

  private fill(s: RecordingSettings): void {
    this.mode.value = s.mode;
    this.format.value = s.format;
    const i = this.inputs;
    for (const key of ['fps', 'retentionDays', 'quotaMb', 'preRollSeconds', 'postRollSeconds'] as const) i[key].value = String(s[key]);
    i['motion.fps'].value = String(s.motion.fps);
    i['motion.threshold'].value = String(s.motion.threshold);
    i['motion.minAreaPercent'].value = String(s.motion.minAreaPercent);
    this.enabled.checked = s.motion.enabled;
    this.masks.set(s.motion.masks);
    this.showForMode();
  }

  /** Pre/post-roll belong to motion mode; the motion part to any mode that records. */
  private showForMode(): void {
    const mode = this.mode.value as Mode;
    this.rolls.hidden = mode !== 'motion';
    this.motion.hidden = mode === 'off';
    this.enabledRow.hidden = mode !== 'continuous';
    const detects = mode === 'motion' || this.enabled.checked;
    for (const key of ['motion.fps', 'motion.threshold', 'motion.minAreaPercent'] as const) this.inputs[key].disabled = !detects;
    this.masks.setDisabled(!detects);
  }

  values(): FormValues {
    const i = this.inputs;
    return {
      mode: this.mode.value as Mode,
      format: this.format.value === 'jpeg' ? 'jpeg' : 'h264',
      fps: i.fps.value,
      retentionDays: i.retentionDays.value,
      quotaMb: i.quotaMb.value,
      preRollSeconds: i.preRollSeconds.value,
      postRollSeconds: i.postRollSeconds.value,
      motionEnabled: this.enabled.checked,
      motionFps: i['motion.fps'].value,
      threshold: i['motion.threshold'].value,
      minAreaPercent: i['motion.minAreaPercent'].value,
      masks: this.masks.masks,
    };
  }

  private say(text: string | null, tone: 'ok' | 'bad' = 'ok'): void {
    setText(this.message, text ?? '');
    this.message.hidden = !text;
    this.message.dataset.tone = tone;
  }

  private get path(): string {
    return `/api/cameras/${encodeURIComponent(this.camera)}/recording`;
  }

  /** A refused save changes nothing in the form: every value typed stays, the refusal beside its field and Save. */
  private async submit(): Promise<void> {
    for (const control of this.controls.values()) control.removeAttribute('aria-invalid');
    this.errors.clear();
    const change = changeOf(this.current, this.values());
    if (Object.keys(change).length === 0) {
      this.conflict.hide();
      return this.say('Nothing changed.');
    }
    this.say(null);
    const answer = await this.deps.put(this.path, this.revision ? { ...change, revision: this.revision } : change);
    if (!answer.ok) {
      if (answer.body.error === 'EDIT_CONFLICT') return this.conflicted();
      const key = answer.body.field ?? fieldOf(answer.body.message);
      const control = key ? this.controls.get(key) : undefined;
      if (key && control) {
        control.setAttribute('aria-invalid', 'true');
        this.errors.show(key, fieldMessage(answer.body.message));
        control.focus();
      }
      return this.say(refusalText(answer.body, answer.status), 'bad');
    }
    this.conflict.hide();
    const settings = parseStatus({ camera: this.camera, settings: answer.body.settings })?.settings;
    if (settings) this.current = settings;
    this.revision = parseRevised(answer.body).revision;
    this.fill(this.current);
    this.say('Saved: the relay uses these settings now.');
    this.deps.saved();
  }

  /** Another admin saved first: read what is saved now, say who and when, and let the person choose. */
  private async conflicted(): Promise<void> {
    const answer = await this.deps.get(this.path);
    const facts = answer.ok ? parseStatus(answer.body) : null;
    if (!answer.ok || !facts)
      return this.say(`Someone saved these settings after you opened them; nothing was saved. ${answer.ok ? '' : answer.body.message}`, 'bad');
    const theirs = parseRevised(answer.body);
    this.say(null);
    this.conflict.show(theirs, {
      reload: () => {
        this.current = facts.settings;
        this.revision = theirs.revision;
        this.fill(this.current);
        this.conflict.hide();
        this.say('Showing the settings saved now.');
      },
      // The form as the person sees it goes over theirs: the change is taken against what is saved now.
      mine: async () => {
        this.current = facts.settings;
        this.revision = theirs.revision;
        this.conflict.hide();
        await this.submit();
      },
    });
  }
}
