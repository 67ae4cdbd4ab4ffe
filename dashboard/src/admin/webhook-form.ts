/**
 * Adding or editing one webhook rule: URL, format, one header (a receiver's token), cameras, event
 * types or the detected objects it hears of (labels, zones, which alerts, new objects only), on/off. A header's value is never
 * shown back: editing leaves it empty, which keeps it.
 */
import { SECRET_SET, type WebhookView } from '../../../shared/notifications.js';
import { el } from '../dom.js';
import { button, textInput, whileBusy, type AdminViewDeps } from './admin-markup.js';
import { EditConflict, parseRevised } from './edit-conflict.js';
import { AlertSwitches, buttons, CameraSwitches, checkedField, EventSwitches, FieldErrors, listOf } from './notify-fields.js';
import { takeSecrets } from './secret-fields.js';

export class WebhookForm {
  readonly root = el('form', 'admin-form notify-form', 'webhook-form');
  private readonly title = el('h4', 'notify-subhead', 'webhook-form-title', 'Add a webhook');
  private readonly url = textInput('webhook-url', { required: '', maxlength: '2048', placeholder: 'https://ntfy.sh/my-hard-to-guess-topic' });
  private readonly format = el('select', 'field-input', 'webhook-format');
  private readonly headerName = textInput('webhook-header-name', { maxlength: '64', placeholder: 'Authorization' });
  private readonly headerValue = textInput('webhook-header-value', { maxlength: '4096', type: 'password', placeholder: 'Bearer …' });
  private readonly cameras = new CameraSwitches('webhook-camera');
  private readonly events = new EventSwitches('webhook-event');
  private readonly labels = textInput('webhook-labels', { maxlength: '400', placeholder: 'person, vehicle (empty: motion)' });
  private readonly zones = textInput('webhook-zones', { maxlength: '700', placeholder: 'Driveway (empty: anywhere)' });
  private readonly enabled = Object.assign(el('input', undefined, 'webhook-enabled'), { type: 'checkbox', checked: true });
  private readonly save = button('diag-button', 'webhook-save', 'Add webhook', 'submit');
  private readonly cancel = button('diag-button', 'webhook-cancel', 'Cancel');
  private readonly errors = new FieldErrors('webhook');
  private readonly alerts = new AlertSwitches('webhook', this.errors);
  /** Another admin saved the rule being edited first: said under the buttons, with both ways out. */
  private readonly conflict = new EditConflict();
  private editing: WebhookView | null = null;
  private known: string[] = [];

  constructor(
    private readonly deps: AdminViewDeps,
    private readonly saved: () => Promise<void>,
  ) {
    this.format.append(new Option('JSON', 'json'), new Option('ntfy (plain text)', 'ntfy'));
    const on = el('label', 'notify-choice');
    on.append(this.enabled, el('span', undefined, undefined, 'On'));
    const e = (name: string) => this.errors.line(name);
    const wide = (node: HTMLElement) => {
      node.classList.add('notify-wide');
      return node;
    };
    this.root.append(
      wide(this.title),
      wide(checkedField('URL', this.url, e('url'))),
      checkedField('Format', this.format, e('format')),
      checkedField('Header name', this.headerName, el('span')),
      wide(checkedField('Header value (a token: write-only)', this.headerValue, e('headers'))),
      wide(checkedField('Cameras', this.cameras.root, e('cameras'))),
      wide(checkedField('Events', this.events.root, e('events'))),
      checkedField('Objects (labels)', this.labels, e('labels')),
      checkedField('Only in zones', this.zones, e('zones')),
      this.alerts.root,
      on,
      wide(this.errors.line(null)),
      buttons(this.save, this.cancel),
      this.conflict.root,
    );
    this.conflict.root.classList.add('notify-wide');
    this.cancel.hidden = true;
    // A rule with labels hears objects, not motion's starts and ends: the switches would say nothing.
    this.labels.addEventListener('input', () => this.objectsChanged());
    this.objectsChanged();
    this.cancel.addEventListener('click', () => this.edit(null));
    this.root.addEventListener('submit', (event) => {
      event.preventDefault();
      void whileBusy(this.save, () => this.submit());
    });
  }

  /** The cameras the relay knows, for the switches (the form keeps what is ticked when it is not editing). */
  setCameras(known: string[]): void {
    this.known = known;
    if (!this.editing) this.cameras.render(known, this.cameras.value());
  }

  /** Fills the form with `rule` to edit it, or empties it to add one. */
  edit(rule: WebhookView | null): void {
    this.editing = rule;
    this.errors.clear();
    this.conflict.hide();
    this.title.textContent = rule ? `Edit webhook ${rule.url}` : 'Add a webhook';
    this.save.textContent = rule ? 'Save webhook' : 'Add webhook';
    this.cancel.hidden = !rule;
    this.url.value = rule?.url ?? '';
    this.format.value = rule?.format ?? 'json';
    const header = rule ? Object.keys(rule.headers)[0] : undefined;
    this.headerName.value = header ?? '';
    this.headerValue.value = '';
    this.headerValue.placeholder = header ? `${SECRET_SET}: empty keeps it` : 'Bearer …';
    this.cameras.render(this.known, rule?.cameras ?? null);
    this.events.set(rule?.events ?? ['start', 'end']);
    this.labels.value = rule?.labels?.join(', ') ?? '';
    this.zones.value = rule?.zones?.join(', ') ?? '';
    this.alerts.set(rule?.alerts, rule?.newObjectsOnly);
    this.objectsChanged();
    this.enabled.checked = rule?.enabled ?? true;
    if (rule) this.url.focus();
  }

  private objectsChanged(): void {
    const objects = listOf(this.labels.value) !== null;
    this.events.disabled = objects;
    this.zones.disabled = !objects;
    this.alerts.hidden = !objects;
  }

  private async submit(): Promise<void> {
    this.errors.clear();
    // Headers the form does not show are sent empty, which keeps them; the one it shows, as typed.
    const headers: Record<string, string> = Object.fromEntries(Object.keys(this.editing?.headers ?? {}).map((name) => [name, '']));
    const name = this.headerName.value.trim();
    if (name) headers[name] = this.headerValue.value;
    const labels = listOf(this.labels.value);
    const body: Record<string, unknown> = {
      url: this.url.value.trim(),
      format: this.format.value,
      // Without labels the alerts are not sent, so a rule switched back to motion keeps them for later.
      ...(labels ? { labels, zones: listOf(this.zones.value), ...this.alerts.value() } : { events: this.events.value() }),
      enabled: this.enabled.checked,
      headers,
    };
    const cameras = this.cameras.value();
    if (cameras !== null) body.cameras = cameras;
    // The token leaves the page with the request; back as typed if the relay refuses the save.
    const restore = takeSecrets([this.headerValue]);
    const revision = this.editing?.revision;
    await this.send(revision ? { ...body, revision } : body, restore);
  }

  /** Saves; an edit another admin overtook is offered again as sent (held here, the token out of the form). */
  private async send(body: Record<string, unknown>, restore: () => void): Promise<void> {
    this.conflict.hide();
    const editing = this.editing;
    const answer = editing
      ? await this.deps.api.put<unknown>(`/api/admin/notifications/webhooks/${encodeURIComponent(editing.id)}`, body)
      : await this.deps.api.post<unknown>('/api/admin/notifications/webhooks', body);
    if (!answer.ok && editing && answer.body.error === 'EDIT_CONFLICT') return this.conflicted(editing.id, body, restore);
    if (!answer.ok) {
      restore();
      return this.errors.show(answer.body.field, answer.body.message);
    }
    this.edit(null);
    await this.saved();
  }

  private async conflicted(id: string, body: Record<string, unknown>, restore: () => void): Promise<void> {
    const answer = await this.deps.api.get<{ webhooks?: unknown }>('/api/admin/notifications');
    const list = answer.ok && Array.isArray(answer.body.webhooks) ? (answer.body.webhooks as WebhookView[]) : [];
    const theirs = list.find((w) => w?.id === id);
    const last = parseRevised(theirs);
    this.conflict.show(last, {
      reload: async () => {
        this.edit(theirs ?? null);
        await this.saved();
      },
      mine: () => this.send(last.revision ? { ...body, revision: last.revision } : body, restore),
    });
  }
}
