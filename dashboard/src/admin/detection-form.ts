/**
 * One camera's object detection as a form (#39): on/off, the rate and what it costs, the labels
 * followed with a min score each, the zones drawn on the picture, and which events are alerts on the
 * review page. The change is checked with
 * the relay's own rules before it is sent; a refusal (ours or the relay's 400, which names its
 * field) is shown under the field at fault, with its words. A save sends only the keys changed, with
 * the revision the form was built at: another admin's save since is shown (409 EDIT_CONFLICT), not overwritten.
 */
import { RATE_LIMITS } from '../../../common/detect/detect-settings.js';
import type { ApiResult } from '../api.js';
import { el, setText } from '../dom.js';
import { button, field, textInput, whileBusy } from './admin-markup.js';
import { AlertFields } from './alert-fields.js';
import { EditConflict, parseRevised, type Revised } from './edit-conflict.js';
import { changeOf, checkChange, costPercent, costText, parseAnswer, refusalOf, type DetectionFacts, type Refusal } from './detection-data.js';
import { LabelRows } from './label-rows.js';
import { ZoneEditor } from './zone-editor.js';

export interface DetectionFormDeps {
  put(path: string, body: unknown): Promise<ApiResult<unknown>>;
  /** Reads what is saved now, after a save was refused as stale. */
  get(path: string): Promise<ApiResult<unknown>>;
  /** The camera's current picture, for the zones. */
  snapshotUrl: string;
  /** After a save the relay accepted, with its answer. */
  saved(facts: DetectionFacts): void;
}

/** The fields a refusal can name (`error.field`), each with the line its words go in. */
const FIELDS = ['enabled', 'rate', 'labels', 'filters', 'zones', 'alerts', 'plates', 'faces'] as const;
type Field = (typeof FIELDS)[number];

export class DetectionForm {
  readonly root = el('form', 'rec-form det-form', 'det-form');
  private readonly enabled = Object.assign(el('input', undefined, 'det-enabled'), { type: 'checkbox' });
  private readonly plates = Object.assign(el('input', undefined, 'det-plates'), { type: 'checkbox' });
  private readonly faces = Object.assign(el('input', undefined, 'det-faces'), { type: 'checkbox' });
  private readonly rate = textInput('det-rate', {
    type: 'number',
    inputmode: 'decimal',
    min: String(RATE_LIMITS[0]),
    max: String(RATE_LIMITS[1]),
    step: 'any',
  });
  private readonly cost = el('p', 'det-cost', 'det-cost');
  private readonly labelRows: LabelRows;
  private readonly zones: ZoneEditor;
  private readonly alerts: AlertFields;
  private readonly errors = new Map<Field, HTMLElement>();
  private readonly save = button('button-primary', 'det-save', 'Save', 'submit');
  private readonly message = el('p', 'rec-message', 'det-message');
  private readonly conflict = new EditConflict();
  /** The revision the form's settings were read at: a save sends it, so one made since is not overwritten. */
  private revision: string | null;

  constructor(
    private readonly camera: string,
    private facts: DetectionFacts,
    private readonly deps: DetectionFormDeps,
    revised: Revised = { revision: null, savedBy: null, savedAt: null },
  ) {
    this.revision = revised.revision;
    this.root.noValidate = true;
    this.root.dataset.cameraId = camera;
    this.message.setAttribute('role', 'alert');
    this.message.hidden = true;
    this.alerts = new AlertFields(camera);
    this.errors.set('alerts', this.alerts.error);
    for (const f of FIELDS) {
      if (f === 'alerts') continue;
      const line = el('p', 'det-field-error', `det-error-${f}`);
      line.setAttribute('role', 'alert');
      line.hidden = true;
      this.errors.set(f, line);
    }
    this.zones = new ZoneEditor(deps.snapshotUrl, facts.settings.zones);
    const enabledRow = el('label', 'rec-check');
    enabledRow.append(this.enabled, el('span', undefined, undefined, 'Detect objects (people, vehicles…) while motion lasts'));
    const rateField = field('Detections per second', this.rate);
    rateField.append(el('span', 'rec-hint', undefined, `While motion lasts, ${RATE_LIMITS[0]}-${RATE_LIMITS[1]}; fewer is cheaper.`));
    this.rate.setAttribute('aria-label', `Detections per second of ${camera}`);
    this.labelRows = new LabelRows(camera, [this.errors.get('labels')!, this.errors.get('filters')!], (labels) => this.alerts.follow(labels, this.zoneNames));
    const platesRow = el('label', 'rec-check');
    platesRow.append(this.plates, el('span', undefined, undefined, 'Read the licence plates of vehicles it follows (kept with their events)'));
    const facesRow = el('label', 'rec-check');
    facesRow.append(this.faces, el('span', undefined, undefined, 'Recognise the faces of people it follows, by Settings → Faces (kept with their events)'));
    const zoneSet = el('fieldset', 'rec-motion');
    zoneSet.append(el('legend', undefined, undefined, 'Zones'), this.zones.root, this.errors.get('zones')!);
    const actions = el('div', 'rec-actions');
    actions.append(this.save, this.message, this.conflict.root);
    this.root.append(
      enabledRow,
      this.errors.get('enabled')!,
      rateField,
      this.errors.get('rate')!,
      this.cost,
      this.labelRows.root,
      platesRow,
      this.errors.get('plates')!,
      facesRow,
      this.errors.get('faces')!,
      zoneSet,
      this.alerts.root,
      actions,
    );
    // The alert's boxes follow the zones as they are drawn, named and removed.
    for (const type of ['input', 'click', 'keyup']) this.zones.root.addEventListener(type, () => this.alerts.follow(this.labelRows.labels, this.zoneNames));
    this.rate.addEventListener('input', () => this.showCost());
    this.root.addEventListener('submit', (event) => {
      event.preventDefault();
      void whileBusy(this.save, () => this.submit());
    });
    this.fill(facts);
  }

  /** The relay's newer status (a refresh): the cost follows it; typed values stay, and so do the settings a save is taken against. */
  setFacts(facts: DetectionFacts): void {
    this.facts = { ...facts, settings: this.facts.settings };
    this.showCost();
  }

  private fill(f: DetectionFacts): void {
    const s = f.settings;
    this.enabled.checked = s.enabled;
    this.plates.checked = s.plates;
    this.faces.checked = s.faces;
    this.rate.value = String(s.rate);
    this.zones.set(s.zones);
    this.labelRows.set(s);
    this.alerts.set(s.alerts, this.labelRows.labels, this.zoneNames);
    this.showCost();
  }

  private showCost(): void {
    const typed = Number(this.rate.value);
    setText(this.cost, costText(costPercent(this.facts.status, this.facts.settings.rate, typed), this.facts.status.where));
  }

  private get zoneNames(): string[] {
    return this.zones.zones.map((z) => z.name);
  }

  private showRefusal(r: Refusal | null): void {
    for (const [f, line] of this.errors) {
      const here = r?.field === f;
      setText(line, here ? r.message : '');
      line.hidden = !here;
    }
    if (r?.field === 'rate') this.rate.setAttribute('aria-invalid', 'true');
    else this.rate.removeAttribute('aria-invalid');
    this.labelRows.mark(r);
    this.zones.mark(r?.field === 'zones' && typeof r.item === 'number' ? r.item : null);
    // A refusal of no field the form has: its words beside Save.
    if (r && !FIELDS.includes(r.field as Field)) this.say(r.message, 'bad');
    else if (r) this.say('Not saved: correct the field marked above.', 'bad');
    if (r?.field === 'rate') this.rate.focus();
  }

  private say(text: string | null, tone: 'ok' | 'bad' = 'ok'): void {
    setText(this.message, text ?? '');
    this.message.hidden = !text;
    this.message.dataset.tone = tone;
  }

  private async submit(): Promise<void> {
    this.showRefusal(null);
    this.say(null);
    const current = this.facts.settings;
    const change = changeOf(current, {
      enabled: this.enabled.checked,
      rate: this.rate.value,
      labels: this.labelRows.labels,
      minScores: this.labelRows.minScores,
      zones: this.zones.zones,
      alerts: this.alerts.value,
      plates: this.plates.checked,
      faces: this.faces.checked,
    });
    if (Object.keys(change).length === 0) {
      this.conflict.hide();
      return this.say('Nothing changed.');
    }
    const mine = checkChange(current, change);
    if (mine) return this.showRefusal(mine);
    const answer = await this.deps.put(this.path, this.revision ? { ...change, revision: this.revision } : change);
    if (!answer.ok) {
      if (answer.body.error === 'EDIT_CONFLICT') return this.conflicted();
      return this.showRefusal(refusalOf(answer.body, answer.status));
    }
    this.conflict.hide();
    const facts = parseAnswer(answer.body);
    if (!facts) return this.say('The relay saved, but its answer could not be read: close and open the Admin to see the settings.', 'bad');
    this.facts = facts;
    this.revision = parseRevised(answer.body).revision;
    this.fill(facts);
    this.say('Saved: the relay uses these settings now.');
    this.deps.saved(facts);
  }

  private get path(): string {
    return `/api/cameras/${encodeURIComponent(this.camera)}/detection`;
  }

  /** Another admin saved first: read what is saved now, say who and when, and let the person choose. */
  private async conflicted(): Promise<void> {
    const answer = await this.deps.get(this.path);
    const facts = answer.ok ? parseAnswer(answer.body) : null;
    if (!answer.ok || !facts)
      return this.say(`Someone saved these settings after you opened them; nothing was saved. ${answer.ok ? '' : answer.body.message}`, 'bad');
    const theirs = parseRevised(answer.body);
    this.conflict.show(theirs, {
      reload: () => {
        this.facts = facts;
        this.revision = theirs.revision;
        this.fill(facts);
        this.conflict.hide();
        this.say('Showing the settings saved now.');
      },
      // The form as the person sees it goes over theirs: the change is taken against what is saved now.
      mine: async () => {
        this.facts = facts;
        this.revision = theirs.revision;
        this.conflict.hide();
        await this.submit();
      },
    });
  }
}
