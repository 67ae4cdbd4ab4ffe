/**
 * The Admin area's MQTT settings, admins only: PUT /api/admin/notifications/mqtt saves them and
 * restarts the link at once; POST .../mqtt/test publishes a test event. MQTT set in the config file
 * (or CAMRELAY_MQTT, --mqtt) wins: the Admin area shows it and refuses changes (409 MQTT_FROM_CONFIG).
 */
import { randomBytes } from 'node:crypto';
import type { Express } from 'express';
import { CamrelayError } from '../../shared/errors.js';
import { NOTIFY_EVENTS, SECRET_SET, type MqttView, type TestOutcome } from '../../shared/notifications.js';
import { principalOf } from '../auth/http.js';
import { NO_ENTRY, readRevision, refuseStale, revisionOf, SaveMarks, type RevisionInfo } from '../http/edit-revision.js';
import { sendError } from '../http/http-errors.js';
import type { MqttAttached } from '../mqtt/index.js';
import type { MqttConfig } from '../mqtt/settings.js';
import { checkMqttInput, type AdminMqtt } from './mqtt-input.js';
import type { NotificationStore } from './notification-store.js';
import { gateOpen, refuse, testCamera, type NotifyRouteDeps } from './webhook-routes.js';

/** The Admin area's MQTT settings' revision: a keyed hash (they hold the broker's password), `new` before any save. */
export class MqttRevision {
  private readonly key = randomBytes(32);
  private readonly marks = new SaveMarks();

  info(admin: AdminMqtt | null): RevisionInfo {
    return this.marks.info('mqtt', admin ? revisionOf(admin, this.key) : NO_ENTRY);
  }

  saved(by: string, admin: AdminMqtt): RevisionInfo {
    const made = revisionOf(admin, this.key);
    this.marks.mark('mqtt', by, Date.now(), made);
    return this.info(admin);
  }
}

export interface MqttRouteDeps extends Pick<NotifyRouteDeps, 'read' | 'change' | 'gate' | 'cameras'> {
  mqtt: MqttAttached;
  store: NotificationStore;
  /** The config file's `mqtt`, which wins; null when it sets none. */
  fromFile: MqttConfig | null;
  /** CAMRELAY_MQTT_PASSWORD is set. */
  filePassword: boolean;
  revision: MqttRevision;
}

/** `connected`, `connecting: <why>`, or `off`. */
function linkStatus(mqtt: MqttAttached): string {
  const s = mqtt.link?.status;
  if (!s || s.state === 'closed') return 'off';
  return s.state === 'connected' ? 'connected' : `connecting: ${s.lastError ?? 'no answer yet'}`;
}

/** What the page shows: the config file's settings, else the Admin area's, else the defaults; never the password. */
export function mqttView(d: Pick<MqttRouteDeps, 'mqtt' | 'store' | 'fromFile' | 'filePassword' | 'revision'>): MqttView {
  const status = linkStatus(d.mqtt);
  const f = d.fromFile;
  if (f) {
    const password = f.password !== undefined || d.filePassword ? SECRET_SET : null;
    const { url, topicPrefix, discoveryPrefix, allowCommands } = f;
    return {
      source: 'config',
      enabled: true,
      url,
      username: f.username ?? null,
      password,
      topicPrefix,
      discoveryPrefix,
      allowCommands,
      cameras: null,
      events: [...NOTIFY_EVENTS],
      status,
    };
  }
  const a: AdminMqtt | null = d.store.mqtt;
  return {
    source: a ? 'admin' : null,
    enabled: a?.enabled ?? false,
    url: a?.url ?? '',
    username: a?.username ?? null,
    password: a?.password !== undefined ? SECRET_SET : null,
    topicPrefix: a?.topicPrefix ?? 'camrelay',
    discoveryPrefix: a?.discoveryPrefix ?? 'homeassistant',
    allowCommands: a?.allowCommands ?? false,
    cameras: a?.cameras ?? null,
    events: a?.events ?? [...NOTIFY_EVENTS],
    status,
    ...d.revision.info(a),
  };
}

/** The link the Admin area's settings ask for: started (or restarted), or stopped when off. */
export async function applyMqtt(mqtt: MqttAttached, admin: AdminMqtt | null): Promise<void> {
  const checked = admin?.enabled ? checkMqttInput(admin) : null;
  await mqtt.apply(checked?.ok ? checked.value.config : null, { cameras: admin?.cameras, events: admin?.events });
}

export function mqttRoutes(app: Express, d: MqttRouteDeps): void {
  app.put('/api/admin/notifications/mqtt', ...d.change, async (req, res) => {
    if (d.fromFile) return sendError(res, new CamrelayError('MQTT_FROM_CONFIG'));
    // `revision` rides beside the settings (docs/notifications.md); none saves as before.
    const raw: unknown = req.body;
    const { revision, ...body } = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
    const sent = readRevision(revision);
    if (!sent.ok) return sendError(res, sent.error);
    const checked = checkMqttInput(typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? body : raw, d.store.mqtt);
    if (!checked.ok) return refuse(res, 'BAD_MQTT_SETTINGS', checked.error);
    // No await between this check and the store's change: two saves cannot both pass it.
    if (refuseStale(res, sent.value, d.revision.info(d.store.mqtt))) return;
    d.store.setMqtt(checked.value.admin);
    d.revision.saved(principalOf(res).username, checked.value.admin);
    await applyMqtt(d.mqtt, checked.value.admin);
    res.json({ ok: true, mqtt: mqttView(d) });
  });

  app.post('/api/admin/notifications/mqtt/test', ...d.change, async (req, res) => {
    if (!gateOpen(d.gate, 'mqtt', res)) return;
    const cameras = d.fromFile ? undefined : d.store.mqtt?.cameras;
    const camera = testCamera((req.body as { camera?: unknown } | undefined)?.camera, cameras, d.cameras());
    const answer: TestOutcome = { ok: true, ...(await d.mqtt.test(camera)) };
    res.json(answer);
  });
}
