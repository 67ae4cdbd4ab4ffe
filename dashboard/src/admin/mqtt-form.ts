/**
 * The MQTT broker in the Notifications section: its settings, which cameras' events are published,
 * the link's state, and "Send a test event". The password is never shown back (empty keeps it).
 * MQTT set in the config file wins: the form then shows it read-only and says why.
 */
import { SECRET_SET, type MqttView } from '../../../shared/notifications.js';
import { el } from '../dom.js';
import { button, textInput, whileBusy, type AdminViewDeps } from './admin-markup.js';
import { EditConflict, parseRevised } from './edit-conflict.js';
import { buttons, CameraSwitches, checkedField, EventSwitches, FieldErrors } from './notify-fields.js';
import { takeSecrets } from './secret-fields.js';

/** While the link connects, its state is read again this often, at most this many times in a row. */
const STATE_POLL_MS = 1000;
const STATE_POLLS = 30;

export class MqttForm {
  readonly root = el('form', 'admin-form notify-form', 'mqtt-form');
  private readonly state = el('p', 'diag-note notify-wide', 'mqtt-state');
  private readonly url = textInput('mqtt-url', { maxlength: '2048', placeholder: 'mqtt://192.168.1.10:1883' });
  private readonly username = textInput('mqtt-username', { maxlength: '256', placeholder: 'camrelay' });
  private readonly password = textInput('mqtt-password', { maxlength: '1024', type: 'password' });
  private readonly topicPrefix = textInput('mqtt-topic-prefix', { maxlength: '128', placeholder: 'camrelay' });
  private readonly discoveryPrefix = textInput('mqtt-discovery-prefix', { maxlength: '128', placeholder: 'homeassistant' });
  private readonly allowCommands = Object.assign(el('input', undefined, 'mqtt-allow-commands'), { type: 'checkbox' });
  private readonly enabled = Object.assign(el('input', undefined, 'mqtt-enabled'), { type: 'checkbox', checked: true });
  private readonly cameras = new CameraSwitches('mqtt-camera');
  private readonly events = new EventSwitches('mqtt-event');
  private readonly save = button('diag-button', 'mqtt-save', 'Save MQTT', 'submit');
  private readonly test = button('diag-button', 'mqtt-test', 'Send a test event');
  private readonly outcome = el('p', 'notify-outcome notify-wide', 'mqtt-outcome');
  private readonly errors = new FieldErrors('mqtt');
  /** Another admin saved first: said under the buttons, with Reload theirs and Save mine anyway. */
  private readonly conflict = new EditConflict();
  /** The revision the fields were filled from: a save sends it, so one made since is not overwritten. */
  private revision: string | null = null;
  private poll: ReturnType<typeof setTimeout> | undefined;
  /** State reads in a row that found the link connecting. */
  private polls = 0;

  constructor(
    private readonly deps: AdminViewDeps,
    private readonly saved: () => Promise<void>,
  ) {
    const check = (input: HTMLInputElement, label: string) => {
      const wrap = el('label', 'notify-choice');
      wrap.append(input, el('span', undefined, undefined, label));
      return wrap;
    };
    const e = (name: string) => this.errors.line(name);
    const wide = (node: HTMLElement) => {
      node.classList.add('notify-wide');
      return node;
    };
    this.root.append(
      this.state,
      wide(checkedField('Broker URL', this.url, e('url'))),
      checkedField('User name', this.username, e('username')),
      checkedField('Password (write-only)', this.password, e('password')),
      checkedField('Topic prefix', this.topicPrefix, e('topicPrefix')),
      checkedField('Discovery prefix', this.discoveryPrefix, e('discoveryPrefix')),
      wide(checkedField('Cameras whose motion events are published', this.cameras.root, e('cameras'))),
      wide(checkedField('Events', this.events.root, e('events'))),
      check(this.allowCommands, 'Take commands (the recording switch)'),
      check(this.enabled, 'On'),
      wide(this.errors.line(null)),
      buttons(this.save, this.test),
      this.conflict.root,
      this.outcome,
    );
    this.conflict.root.classList.add('notify-wide');
    this.root.addEventListener('submit', (event) => {
      event.preventDefault();
      void whileBusy(this.save, () => this.submit());
    });
    this.test.addEventListener('click', () => void whileBusy(this.test, () => this.sendTest()));
  }

  show(m: MqttView, known: string[]): void {
    const fromFile = m.source === 'config';
    this.revision = parseRevised(m).revision;
    this.conflict.hide();
    this.showState(m);
    this.url.value = m.url;
    this.username.value = m.username ?? '';
    this.password.value = '';
    this.password.placeholder = m.password === SECRET_SET ? `${SECRET_SET}: empty keeps it` : '';
    this.topicPrefix.value = m.topicPrefix;
    this.discoveryPrefix.value = m.discoveryPrefix;
    this.allowCommands.checked = m.allowCommands;
    this.enabled.checked = m.source === null ? true : m.enabled;
    this.cameras.render(known, m.cameras);
    this.events.set(m.events);
    for (const input of [this.url, this.username, this.password, this.topicPrefix, this.discoveryPrefix, this.allowCommands, this.enabled])
      input.disabled = fromFile;
    this.cameras.disabled = fromFile;
    this.events.disabled = fromFile;
    this.save.hidden = fromFile;
  }

  /** The link's state line. While it is connecting it is asked again, so it never lags what a test just proved (#37 item 16). */
  private showState(m: MqttView): void {
    const state =
      m.status === 'off' ? 'Off.' : m.status === 'connected' ? 'Connected to the broker.' : `Not connected: ${m.status.replace(/^connecting: /, '')}`;
    this.state.textContent = m.source === 'config' ? `${state} Set in the config file, which wins over the Admin area: change it there.` : state;
    this.test.disabled = m.status === 'off';
    clearTimeout(this.poll);
    this.polls = m.status.startsWith('connecting') ? this.polls + 1 : 0;
    if (this.polls > 0 && this.polls <= STATE_POLLS) this.poll = setTimeout(() => void this.refreshState(), STATE_POLL_MS);
  }

  /** Reads the link's state again, leaving the fields (perhaps being edited) as they are. */
  private async refreshState(): Promise<void> {
    const answer = await this.deps.api.get<{ mqtt?: MqttView }>('/api/admin/notifications');
    if (answer.ok && answer.body.mqtt && typeof answer.body.mqtt.status === 'string') this.showState(answer.body.mqtt);
  }

  private async submit(): Promise<void> {
    this.errors.clear();
    const body: Record<string, unknown> = {
      url: this.url.value.trim(),
      username: this.username.value.trim(),
      password: this.password.value,
      topicPrefix: this.topicPrefix.value.trim(),
      discoveryPrefix: this.discoveryPrefix.value.trim(),
      allowCommands: this.allowCommands.checked,
      enabled: this.enabled.checked,
      events: this.events.value(),
    };
    const cameras = this.cameras.value();
    if (cameras !== null) body.cameras = cameras;
    // Out of the form with the request; back as typed if the relay refuses the save.
    const restore = takeSecrets([this.password]);
    await this.send(this.revision ? { ...body, revision: this.revision } : body, restore);
  }

  /** Saves; a save another admin overtook is offered again as sent (held here, the password out of the form). */
  private async send(body: Record<string, unknown>, restore: () => void): Promise<void> {
    this.conflict.hide();
    const answer = await this.deps.api.put<unknown>('/api/admin/notifications/mqtt', body);
    if (!answer.ok && answer.body.error === 'EDIT_CONFLICT') return this.conflicted(body, restore);
    if (!answer.ok) {
      restore();
      return this.errors.show(answer.body.field, answer.body.message);
    }
    await this.saved();
  }

  private async conflicted(body: Record<string, unknown>, restore: () => void): Promise<void> {
    const answer = await this.deps.api.get<{ mqtt?: unknown }>('/api/admin/notifications');
    const theirs = parseRevised(answer.ok ? answer.body.mqtt : null);
    this.conflict.show(theirs, {
      reload: () => this.saved(),
      mine: () => this.send({ ...body, revision: theirs.revision ?? 'new' }, restore),
    });
  }

  private async sendTest(): Promise<void> {
    this.outcome.textContent = 'Sending a test event…';
    const answer = await this.deps.api.post<{ outcome?: unknown }>('/api/admin/notifications/mqtt/test', {});
    this.outcome.textContent = answer.ok ? String(answer.body.outcome) : answer.body.message;
    this.outcome.dataset.delivered = String(answer.ok && (answer.body as { delivered?: unknown }).delivered === true);
    // A delivered test proves the link is up: the state line above it must say so too.
    this.polls = 0;
    await this.refreshState();
  }
}
