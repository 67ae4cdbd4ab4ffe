/**
 * The review page's filter row: camera, label and zone (their choices from the day's items), time of
 * day from/to, and the search box. On a phone it folds behind a "Filters" button that says how many
 * are set, so the cards start near the top.
 */
import { el } from '../dom.js';
import { labelWords } from '../playback/event-labels.js';
import { NO_FILTER, parseMinute, SEARCH_MAX_LENGTH, type ReviewFilter } from './review-filters.js';

type Filters = Omit<ReviewFilter, 'severity'>;

/** How many filters are set: the phone's "Filters (2)". */
export function setCount(f: Filters): number {
  return [f.camera, f.label, f.zone, f.search.trim()].filter(Boolean).length + (f.fromMinute !== null || f.toMinute !== null ? 1 : 0);
}

export class ReviewFilterBar {
  readonly root = el('div', 'rv-filters', 'review-filters');
  /** The phone's fold: shown by review.css under 760 px only. */
  readonly toggle = el('button', 'bar-button rv-filters-toggle', 'review-filters-toggle', 'Filters');
  private readonly camera = el('select', 'ev-camera', 'review-camera-filter');
  private readonly label = el('select', 'ev-camera', 'review-label-filter');
  private readonly zone = el('select', 'ev-camera', 'review-zone-filter');
  private readonly from = el('input', 'ev-camera rv-time', 'review-from');
  private readonly to = el('input', 'ev-camera rv-time', 'review-to');
  private readonly search = el('input', 'ev-camera rv-search', 'review-search');
  private readonly clear = el('button', 'bar-button', 'review-clear', 'Clear filters');

  /** `onChange` is told every change, with the filters as they now are. */
  constructor(
    private readonly cameraName: (id: string) => string,
    private readonly onChange: (f: Filters) => void,
  ) {
    this.toggle.type = 'button';
    this.toggle.setAttribute('aria-expanded', 'false');
    this.toggle.setAttribute('aria-controls', 'review-filters');
    this.root.id = 'review-filters';
    this.toggle.addEventListener('click', () => {
      const open = !this.root.hasAttribute('data-open');
      this.root.toggleAttribute('data-open', open);
      this.toggle.setAttribute('aria-expanded', String(open));
    });
    const labelled = (text: string, control: HTMLElement) => {
      const l = el('label', 'rv-field');
      l.append(el('span', 'rv-field-name', undefined, text), control);
      return l;
    };
    for (const input of [this.from, this.to]) input.type = 'time';
    this.search.type = 'search';
    this.search.placeholder = 'person driveway…';
    this.search.maxLength = SEARCH_MAX_LENGTH;
    this.search.autocomplete = 'off';
    this.clear.type = 'button';
    this.clear.addEventListener('click', () => this.reset());
    for (const c of [this.camera, this.label, this.zone, this.from, this.to]) c.addEventListener('change', () => this.changed());
    this.search.addEventListener('input', () => this.changed());
    this.root.append(
      labelled('Search', this.search),
      labelled('Camera', this.camera),
      labelled('Label', this.label),
      labelled('Zone', this.zone),
      labelled('From', this.from),
      labelled('To', this.to),
      this.clear,
    );
    this.setOptions({ cameras: [], labels: [], zones: [] });
  }

  get value(): Filters {
    return {
      camera: this.camera.value,
      label: this.label.value,
      zone: this.zone.value,
      fromMinute: parseMinute(this.from.value),
      toMinute: parseMinute(this.to.value),
      search: this.search.value,
    };
  }

  /** The choices of the day's items; a chosen one the day lacks stays, so the filter does not change under the person. */
  setOptions(o: { cameras: string[]; labels: string[]; zones: string[] }): void {
    fill(this.camera, 'All cameras', o.cameras, this.cameraName);
    fill(this.label, 'All labels', o.labels, labelWords);
    fill(this.zone, 'All zones', o.zones, (z) => z);
    this.showCount();
  }

  private reset(): void {
    this.camera.value = NO_FILTER.camera;
    this.label.value = NO_FILTER.label;
    this.zone.value = NO_FILTER.zone;
    this.from.value = '';
    this.to.value = '';
    this.search.value = '';
    this.changed();
  }

  private changed(): void {
    this.showCount();
    this.onChange(this.value);
  }

  private showCount(): void {
    const n = setCount(this.value);
    this.toggle.textContent = n ? `Filters (${n})` : 'Filters';
    this.clear.disabled = n === 0;
  }
}

function fill(select: HTMLSelectElement, all: string, values: readonly string[], words: (v: string) => string): void {
  const chosen = select.value;
  const list = chosen && !values.includes(chosen) ? [...values, chosen] : values;
  select.replaceChildren(new Option(all, ''), ...list.map((v) => new Option(words(v), v)));
  select.value = chosen;
}
