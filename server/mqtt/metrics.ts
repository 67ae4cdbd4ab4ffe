/** The mqtt module's series, read at scrape time: whether the broker is connected, and what was dropped. */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { BrokerLink } from './broker-link.js';
import type { Commands } from './commands.js';
import type { PublishQueue } from './publish-queue.js';

/** The parts the series read; null while MQTT is off (after an admin switched it off). */
export interface MqttParts {
  link: BrokerLink;
  queue: PublishQueue;
  commands: Commands;
}

/** `now()`: the running link's parts, which change when the Admin area applies new settings. */
export function mqttMetrics(registry: Registry, now: () => MqttParts | null): void {
  const registers = [registry];
  new Gauge({
    name: 'camrelay_mqtt_connected',
    help: '1 while the relay is connected to its MQTT broker, 0 while it tries to connect (the log says why it failed).',
    registers,
    collect() {
      this.set(now()?.link.status.state === 'connected' ? 1 : 0);
    },
  });
  new Counter({
    name: 'camrelay_mqtt_dropped_total',
    help: 'MQTT messages dropped: no room in the queue (the broker was down or slow), or under way when the connection was lost.',
    registers,
    collect() {
      this.reset();
      this.inc(now()?.queue.dropped ?? 0);
    },
  });
  new Counter({
    name: 'camrelay_mqtt_published_total',
    help: 'MQTT messages handed to the broker (written for QoS 0, acknowledged for QoS 1).',
    registers,
    collect() {
      this.reset();
      this.inc(now()?.queue.published ?? 0);
    },
  });
  new Gauge({
    name: 'camrelay_mqtt_queue',
    help: 'MQTT messages waiting for the broker or under way.',
    registers,
    collect() {
      this.set(now()?.queue.size ?? 0);
    },
  });
  new Counter({
    name: 'camrelay_mqtt_commands_total',
    help: 'MQTT commands (snapshot requests, the recording switch) carried out (done) or refused (refused: the reason is published on <camera>/refused).',
    labelNames: ['outcome'],
    registers,
    collect() {
      this.reset();
      for (const outcome of ['done', 'refused'] as const) this.inc({ outcome }, now()?.commands.counts[outcome] ?? 0);
    },
  });
}
