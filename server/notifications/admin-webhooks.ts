/**
 * The Admin area's webhook rules at work: one sender (recording's `Webhooks`, with its queue and
 * retries) per rule that is on, replaced when the rule is saved, so a change takes effect at once
 * and touches no other rule's queue. Counts go into the config file's rules' counts (one series).
 */
import type { EventType } from '../events/event-record.js';
import type { EventRecord, ObjectAlert } from '../events/event-record.js';
import { webhookTestRequest } from './webhooks/webhook-request.js';
import { postOnce, postOutcome, Webhooks, type WebhookCounts, type WebhooksOptions } from './webhooks/webhooks.js';
import type { WebhookRule } from './webhooks/webhook-settings.js';
import type { NotificationStore } from './notification-store.js';
import { ruleOf, type AdminWebhook } from './webhook-input.js';

export interface AdminWebhooksOptions {
  store: NotificationStore;
  publicUrl: string | null;
  /** The series its counts go into (the config file rules' own); each rule counts apart when none is given. */
  counts?: WebhookCounts;
  onError?: (message: string) => void;
  /** Tests: the senders' backoff and timeouts. */
  webhooks?: Partial<WebhooksOptions>;
  /** How long a test event waits for the receiver's answer. */
  testTimeoutMs?: number;
  /** A camera's name as people read it, for object events' words. */
  nameOf?: (camera: string) => string;
}

export class AdminWebhooks {
  private readonly senders = new Map<string, Webhooks>();

  constructor(private readonly o: AdminWebhooksOptions) {
    for (const rule of o.store.list()) this.start(rule);
  }

  list(): AdminWebhook[] {
    return this.o.store.list();
  }

  get(id: string): AdminWebhook | undefined {
    return this.o.store.get(id);
  }

  /** Saves and (re)starts one; false when the store keeps too many. Requests still queued for its old version are dropped. */
  put(rule: AdminWebhook): boolean {
    if (!this.o.store.put(rule)) return false;
    this.senders.get(rule.id)?.close();
    this.senders.delete(rule.id);
    this.start(rule);
    return true;
  }

  delete(id: string): boolean {
    this.senders.get(id)?.close();
    this.senders.delete(id);
    return this.o.store.delete(id);
  }

  /** An event started, ended or gained objects: queued for every rule that is on and matches. */
  notify(type: EventType, record: EventRecord): void {
    for (const sender of this.senders.values()) sender.notify(type, record);
  }

  /** An object's loitering or leaving: queued for every rule that is on and asks for it. */
  alert(camera: string, alert: ObjectAlert, record: EventRecord | null): void {
    for (const sender of this.senders.values()) sender.alert(camera, alert, record);
  }

  /** Posts one event of type `test` through `rule` once (no retry): what came of it, in words. */
  async test(rule: WebhookRule, camera: string): Promise<{ delivered: boolean; outcome: string }> {
    const answer = await postOnce(webhookTestRequest(rule, camera, Date.now()), this.o.testTimeoutMs ?? 5000);
    return postOutcome(answer);
  }

  close(): void {
    for (const sender of this.senders.values()) sender.close();
    this.senders.clear();
  }

  private start(rule: AdminWebhook): void {
    if (!rule.enabled) return;
    const { publicUrl, counts, onError, nameOf } = this.o;
    // Each sender holds one rule, its "webhook 0" in the message: the rule's id says which.
    const said = (message: string) => onError?.(message.replace(/^webhook 0 /, `webhook ${rule.id} `));
    this.senders.set(rule.id, new Webhooks({ rules: [ruleOf(rule)], publicUrl, counts, nameOf, onError: said, ...this.o.webhooks }));
  }
}
