/** The webhooks' series on the server's Prometheus registry, read at scrape time: the config file's and the Admin area's rules count in one. */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Webhooks } from './webhooks/webhooks.js';

export function webhookMetrics(registry: Registry, webhooks: Pick<Webhooks, 'counts' | 'queued'>): void {
  const registers = [registry];
  new Counter({
    name: 'camrelay_webhook_deliveries_total',
    help: 'Event webhooks: delivered, failed (every try failed, or the receiver refused with a 4xx), dropped (its queue was full).',
    labelNames: ['outcome'],
    registers,
    collect() {
      this.reset();
      for (const outcome of ['delivered', 'failed', 'dropped'] as const) this.inc({ outcome }, webhooks.counts[outcome]);
    },
  });
  new Counter({
    name: 'camrelay_webhook_retries_total',
    help: 'Event webhook requests tried again after a failure.',
    registers,
    collect() {
      this.reset();
      this.inc(webhooks.counts.retries);
    },
  });
  new Gauge({
    name: 'camrelay_webhook_queue',
    help: 'Event webhook requests waiting or under way.',
    registers,
    collect() {
      this.set(webhooks.queued);
    },
  });
}
