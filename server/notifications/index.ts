/**
 * `notifications`: webhooks and MQTT set up, tested and switched in the Admin area (#31), kept in
 * the data folder and applied at once. The config file's settings stay as they are and win: its
 * webhooks are shown read-only beside the Admin area's, its `mqtt` replaces the Admin area's.
 */
import type { RecordingConfig } from '../recording/settings.js';
import type { Attached, Module, ModuleContext } from '../modules/module.js';
import { requireAdmin, requireSessionChange } from '../auth/http.js';
import { jsonBody } from '../http/body-deadline.js';
import type { MqttSettings } from '../mqtt/settings.js';
import { AdminWebhooks } from './admin-webhooks.js';
import { applyMqtt, mqttRoutes, mqttView, MqttRevision } from './mqtt-routes.js';
import { NotificationStore } from './notification-store.js';
import { TestGate } from './test-gate.js';
import { webhookRoutes } from './webhook-routes.js';

declare module '../modules/module.js' {
  interface Provided {
    notifications: Attached & { webhooks: AdminWebhooks; store: NotificationStore };
  }
}

export const notifications: Module<'notifications', MqttSettings> = {
  name: 'notifications',
  // Events and the config file's rules come from recording; the link to restart from mqtt.
  needs: ['recording', 'mqtt'],
  async attach(ctx: ModuleContext<MqttSettings>) {
    const log = ctx.log.child({ name: 'camrelay:notifications' });
    const manager = ctx.provided.need('recording').manager;
    const mqtt = ctx.provided.need('mqtt');
    const recording = (ctx.config as Partial<{ recording: RecordingConfig }>).recording;
    const store = new NotificationStore(ctx.config.dataDir, { onSkipped: (what, why) => log.warn({ what, why }, 'notification setting skipped') });
    const webhooks = new AdminWebhooks({
      store,
      publicUrl: recording?.publicUrl ?? null,
      counts: manager.webhooks.counts,
      onError: (message) => log.warn({ message }, 'admin webhook failed'),
      nameOf: (camera) => ctx.relay.camera(camera)?.name ?? camera,
    });
    manager.onEvent((type, record) => webhooks.notify(type, record));
    const fromFile = ctx.config.mqtt;
    if (!fromFile) await applyMqtt(mqtt, store.mqtt);

    const user = ctx.requireUser;
    const admin = requireAdmin();
    const read = [user, admin];
    const change = [user, admin, requireSessionChange(ctx.httpAuth), jsonBody()];
    const gate = new TestGate();
    const cameras = () => ctx.relay.listCameras().map((c) => c.id);
    const mqttDeps = { read, change, gate, cameras, mqtt, store, fromFile, filePassword: ctx.config.mqttPassword !== undefined, revision: new MqttRevision() };
    webhookRoutes(ctx.app, { read, change, gate, cameras, webhooks, configRules: recording?.webhooks ?? [], mqttView: () => mqttView(mqttDeps) });
    mqttRoutes(ctx.app, mqttDeps);
    return { webhooks, store, close: () => webhooks.close() };
  },
};
