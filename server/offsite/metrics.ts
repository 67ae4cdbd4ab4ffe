/** The offsite module's series, read at scrape time from the copy queue. */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { CopyQueue } from './copy-queue.js';
import type { StartSnapshots } from './start-snapshot.js';

export function offsiteMetrics(registry: Registry, queue: CopyQueue, early: StartSnapshots): void {
  const registers = [registry];
  const counter = (name: string, help: string, value: () => number) =>
    new Counter({
      name,
      help,
      registers,
      collect() {
        this.reset();
        this.inc(value());
      },
    });
  counter('camrelay_offsite_copied_total', 'Motion events copied off-site (snapshot and clip, as offsite.what says).', () => queue.counts.copied);
  counter('camrelay_offsite_failures_total', 'Off-site copy attempts that failed (each is retried with backoff for 24 h).', () => queue.counts.failures);
  counter(
    'camrelay_offsite_dropped_total',
    'Events never copied off-site because the queue was full (offsite.queueEvents): the oldest waiting go first.',
    () => queue.counts.dropped,
  );
  counter('camrelay_offsite_gave_up_total', 'Events given up after 24 h of failed off-site copies.', () => queue.counts.gaveUp);
  counter('camrelay_offsite_bytes_total', 'Bytes of events copied off-site.', () => queue.counts.bytes);
  counter('camrelay_offsite_start_snapshots_total', 'Snapshots sent off-site as their event started, before its clip (sent again with it).', () => early.sent);
  counter(
    'camrelay_offsite_start_snapshot_failures_total',
    "Snapshots at an event start that could not be sent (the event's own copy sends them later).",
    () => early.failures,
  );
  new Gauge({
    name: 'camrelay_offsite_bytes_today',
    help: 'Bytes copied off-site this UTC day, against offsite.maxMbPerDay.',
    registers,
    collect() {
      this.set(queue.usedToday);
    },
  });
  new Gauge({
    name: 'camrelay_offsite_waiting',
    help: 'Events not yet copied off-site, by state (queued, copying, failed and waiting to retry, held by the daily cap).',
    labelNames: ['state'],
    registers,
    collect() {
      this.reset();
      for (const [state, n] of Object.entries(queue.waiting())) this.set({ state }, n);
    },
  });
}
