/**
 * The detection form's "Alerts on the review page" (#57 item 4, docs/review.md): which followed labels
 * make an event an alert, and in which of the camera's zones (none ticked: anywhere). The boxes follow
 * the labels and zones being edited above them; a ticked name that is no longer there is dropped.
 */
import { el } from '../dom.js';
import { nameWords, type AlertRule, type TrackedName } from './detection-data.js';
import './notifications.css';

function box(testId: string, value: string, label: string, checked: boolean): HTMLLabelElement {
  const input = Object.assign(el('input', undefined, testId), { type: 'checkbox', checked, value });
  const wrap = el('label', 'notify-choice');
  wrap.append(input, el('span', undefined, undefined, label));
  return wrap;
}

/** The values of the ticked boxes of `root`. */
const ticked = (root: HTMLElement) => [...root.querySelectorAll<HTMLInputElement>('input:checked')].map((i) => i.value);

export class AlertFields {
  readonly root = el('fieldset', 'rec-motion det-alerts', 'det-alerts');
  readonly error = el('p', 'det-field-error', 'det-error-alerts');
  private readonly labels = el('div', 'notify-choices', 'det-alert-labels');
  private readonly zones = el('div', 'notify-choices', 'det-alert-zones');
  private readonly zoneNote = el('p', 'rec-hint');
  /** The zone names the boxes were last drawn for, in the editor's order. */
  private shown: readonly string[] = [];

  constructor(camera: string) {
    this.error.setAttribute('role', 'alert');
    this.error.hidden = true;
    this.labels.setAttribute('role', 'group');
    this.labels.setAttribute('aria-label', `Labels that make an alert on ${camera}`);
    this.zones.setAttribute('role', 'group');
    this.zones.setAttribute('aria-label', `Zones an alert must be in on ${camera}`);
    this.root.append(
      el('legend', undefined, undefined, 'Alerts on the review page'),
      el('p', 'rec-hint', undefined, 'An event with one of these objects is an alert; other objects make it a detection.'),
      this.labels,
      el('p', 'rec-hint', undefined, 'In zones (none ticked: anywhere in the picture):'),
      this.zones,
      this.zoneNote,
      this.error,
    );
  }

  /** Shows `rule` over the labels followed and the zones drawn; a label of the rule not followed is shown too, so it is not lost unseen. */
  set(rule: AlertRule, followed: readonly TrackedName[], zones: readonly string[]): void {
    this.render(rule, followed, zones);
  }

  /** Follows an edit of the labels or zones above, keeping what is ticked: a zone renamed (same place in the list, same count) stays ticked. */
  follow(followed: readonly TrackedName[], zones: readonly string[]): void {
    const rule = this.value;
    if (zones.length === this.shown.length) {
      const kept = new Set(rule.zones);
      rule.zones = zones.filter((z, i) => kept.has(z) || kept.has(this.shown[i]!));
    }
    this.render(rule, followed, zones);
  }

  /** The rule as ticked. */
  get value(): AlertRule {
    return { labels: ticked(this.labels) as TrackedName[], zones: ticked(this.zones) };
  }

  private render(rule: AlertRule, followed: readonly TrackedName[], zones: readonly string[]): void {
    const names = [...new Set([...followed, ...rule.labels])];
    this.labels.replaceChildren(...names.map((n) => box('det-alert-label', n, nameWords(n), rule.labels.includes(n))));
    const chosen = new Set(rule.zones.map((z) => z.toLowerCase()));
    this.shown = [...zones];
    const drawn = zones.filter((z) => z.trim() !== '');
    this.zones.replaceChildren(...drawn.map((z) => box('det-alert-zone', z, z, chosen.has(z.toLowerCase()))));
    this.zoneNote.textContent = drawn.length ? '' : 'This camera has no zones: draw one above to limit alerts to it.';
    this.zoneNote.hidden = drawn.length > 0;
  }
}
