/**
 * `mqtt`: the relay's cameras on the user's MQTT broker, with Home Assistant discovery
 * (docs/home-assistant.md). It hears the relay's camera-list notice, the recording manager's events
 * and settings, and reads the newest frame on a schedule: nothing on the frame path. Everything it
 * publishes goes through one bounded queue, so a broker down, slow or refusing costs a fixed amount
 * of memory and is never waited for. Off (nothing loaded but this file) unless `mqtt` is set. A running
 * link and what feeds it is running.ts; this file is the module: its listeners, routes and settings.
 */
import type { Registry } from 'prom-client';
import type { Attached, Module } from '../modules/module.js';
import { requireAdmin } from '../auth/http.js';
import type { HomeAssistantStatus } from '../../shared/home-assistant.js';
import { homeAssistantRoute, homeAssistantStatus } from './ha-status.js';
import type { BrokerLink } from './broker-link.js';
import type { PublishQueue } from './publish-queue.js';
import type { MqttConfig } from './settings.js';
import { mqttSettings, type MqttSettings } from './settings.js';
import { mqttMetrics } from './metrics.js';
import { sendTest, type MqttTestOutcome } from './test-event.js';
import { start, type MqttEventFilter, type Running } from './running.js';

export type { MqttEventFilter } from './running.js';

export interface MqttAttached extends Attached {
  /** The broker connection's state, null while the module is off. */
  readonly link: BrokerLink | null;
  readonly queue: PublishQueue | null;
  /** The seam the Admin area uses: ends the link and starts one with `config` (null: off). */
  apply(config: MqttConfig | null, filter?: MqttEventFilter): Promise<void>;
  /** Publishes one event of type `test` on `camera`'s event topic and says within `timeoutMs` whether the broker took it. */
  test(camera: string, timeoutMs?: number): Promise<MqttTestOutcome>;
  /** What Home Assistant gets from this relay now (the settings page's Home Assistant section). */
  homeAssistant(): HomeAssistantStatus;
}

declare module '../modules/module.js' {
  interface Provided {
    mqtt: MqttAttached;
  }
}

export const mqtt: Module<'mqtt', MqttSettings> & { settings: typeof mqttSettings } = {
  name: 'mqtt',
  // Events come from the events module; the recording switch from recording when it is on.
  needs: ['events'],
  settings: mqttSettings,
  attach(ctx) {
    let running: Running | null = ctx.config.mqtt ? start(ctx, ctx.config.mqtt, {}) : null;
    // Series are registered once a link runs (an admin may switch MQTT on later) and read whichever runs.
    let registry: Registry | null = null;
    let applying = Promise.resolve();
    const register = () => {
      if (!registry || !running) return;
      mqttMetrics(registry, () => running);
      registry = null;
    };
    // Heard once for good, handed to whichever link runs, so applying new settings adds no listener.
    ctx.relay.cameras.onChanged(() => running?.sync());
    ctx.provided.get('recording')?.manager.onConfigured((camera, settings) => running?.recording(camera, settings.mode));
    ctx.provided.need('events').onEvent((type, record) => running?.event(type, record));
    ctx.provided.need('events').onAlert((camera, alert) => running?.alert(camera, alert));
    const homeAssistant = () =>
      homeAssistantStatus(running?.seen() ?? null, (id) => ctx.relay.cameras.get(id)?.name ?? null, ctx.provided.get('streams')?.rtspPort ?? null);
    homeAssistantRoute(ctx.app, [ctx.requireUser, requireAdmin()], homeAssistant);
    const detection = ctx.provided.get('detection');
    detection?.presence.onChange((camera, counts) => running?.presence(camera, counts));
    detection?.onConfigured(() => running?.sync());
    const faces = ctx.provided.get('faces');
    faces?.here.onChange(() => running?.people());
    faces?.known.onChanged(() => running?.people());
    return {
      get link() {
        return running?.link ?? null;
      },
      get queue() {
        return running?.queue ?? null;
      },
      apply(config, filter = {}) {
        // One at a time: two saves at once must not both start a link (one would never be closed).
        const next = applying.then(async () => {
          const old = running;
          running = null;
          await old?.close();
          running = config ? start(ctx, config, filter) : null;
          register();
        });
        applying = next.catch(() => {});
        return next;
      },
      test: (camera, timeoutMs = 5000) => sendTest(running, camera, timeoutMs),
      homeAssistant: () => homeAssistant(),
      metrics(r) {
        registry = r;
        register();
      },
      config: () => running?.config() ?? {},
      close: () => running?.close(),
    };
  },
};
