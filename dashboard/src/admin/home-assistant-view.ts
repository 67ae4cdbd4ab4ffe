/**
 * Home Assistant on the settings page (#42): what the relay gives it and how. What is set (the MQTT link, discovery
 * and the cameras it announced) and what it costs; the MQTT broker's form (moved here from Notifications: MQTT is how
 * Home Assistant finds the cameras); and per camera the Generic Camera's URLs for live video (docs/home-assistant.md).
 */
import type { HomeAssistantStatus } from '../../../shared/home-assistant.js';
import type { MqttView } from '../../../shared/notifications.js';
import { el, setText } from '../dom.js';
import { adminSection, type AdminViewDeps } from './admin-markup.js';
import { parseCameras } from './cameras-view.js';
import { HaCameras } from './ha-cameras.js';
import { costLine, discoveryLine, mqttLine, parseHomeAssistant } from './home-assistant-data.js';
import { MqttForm } from './mqtt-form.js';
import type { RelayAddress } from './relay-address.js';
import { parseNotifications } from './notifications-view.js';
import './notifications.css';
import './ha-offsite.css';

/** While the link connects, the summary is read again this often, at most this many times in a row (as the MQTT form's state line). */
const SUMMARY_POLL_MS = 1000;
const SUMMARY_POLLS = 30;

export class HomeAssistantView {
  readonly root: HTMLElement;
  private readonly mqttLine = el('li', undefined, 'ha-mqtt');
  private readonly discoveryLine = el('li', undefined, 'ha-discovery');
  private readonly costLine = el('li', undefined, 'ha-cost');
  private readonly mqtt: MqttForm;
  private readonly cameras: HaCameras;
  /** Bumped on every load, so an older load's answers do not overwrite a newer one. */
  private generation = 0;
  private poll: ReturnType<typeof setTimeout> | undefined;
  /** Summary reads in a row that found the link connecting. */
  private polls = 0;

  constructor(
    private readonly deps: AdminViewDeps,
    address: RelayAddress,
  ) {
    this.mqtt = new MqttForm(deps, () => this.load());
    this.cameras = new HaCameras(deps, address);
    const note = el(
      'p',
      'diag-note',
      undefined,
      'Home Assistant finds this relay’s cameras over MQTT (discovery): each one a device with its picture, a motion sensor and a recording switch, with nothing typed in Home Assistant. For live video, add a camera there as a Generic Camera with the URLs below (docs/home-assistant.md, “The Generic Camera integration”).',
    );
    const summary = el('ul', 'ha-summary', 'ha-summary');
    summary.append(this.mqttLine, this.discoveryLine, this.costLine);
    this.root = adminSection('Home Assistant', [
      note,
      summary,
      el('h4', 'notify-subhead', undefined, 'MQTT broker'),
      this.mqtt.root,
      el('h4', 'notify-subhead', undefined, 'Live video: the Generic Camera integration'),
      el(
        'p',
        'diag-note',
        undefined,
        'In Home Assistant: Settings → Devices & services → Add integration → Generic Camera, then these two URLs. The MQTT camera is a still picture; this one is the camera’s own H.264, copied, not encoded again.',
      ),
      address.picker('ha-address'),
      this.cameras.root,
    ]);
  }

  async load(): Promise<void> {
    const generation = ++this.generation;
    const [ha, notifications, cameras] = await Promise.all([
      this.deps.api.get<unknown>('/api/admin/home-assistant'),
      this.deps.api.get<unknown>('/api/admin/notifications'),
      this.deps.api.get<unknown>('/api/cameras'),
    ]);
    if (generation !== this.generation) return;
    for (const answer of [ha, notifications, cameras]) if (!answer.ok) return this.deps.report(answer.body.message);
    const status = parseHomeAssistant(ha.body);
    const view = parseNotifications(notifications.body);
    if (!status || !view) return this.deps.report('The relay sent Home Assistant settings this page cannot read.');
    this.summarize(status, view.mqtt);
    this.mqtt.show(view.mqtt, view.cameras);
    this.cameras.show(
      parseCameras(cameras.body).map(({ id, name }) => ({ id, name })),
      status.rtspPort,
    );
  }

  /** The section was left: no more reads, and a stream source made with a new token is not kept on screen. */
  stop(): void {
    clearTimeout(this.poll);
    this.generation++;
    this.polls = 0;
    this.cameras.forgetSecret();
  }

  /** The lines of what is set. While the link connects (or cameras are still being announced) they are read again, so they never lag the form's state line. */
  private summarize(status: HomeAssistantStatus, mqtt: MqttView): void {
    setText(this.mqttLine, mqttLine(status, mqtt));
    this.mqttLine.dataset.state = status.mqtt;
    setText(this.discoveryLine, discoveryLine(status));
    setText(this.costLine, costLine(status));
    clearTimeout(this.poll);
    this.polls = status.mqtt === 'connecting' ? this.polls + 1 : 0;
    if (this.polls > 0 && this.polls <= SUMMARY_POLLS) this.poll = setTimeout(() => void this.refresh(this.generation), SUMMARY_POLL_MS);
  }

  /** Reads the summary again, leaving the form's fields (perhaps being edited) as they are. */
  private async refresh(generation: number): Promise<void> {
    const [ha, notifications] = await Promise.all([
      this.deps.api.get<unknown>('/api/admin/home-assistant'),
      this.deps.api.get<unknown>('/api/admin/notifications'),
    ]);
    if (generation !== this.generation || !ha.ok || !notifications.ok) return;
    const status = parseHomeAssistant(ha.body);
    const view = parseNotifications(notifications.body);
    if (status && view) this.summarize(status, view.mqtt);
  }
}
