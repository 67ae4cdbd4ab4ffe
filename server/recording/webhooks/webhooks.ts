/**
 * Delivers event webhooks without ever holding up the recorder or the detector: `notify()` only
 * queues. Each rule has its own bounded queue and one delivery at a time (a receiver hears a
 * start before its end; a dead one delays only itself). A failed delivery (a network error, a
 * timeout, 408, 429 or 5xx) is tried again after 1 s, 2 s, 4 s…, at most `tries` times.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { EventType } from '../events/event-log.js';
import type { EventRecord } from '../segment-files.js';
import { webhookRequest, type WebhookRequest } from './webhook-request.js';
import type { WebhookRule } from './webhook-settings.js';

export interface WebhooksOptions {
  rules: WebhookRule[];
  publicUrl: string | null;
  onError?: (message: string) => void;
  /** Tests: the first wait between tries (doubled each time), tries, a request's timeout, each queue's size. */
  backoffMs?: number;
  tries?: number;
  timeoutMs?: number;
  queueLimit?: number;
}

/** What became of deliveries: `delivered`, `failed` (gave up after every try, or refused with a 4xx), `dropped` (queue full). */
export type WebhookOutcome = 'delivered' | 'failed' | 'dropped';

interface Queue {
  rule: WebhookRule;
  index: number;
  items: WebhookRequest[];
  busy: boolean;
}

/** Each rule's queue, a request's timeout, the first wait between tries (doubled each time), and the tries (docs/notifications.md). */
export const WEBHOOK_DEFAULTS = { queueLimit: 100, timeoutMs: 10_000, backoffMs: 1000, tries: 5 };

const retryable = (status: number) => status >= 500 || status === 408 || status === 429;

export class Webhooks {
  readonly counts: Record<WebhookOutcome | 'retries', number> = { delivered: 0, failed: 0, dropped: 0, retries: 0 };
  private readonly queues: Queue[];
  private readonly stop = new AbortController();
  private readonly o: Required<Omit<WebhooksOptions, 'onError'>> & Pick<WebhooksOptions, 'onError'>;

  constructor(options: WebhooksOptions) {
    this.o = { ...WEBHOOK_DEFAULTS, ...options };
    this.queues = options.rules.map((rule, index) => ({ rule, index, items: [], busy: false }));
  }

  /** Requests waiting or being delivered, over every rule. */
  get queued(): number {
    return this.queues.reduce((n, q) => n + q.items.length + (q.busy ? 1 : 0), 0);
  }

  /** An event started or ended: queued for every rule it matches; returns at once. */
  notify(type: EventType, record: EventRecord): void {
    if (this.stop.signal.aborted) return;
    for (const q of this.queues) {
      const { cameras, events } = q.rule;
      if ((cameras && !cameras.includes(record.camera)) || (events && !events.includes(type))) continue;
      if (q.items.length >= this.o.queueLimit) {
        this.counts.dropped++;
        continue;
      }
      q.items.push(webhookRequest(q.rule, type, record, this.o.publicUrl));
      void this.pump(q);
    }
  }

  /** Stops: requests under way are aborted, queued ones forgotten. */
  close(): void {
    this.stop.abort();
    for (const q of this.queues) q.items = [];
  }

  private async pump(q: Queue): Promise<void> {
    if (q.busy) return;
    q.busy = true;
    while (q.items.length > 0 && !this.stop.signal.aborted) await this.deliver(q, q.items.shift()!);
    q.busy = false;
  }

  private async deliver(q: Queue, req: WebhookRequest): Promise<void> {
    let why = '';
    for (let attempt = 1; attempt <= this.o.tries; attempt++) {
      if (attempt > 1) {
        this.counts.retries++;
        const waited = await sleep(this.o.backoffMs * 2 ** (attempt - 2), true, { signal: this.stop.signal, ref: false }).catch(() => false);
        if (!waited) return;
      }
      try {
        const signal = AbortSignal.any([this.stop.signal, AbortSignal.timeout(this.o.timeoutMs)]);
        const res = await fetch(req.url, { method: 'POST', headers: req.headers, body: req.body, signal, redirect: 'error' });
        await res.body?.cancel();
        if (res.ok) {
          this.counts.delivered++;
          return;
        }
        why = `HTTP ${res.status}`;
        if (!retryable(res.status)) break;
      } catch (err) {
        if (this.stop.signal.aborted) return;
        why = (err as Error).name === 'TimeoutError' ? `no answer within ${this.o.timeoutMs} ms` : (err as Error).message;
      }
    }
    this.counts.failed++;
    this.o.onError?.(`webhook ${q.index} (${new URL(req.url).host}) gave up: ${why}`);
  }
}
