/**
 * Notifications on the settings page (#31): the webhook rules (the config file's read-only), each
 * with its switches, "Send a test event" and what came of it in words; a form to add or edit one.
 * The MQTT broker is set under Home Assistant (#42), linked from here. Header values are never shown: only `(set)`.
 */
import type { MqttView, NotificationSettings, TestOutcome, WebhookView } from '../../../shared/notifications.js';
import { el } from '../dom.js';
import { adminSection, button, whileBusy, type AdminViewDeps } from './admin-markup.js';
import { describeSwitches } from './notify-fields.js';
import { WebhookForm } from './webhook-form.js';
import { settingsRoute } from '../settings/settings-route.js';
import './notifications.css';
import './ha-offsite.css';

/** The relay's answer, if it has the shape this view reads; else null (shown as an error, not half-drawn). */
export function parseNotifications(value: unknown): NotificationSettings | null {
  const v = value as Partial<NotificationSettings> | null;
  if (!v || !Array.isArray(v.webhooks) || !Array.isArray(v.cameras) || typeof v.mqtt !== 'object' || v.mqtt === null) return null;
  const webhooks = v.webhooks.filter((w): w is WebhookView => typeof w?.id === 'string' && typeof w.url === 'string' && Array.isArray(w.events));
  return { webhooks, cameras: v.cameras.filter((c): c is string => typeof c === 'string'), mqtt: v.mqtt as MqttView };
}

/** Where the MQTT broker is set now: motion events go over it too, but Home Assistant is what most set it for. */
function mqttPointer(): HTMLElement {
  const p = el('p', 'diag-note', 'notify-mqtt-moved', 'The MQTT broker (motion events on MQTT, Home Assistant’s devices) is set under ');
  const link = el('a', undefined, 'notify-mqtt-link', 'Home Assistant');
  link.href = settingsRoute('home-assistant');
  p.append(link, '.');
  return p;
}

export class NotificationsView {
  readonly root: HTMLElement;
  private readonly list = el('ul', 'notify-list', 'webhook-list');
  private readonly empty = el('p', 'diag-note', 'webhook-empty', 'No webhooks yet: add one below.');
  private readonly form: WebhookForm;

  constructor(private readonly deps: AdminViewDeps) {
    this.form = new WebhookForm(deps, () => this.load());
    const note = el(
      'p',
      'diag-note',
      undefined,
      'Motion events go to these receivers as they start and end; a rule with labels hears instead of each object a camera’s detection finds (a person, a car). Rules from the config file are shown here but changed there; header values (tokens) and the MQTT password are kept on the relay and never shown again.',
    );
    this.root = adminSection('Notifications', [
      note,
      el('h4', 'notify-subhead', undefined, 'Webhooks'),
      this.list,
      this.empty,
      this.form.root,
      el('h4', 'notify-subhead', undefined, 'MQTT'),
      mqttPointer(),
    ]);
  }

  async load(): Promise<void> {
    const answer = await this.deps.api.get<unknown>('/api/admin/notifications');
    if (!answer.ok) return this.deps.report(answer.body.message);
    const view = parseNotifications(answer.body);
    if (!view) return this.deps.report('The relay sent notifications this page cannot read.');
    this.list.replaceChildren(...view.webhooks.map((w) => this.item(w)));
    this.empty.hidden = view.webhooks.length > 0;
    this.form.setCameras(view.cameras);
  }

  private item(w: WebhookView): HTMLLIElement {
    const li = el('li', 'notify-item');
    li.dataset.webhookId = w.id;
    const fromFile = w.source === 'config';
    const headers = Object.keys(w.headers).map((name) => `${name}: ${w.headers[name]}`);
    const what = [w.format === 'ntfy' ? 'ntfy' : 'JSON', ...headers, ...(fromFile ? ['from the config file'] : []), ...(w.enabled ? [] : ['off'])];
    li.append(
      el('span', 'notify-url', 'webhook-url-text', w.url),
      el('span', 'notify-what', 'webhook-what', what.join(' · ')),
      el('span', 'notify-what', 'webhook-switches', describeSwitches(w.cameras, w.events, w.labels ?? null, w.zones ?? null, w)),
    );
    const outcome = el('span', 'notify-outcome', 'webhook-outcome');
    const actions = el('div', 'notify-actions');
    const test = button('diag-button', 'webhook-test', 'Send a test event');
    test.addEventListener('click', () => void whileBusy(test, () => this.test(w.id, outcome)));
    actions.append(test);
    if (!fromFile) {
      const on = Object.assign(el('input', undefined, 'webhook-on'), { type: 'checkbox', checked: w.enabled });
      on.addEventListener('change', () => void this.switchOn(w, on));
      const label = el('label', 'notify-choice');
      label.append(on, el('span', undefined, undefined, 'On'));
      actions.append(label);
      const edit = button('diag-button', 'webhook-edit', 'Edit');
      edit.addEventListener('click', () => this.form.edit(w));
      const remove = button('diag-button admin-danger', 'webhook-delete', 'Delete');
      remove.addEventListener('click', () => void whileBusy(remove, () => this.remove(w)));
      actions.append(edit, remove);
    }
    li.append(actions, outcome);
    return li;
  }

  private async test(id: string, outcome: HTMLElement): Promise<void> {
    outcome.textContent = 'Sending a test event…';
    delete outcome.dataset.delivered;
    const answer = await this.deps.api.post<TestOutcome>(`/api/admin/notifications/webhooks/${encodeURIComponent(id)}/test`, {});
    outcome.textContent = answer.ok ? answer.body.outcome : answer.body.message;
    outcome.dataset.delivered = String(answer.ok && answer.body.delivered);
  }

  /** The list's on/off switch: the rule as it is, headers sent empty (which keeps them), switched. */
  private async switchOn(w: WebhookView, on: HTMLInputElement): Promise<void> {
    on.disabled = true;
    this.deps.report(null);
    const headers = Object.fromEntries(Object.keys(w.headers).map((name) => [name, '']));
    // With the rule's revision: a switch flipped on an old list does not undo another admin's edit (EDIT_CONFLICT is said, the list read again).
    const body = {
      url: w.url,
      format: w.format,
      events: w.events,
      headers,
      enabled: on.checked,
      ...(w.cameras ? { cameras: w.cameras } : {}),
      ...(w.revision ? { revision: w.revision } : {}),
    };
    const answer = await this.deps.api.put<unknown>(`/api/admin/notifications/webhooks/${encodeURIComponent(w.id)}`, body);
    if (!answer.ok) this.deps.report(answer.body.message);
    await this.load();
  }

  private async remove(w: WebhookView): Promise<void> {
    if (!this.deps.confirm(`Delete the webhook to ${w.url}? Its receiver hears of no more events.`)) return;
    this.deps.report(null);
    const answer = await this.deps.api.delete<unknown>(`/api/admin/notifications/webhooks/${encodeURIComponent(w.id)}`);
    if (!answer.ok) return this.deps.report(answer.body.message);
    await this.load();
  }
}
