/**
 * The detection form's "Objects to follow" (#39): one row per followed name (its chip, its min score,
 * remove), then a picker of the rest by group and by COCO label. The form reads `labels` and
 * `minScores` when it saves, and marks a row the relay refused.
 */
import type { DetectSettings } from '../../../common/detect/detect-settings.js';
import { el } from '../dom.js';
import { labelChip } from '../playback/event-labels.js';
import { button, textInput } from './admin-markup.js';
import { defaultMinScore, namesToAdd, nameWords, type Refusal, type TrackedName } from './detection-data.js';

export class LabelRows {
  readonly root = el('fieldset', 'rec-motion det-label-set');
  private readonly rows = el('div', 'det-labels', 'det-labels');
  private readonly picker = el('select', 'field-input det-picker', 'det-add-label');
  labels: TrackedName[] = [];
  minScores: Partial<Record<TrackedName, string>> = {};

  /** `errors`: the lines the labels' and filters' refusals go in; `changed`: told when the names followed change. */
  constructor(
    camera: string,
    errors: HTMLElement[],
    private readonly changed: (labels: TrackedName[]) => void,
  ) {
    this.picker.setAttribute('aria-label', `Follow another label on ${camera}`);
    this.root.append(
      el('legend', undefined, undefined, 'Objects to follow'),
      el('p', 'rec-hint', undefined, 'Other objects are ignored. Min score: how sure the detector must be (0.05-1); blank keeps the default shown.'),
      this.rows,
      this.picker,
      ...errors,
    );
    this.picker.addEventListener('change', () => {
      const name = this.picker.value as TrackedName;
      if (name && !this.labels.includes(name)) this.labels.push(name);
      this.render();
    });
  }

  set(s: Pick<DetectSettings, 'labels' | 'filters'>): void {
    this.labels = [...s.labels];
    this.minScores = {};
    for (const name of s.labels) {
      const min = s.filters[name]?.minScore;
      if (min !== undefined) this.minScores[name] = String(min);
    }
    this.render();
  }

  /** Marks the min score the relay refused (all of them when it named none). */
  mark(r: Refusal | null): void {
    this.rows.querySelectorAll<HTMLElement>('[data-testid="det-label-row"]').forEach((row) => {
      const input = row.querySelector('input')!;
      if (r?.field === 'filters' && (r.item === row.dataset.label || r.item === null)) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    });
  }

  /** One row per followed name (chip, min score, remove), then the picker of the rest. */
  private render(): void {
    this.rows.replaceChildren(
      ...this.labels.map((name) => {
        const row = el('div', 'det-label-row', 'det-label-row');
        row.dataset.label = name;
        const min = textInput('det-min-score', { type: 'number', inputmode: 'decimal', min: '0.05', max: '1', step: 'any' });
        min.placeholder = String(defaultMinScore(name));
        min.value = this.minScores[name] ?? '';
        min.setAttribute('aria-label', `Min score for ${name}`);
        min.addEventListener('input', () => (this.minScores[name] = min.value));
        const remove = button('mask-remove det-label-remove', 'det-label-remove', '×');
        remove.setAttribute('aria-label', `Stop following ${name}`);
        remove.addEventListener('click', () => {
          this.labels = this.labels.filter((l) => l !== name);
          this.render();
        });
        const minField = el('label', 'det-min');
        minField.append(el('span', 'rec-hint', undefined, 'min score'), min);
        row.append(labelChip(name, 'det-label'), minField, remove);
        return row;
      }),
    );
    const { groups, labels } = namesToAdd(this.labels);
    const group = (title: string, names: TrackedName[]) => {
      const node = el('optgroup');
      node.label = title;
      node.append(...names.map((n) => new Option(nameWords(n, true), n)));
      return node;
    };
    this.picker.replaceChildren(new Option('Follow another…', ''), group('Common', groups), group('Every COCO label', labels));
    this.picker.value = '';
    this.changed(this.labels);
  }
}
