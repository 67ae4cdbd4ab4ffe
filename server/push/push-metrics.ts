/** The push module's series, read at scrape time: notices by outcome, the queue, the devices kept. */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { PushSender } from './push-sender.js';
import type { PushSubscriptions } from './push-subscriptions.js';

export function pushMetrics(registry: Registry, sender: PushSender, subscriptions: PushSubscriptions): void {
  const registers = [registry];
  new Counter({
    name: 'camrelay_push_notices_total',
    help: 'Web Push notices: sent (the push service took them), failed (refused or no answer in time), dropped (queue full), gone (404/410: the device was forgotten).',
    labelNames: ['outcome'],
    registers,
    collect() {
      this.reset();
      for (const outcome of ['sent', 'failed', 'dropped', 'gone'] as const) this.inc({ outcome }, sender.counts[outcome]);
    },
  });
  new Gauge({
    name: 'camrelay_push_queue',
    help: 'Web Push notices waiting or under way.',
    registers,
    collect() {
      this.set(sender.pending);
    },
  });
  new Gauge({
    name: 'camrelay_push_devices',
    help: 'Devices that switched Web Push notifications on.',
    registers,
    collect() {
      this.set(subscriptions.list().length);
    },
  });
}
