/** The Notifications forms' parts: a field with its error line, switches for cameras, event types and object alerts. */
import { NOTIFY_EVENTS, type NotifyEvent, type WebhookView } from '../../../shared/notifications.js';
import { el } from '../dom.js';

let lines = 0;

/**
 * `<label>` with the control and, under it, its hint (always shown, wrapped) and the line where a refusal about it is
 * shown, which a screen reader reads with the control (aria-describedby).
 */
export function checkedField(label: string, control: HTMLElement, error: HTMLElement, hint?: string): HTMLElement {
  error.id ||= `field-error-${++lines}`;
  control.setAttribute('aria-describedby', error.id);
  const wrap = el('label', 'field');
  wrap.append(el('span', 'field-label', undefined, label), control);
  if (hint) wrap.append(el('span', 'field-hint', undefined, hint));
  wrap.append(error);
  return wrap;
}

/** A form's buttons in one row across both columns. */
export function buttons(...nodes: HTMLElement[]): HTMLElement {
  const row = el('div', 'notify-actions notify-wide');
  row.append(...nodes);
  return row;
}

/** The error lines of a form, by the API's field names; a message about no field goes to `null`'s line. */
export class FieldErrors {
  private readonly lines = new Map<string | null, HTMLElement>();

  constructor(private readonly prefix: string) {}

  line(field: string | null): HTMLElement {
    let node = this.lines.get(field);
    if (!node) {
      node = el('span', 'field-error', `${this.prefix}-error-${field ?? 'form'}`);
      node.setAttribute('role', 'alert');
      node.hidden = true;
      this.lines.set(field, node);
    }
    return node;
  }

  /** Shows `message` beside `field` (or on the form's line when no line has that name); clears the others. */
  show(field: string | null | undefined, message: string): void {
    this.clear();
    const node = this.lines.get(field ?? null) ?? this.line(null);
    node.textContent = message;
    node.hidden = false;
  }

  clear(): void {
    for (const node of this.lines.values()) {
      node.textContent = '';
      node.hidden = true;
    }
  }
}

function box(testId: string, label: string, checked: boolean): { wrap: HTMLElement; input: HTMLInputElement } {
  const input = Object.assign(el('input', undefined, testId), { type: 'checkbox', checked });
  const wrap = el('label', 'notify-choice');
  wrap.append(input, el('span', undefined, undefined, label));
  return { wrap, input };
}

/** Which cameras: "All cameras", or the ones ticked. */
export class CameraSwitches {
  readonly root = el('div', 'notify-choices');
  // Until the first render: "All cameras", as a new rule starts.
  private all = Object.assign(el('input'), { type: 'checkbox', checked: true });
  private boxes = new Map<string, HTMLInputElement>();

  constructor(private readonly testId: string) {}

  /** `chosen` null: every camera. Ids the rule names that the relay does not know yet are listed too. */
  render(known: string[], chosen: string[] | null): void {
    const all = box(`${this.testId}-all`, 'All cameras', chosen === null);
    this.all = all.input;
    this.boxes = new Map();
    const wraps = [all.wrap];
    for (const id of [...new Set([...known, ...(chosen ?? [])])]) {
      const b = box(`${this.testId}-${id}`, id, chosen?.includes(id) ?? false);
      b.input.dataset.camera = id;
      b.input.disabled = chosen === null;
      this.boxes.set(id, b.input);
      wraps.push(b.wrap);
    }
    this.all.addEventListener('change', () => this.boxes.forEach((input) => (input.disabled = this.all.checked)));
    this.root.replaceChildren(...wraps);
  }

  value(): string[] | null {
    return this.all.checked ? null : [...this.boxes].filter(([, input]) => input.checked).map(([id]) => id);
  }

  set disabled(off: boolean) {
    this.root.querySelectorAll('input').forEach((input) => (input.disabled = off || (input !== this.all && this.all.checked)));
  }
}

/** Which event types: start, end. */
export class EventSwitches {
  readonly root = el('div', 'notify-choices');
  private readonly boxes = new Map<NotifyEvent, HTMLInputElement>();

  constructor(testId: string) {
    for (const type of NOTIFY_EVENTS) {
      const b = box(`${testId}-${type}`, type === 'start' ? 'Motion starts' : 'Motion ends', true);
      this.boxes.set(type, b.input);
      this.root.append(b.wrap);
    }
  }

  set(events: NotifyEvent[]): void {
    for (const [type, input] of this.boxes) input.checked = events.includes(type);
  }

  value(): NotifyEvent[] {
    return [...this.boxes].filter(([, input]) => input.checked).map(([type]) => type);
  }

  set disabled(off: boolean) {
    for (const input of this.boxes.values()) input.disabled = off;
  }
}

/** What a rule with labels hears of its objects (shared/notifications.ts `alerts`), in the order the form lists them. */
export type ObjectAlert = NonNullable<WebhookView['alerts']>[number];
const ALERT_WORDS: ReadonlyArray<[ObjectAlert, string]> = [
  ['objects', 'New objects'],
  ['loitering', 'Loitering'],
  ['left', 'Left the view'],
];

/** Which object alerts (new objects, loitering, left the view) and new-objects-only, for a rule with labels. */
export class AlertSwitches {
  readonly root = el('fieldset', 'notify-alerts notify-wide', 'webhook-alerts');
  private readonly boxes = new Map<ObjectAlert, HTMLInputElement>();
  private readonly newOnly: HTMLInputElement;

  constructor(testId: string, errors: FieldErrors) {
    const choices = el('div', 'notify-choices');
    for (const [alert, words] of ALERT_WORDS) {
      const b = box(`${testId}-alert-${alert}`, words, alert === 'objects');
      this.boxes.set(alert, b.input);
      choices.append(b.wrap);
    }
    const only = box(`${testId}-new-only`, 'New objects only (a parked car that moves again is not told twice)', false);
    this.newOnly = only.input;
    const alertsError = errors.line('alerts');
    const onlyError = errors.line('newObjectsOnly');
    alertsError.id ||= `${testId}-alerts-error`;
    onlyError.id ||= `${testId}-new-only-error`;
    choices.setAttribute('aria-describedby', alertsError.id);
    this.newOnly.setAttribute('aria-describedby', onlyError.id);
    this.root.append(el('legend', 'field-label', undefined, 'Alerts about these objects'), choices, alertsError, only.wrap, onlyError);
  }

  /** Fills from a rule: absent alerts are new objects only, as the relay reads them. */
  set(alerts: ObjectAlert[] | undefined, newObjectsOnly: boolean | undefined): void {
    for (const [alert, input] of this.boxes) input.checked = (alerts ?? ['objects']).includes(alert);
    this.newOnly.checked = newObjectsOnly ?? false;
  }

  value(): { alerts: ObjectAlert[]; newObjectsOnly: boolean } {
    return { alerts: [...this.boxes].filter(([, input]) => input.checked).map(([alert]) => alert), newObjectsOnly: this.newOnly.checked };
  }

  /** Hidden (and out of the tab order) for a rule without labels, which hears motion, not objects. */
  set hidden(off: boolean) {
    this.root.hidden = off;
  }
}

/** `new objects, loitering` and `new objects only`; nothing for the default (new objects, each time it moves). */
function describeAlerts({ alerts, newObjectsOnly }: Pick<WebhookView, 'alerts' | 'newObjectsOnly'>): string[] {
  const heard =
    alerts && !(alerts.length === 1 && alerts[0] === 'objects')
      ? [
          ALERT_WORDS.filter(([a]) => alerts.includes(a))
            .map(([, w]) => w.toLowerCase())
            .join(', '),
        ]
      : [];
  return [...heard, ...(newObjectsOnly ? ['new objects only'] : [])];
}

/**
 * `all cameras` or `porch, garden`; `starts and ends`, `starts`, `ends`; or, for a rule with labels,
 * the objects it hears of: `person, vehicle`, `in Driveway`, and its alerts when more than new objects.
 */
export function describeSwitches(
  cameras: string[] | null,
  events: NotifyEvent[],
  labels: string[] | null = null,
  zones: string[] | null = null,
  alerts: Pick<WebhookView, 'alerts' | 'newObjectsOnly'> = {},
): string {
  const which = cameras === null ? 'all cameras' : cameras.length === 0 ? 'no camera' : cameras.join(', ');
  if (labels) return [which, labels.join(', '), ...(zones ? [`in ${zones.join(', ')}`] : []), ...describeAlerts(alerts)].join(' · ');
  const when = events.length === 2 ? 'starts and ends' : events[0] === 'start' ? 'starts only' : 'ends only';
  return `${which} · ${when}`;
}

/** The words of a comma-separated field (`person, vehicle`), each once, at most `max`; null when there are none. */
export function listOf(text: string, max = 100): string[] | null {
  const words = [
    ...new Set(
      text
        .split(',')
        .map((w) => w.trim())
        .filter(Boolean),
    ),
  ].slice(0, max);
  return words.length ? words : null;
}
