/** The mqtt module's series, read at scrape time: whether the broker is connected, and what was dropped. */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { BrokerLink } from './broker-link.js';
import type { Commands } from './commands.js';
import type { PublishQueue } from './publish-queue.js';

export function mqttMetrics(registry: Registry, link: BrokerLink, queue: PublishQueue, commands: Commands): void {
  const registers = [registry];
  new Gauge({
    name: 'camrelay_mqtt_connected',
    help: '1 while the relay is connected to its MQTT broker, 0 while it tries to connect (the log says why it failed).',
    registers,
    collect() {
      this.set(link.status.state === 'connected' ? 1 : 0);
    },
  });
  new Counter({
    name: 'camrelay_mqtt_dropped_total',
    help: 'MQTT messages dropped: no room in the queue (the broker was down or slow), or under way when the connection was lost.',
    registers,
    collect() {
      this.reset();
      this.inc(queue.dropped);
    },
  });
  new Counter({
    name: 'camrelay_mqtt_published_total',
    help: 'MQTT messages handed to the broker (written for QoS 0, acknowledged for QoS 1).',
    registers,
    collect() {
      this.reset();
      this.inc(queue.published);
    },
  });
  new Gauge({
    name: 'camrelay_mqtt_queue',
    help: 'MQTT messages waiting for the broker or under way.',
    registers,
    collect() {
      this.set(queue.size);
    },
  });
  new Counter({
    name: 'camrelay_mqtt_commands_total',
    help: 'MQTT commands (snapshot requests, the recording switch) carried out (done) or refused (refused: the reason is published on <camera>/refused).',
    labelNames: ['outcome'],
    registers,
    collect() {
      this.reset();
      for (const outcome of ['done', 'refused'] as const) this.inc({ outcome }, commands.counts[outcome]);
    },
  });
}
