/**
 * Sends notices to push services without ever holding up recording: `send()` only queues. One
 * bounded queue, a few requests at a time, each with a deadline; a full queue drops the newest.
 * web-push encrypts the notice for the device (RFC 8291) and signs the VAPID header (RFC 8292); the
 * request itself goes out by fetch, so that it can be given a deadline and aborted at close. A push
 * service answering 404 or 410 says the device is gone: `onGone` forgets it.
 */
import webpush from 'web-push';
import type { PushNotice } from '../../shared/push.js';
import type { StoredSubscription } from './push-subscriptions.js';
import type { VapidKeys } from './vapid-keys.js';
import { own } from '../../common/own.js';

export interface PushSenderOptions {
  keys: VapidKeys;
  /** Who runs this relay, for the push service (RFC 8292 `sub`): an https URL or a mailto: address. */
  subject: string;
  onGone(endpoint: string): void;
  onError?(message: string): void;
  /** Tests: the queue's size, a request's deadline, requests at once. */
  queueLimit?: number;
  timeoutMs?: number;
  concurrency?: number;
}

/** The queue, a request's deadline, requests at once, and how long a push service keeps an undelivered notice (docs/notifications.md). */
export const PUSH_DEFAULTS = { queueLimit: 200, timeoutMs: 10_000, concurrency: 4, ttlSeconds: 3600 };

export type PushOutcome = 'sent' | 'failed' | 'dropped' | 'gone';

export class PushSender {
  readonly counts: Record<PushOutcome, number> = { sent: 0, failed: 0, dropped: 0, gone: 0 };
  private readonly queue: Array<{ sub: StoredSubscription; notice: PushNotice }> = [];
  private running = 0;
  private readonly stop = new AbortController();
  private readonly o: Required<Omit<PushSenderOptions, 'onError'>> & Pick<PushSenderOptions, 'onError'>;

  constructor(options: PushSenderOptions) {
    this.o = { ...PUSH_DEFAULTS, ...options };
  }

  /** Notices waiting or being sent. */
  get pending(): number {
    return this.queue.length + this.running;
  }

  send(sub: StoredSubscription, notice: PushNotice): void {
    if (this.stop.signal.aborted) return;
    if (this.queue.length >= this.o.queueLimit) return void this.counts.dropped++;
    this.queue.push({ sub, notice });
    this.pump();
  }

  /** Requests under way are aborted, queued ones forgotten. */
  close(): void {
    this.stop.abort();
    this.queue.length = 0;
  }

  private pump(): void {
    while (this.running < this.o.concurrency && this.queue.length > 0) {
      const next = this.queue.shift()!;
      this.running++;
      const delivered = this.deliver(next.sub, next.notice).finally(() => {
        this.running--;
        this.pump();
      });
      own(delivered, (err) => this.o.onError?.(`push failed: ${err.message}`));
    }
  }

  private async deliver(sub: StoredSubscription, notice: PushNotice): Promise<void> {
    const host = new URL(sub.endpoint).host;
    try {
      const req = webpush.generateRequestDetails({ endpoint: sub.endpoint, keys: sub.keys }, JSON.stringify(notice), {
        vapidDetails: { subject: this.o.subject, publicKey: this.o.keys.publicKey, privateKey: this.o.keys.privateKey },
        TTL: PUSH_DEFAULTS.ttlSeconds,
        urgency: 'high',
      });
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      delete headers['Content-Length'];
      const signal = AbortSignal.any([this.stop.signal, AbortSignal.timeout(this.o.timeoutMs)]);
      const res = await fetch(req.endpoint, { method: req.method, headers, body: req.body ? new Uint8Array(req.body) : null, signal, redirect: 'error' });
      await res.body?.cancel();
      if (res.ok) return void this.counts.sent++;
      if (res.status === 404 || res.status === 410) {
        this.counts.gone++;
        return this.o.onGone(sub.endpoint);
      }
      this.counts.failed++;
      this.o.onError?.(`push to ${host} refused: HTTP ${res.status}`);
    } catch (err) {
      if (this.stop.signal.aborted) return;
      this.counts.failed++;
      const why = (err as Error).name === 'TimeoutError' ? `no answer within ${this.o.timeoutMs} ms` : (err as Error).message;
      this.o.onError?.(`push to ${host} failed: ${why}`);
    }
  }
}
