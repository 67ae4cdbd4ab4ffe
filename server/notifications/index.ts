/**
 * `notifications`: the webhooks, the config file's (`recording.webhooks`) and the Admin area's, sent
 * for every event the events module tells of (and its loitering and leaving alerts); webhooks and MQTT set up, tested and switched in the
 * Admin area (#31), kept in the data folder and applied at once. The config file's settings stay as
 * they are and win: its webhooks are shown read-only beside the Admin area's, its `mqtt` replaces the
 * Admin area's.
 */
import type { Attached, Module, ModuleContext } from '../modules/module.js';
import { requireAdmin, requireSessionChange } from '../auth/http.js';
import { jsonBody } from '../http/body-deadline.js';
import type { MqttSettings } from '../mqtt/settings.js';
import { AdminWebhooks } from './admin-webhooks.js';
import { applyMqtt, mqttRoutes, mqttView, MqttRevision } from './mqtt-routes.js';
import { NotificationStore } from './notification-store.js';
import { TestGate } from '../http/test-gate.js';
import { webhookRoutes } from './webhook-routes.js';
import { publicUrlOf } from '../events/public-event.js';
import { fileWebhooksOf } from './webhooks/webhook-settings.js';
import { Webhooks } from './webhooks/webhooks.js';
import { webhookMetrics } from './webhook-metrics.js';

declare module '../modules/module.js' {
  interface Provided {
    /** `fileWebhooks`: the config file's rules' sender, whose counts the Admin area's rules count in too. */
    notifications: Attached & { webhooks: AdminWebhooks; fileWebhooks: Webhooks; store: NotificationStore };
  }
}

export const notifications: Module<'notifications', MqttSettings> = {
  name: 'notifications',
  // Events come from the events module; the link to restart from mqtt.
  needs: ['events', 'mqtt'],
  async attach(ctx: ModuleContext<MqttSettings>) {
    const log = ctx.log.child({ name: 'camrelay:notifications' });
    const mqtt = ctx.provided.need('mqtt');
    const store = new NotificationStore(ctx.config.dataDir, { onSkipped: (what, why) => log.warn({ what, why }, 'notification setting skipped') });
    // Object texts say the camera's name ("Person at Front door").
    const nameOf = (camera: string) => ctx.relay.cameras.get(camera)?.name ?? camera;
    const publicUrl = publicUrlOf(ctx.config);
    const fileWebhooks = new Webhooks({
      rules: [...fileWebhooksOf(ctx.config)],
      publicUrl,
      onError: (message) => log.warn({ err: message }, 'webhook problem'),
      nameOf,
    });
    // The Admin area's rules count in the config file's series.
    const webhooks = new AdminWebhooks({
      store,
      publicUrl,
      counts: fileWebhooks.counts,
      onError: (message) => log.warn({ message }, 'admin webhook failed'),
      nameOf,
    });
    const events = ctx.provided.need('events');
    events.onEvent((type, record) => {
      fileWebhooks.notify(type, record);
      webhooks.notify(type, record);
    });
    // Loitering and leaving (#57): rules that ask for them in `alerts`, with the pictures of the event the object belongs to.
    events.onAlert((camera, alert) => {
      const record = events.eventOf(camera, alert.object.id);
      fileWebhooks.alert(camera, alert, record);
      webhooks.alert(camera, alert, record);
    });
    const fromFile = ctx.config.mqtt;
    if (!fromFile) await applyMqtt(mqtt, store.mqtt);

    const user = ctx.requireUser;
    const admin = requireAdmin();
    const read = [user, admin];
    const change = [user, admin, requireSessionChange(ctx.httpAuth), jsonBody()];
    const gate = new TestGate();
    const cameras = () => ctx.relay.cameras.list().map((c) => c.id);
    const mqttDeps = { read, change, gate, cameras, mqtt, store, fromFile, filePassword: ctx.config.mqttPassword !== undefined, revision: new MqttRevision() };
    webhookRoutes(ctx.app, { read, change, gate, cameras, webhooks, configRules: fileWebhooksOf(ctx.config), mqttView: () => mqttView(mqttDeps) });
    mqttRoutes(ctx.app, mqttDeps);
    return {
      webhooks,
      fileWebhooks,
      store,
      metrics: (registry) => webhookMetrics(registry, fileWebhooks),
      close: () => {
        fileWebhooks.close();
        webhooks.close();
      },
    };
  },
};
