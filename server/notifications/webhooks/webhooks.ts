/**
 * Delivers event webhooks without ever holding up the recorder or the detector: `notify()` only
 * queues. Each rule has its own bounded queue and one delivery at a time (a receiver hears a
 * start before its end; a dead one delays only itself). A failed delivery (a network error, a
 * timeout, 408, 429 or 5xx) is tried again after 1 s, 2 s, 4 s…, at most `tries` times.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { EventType } from '../../events/event-record.js';
import type { EventRecord, ObjectAlert } from '../../events/event-record.js';
import { leftSummary } from '../../../common/detect/event-summary.js';
import { alertRequest, webhookRequest, type WebhookRequest } from './webhook-request.js';
import type { WebhookRule } from './webhook-settings.js';
import { own } from '../../../common/own.js';
import { NewObjects, objectMatches } from '../../events/new-objects.js';
import type { EventObject } from '../../../shared/events.js';

export interface WebhooksOptions {
  rules: WebhookRule[];
  publicUrl: string | null;
  onError?: (message: string) => void;
  /** Tests: the first wait between tries (doubled each time), tries, a request's timeout, each queue's size. */
  backoffMs?: number;
  tries?: number;
  timeoutMs?: number;
  queueLimit?: number;
  /** Another instance's counts, to add to them (the Admin area's rules count in the config file's series). */
  counts?: WebhookCounts;
  /** A camera's name as people read it, for object events' words ("Person at Front door"); the id without it. */
  nameOf?: (camera: string) => string;
}

/** What became of deliveries: `delivered`, `failed` (gave up after every try, or refused with a 4xx), `dropped` (queue full). */
export type WebhookOutcome = 'delivered' | 'failed' | 'dropped';
export type WebhookCounts = Record<WebhookOutcome | 'retries', number>;

interface Queue {
  rule: WebhookRule;
  index: number;
  items: WebhookRequest[];
  busy: boolean;
}

/** Each rule's queue, a request's timeout, the first wait between tries (doubled each time), and the tries (docs/notifications.md). */
export const WEBHOOK_DEFAULTS = { queueLimit: 100, timeoutMs: 10_000, backoffMs: 1000, tries: 5 };

const retryable = (status: number) => status >= 500 || status === 408 || status === 429;

/** One POST's answer (its status), or why there was none, in words (`connection refused to 127.0.0.1:9`). */
export type PostResult = { status: number; statusText: string } | { status: null; why: string };

/** Why a fetch got no answer: the socket's error (its code names it), a timeout, or the client's message. */
function noAnswer(err: unknown, timeoutMs: number, url: string): string {
  if ((err as Error).name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const cause = (err as { cause?: NodeJS.ErrnoException & { address?: string; port?: number; hostname?: string } }).cause;
  if (cause?.code === 'ECONNREFUSED') return `connection refused to ${cause.address}:${cause.port}`;
  if (cause?.code === 'ENOTFOUND') return `host not found: ${cause.hostname}`;
  // fetch refuses the ports of other protocols (the Fetch standard's list: 9, 25, 6000…) before connecting.
  if (cause?.message === 'bad port') return `fetch does not post to port ${new URL(url).port} (a port of another protocol)`;
  return cause?.message ?? (err as Error).message;
}

/** Posts one request once (no retry); `stop` aborts it. Never throws. */
export async function postOnce(req: WebhookRequest, timeoutMs: number, stop?: AbortSignal): Promise<PostResult> {
  try {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = stop ? AbortSignal.any([stop, timeout]) : timeout;
    const res = await fetch(req.url, { method: 'POST', headers: req.headers, body: req.body, signal, redirect: 'error' });
    await res.body?.cancel();
    return { status: res.status, statusText: res.statusText };
  } catch (err) {
    return { status: null, why: noAnswer(err, timeoutMs, req.url) };
  }
}

/** What the Admin area says of a test: `Delivered: 200 OK`, `Failed: 401 from the receiver`, `Failed: connection refused to ...`. */
export function postOutcome(r: PostResult): { delivered: boolean; outcome: string } {
  if (r.status === null) return { delivered: false, outcome: `Failed: ${r.why}` };
  if (r.status >= 200 && r.status < 300) return { delivered: true, outcome: `Delivered: ${r.status} ${r.statusText}`.trim() };
  return { delivered: false, outcome: `Failed: ${r.status} from the receiver` };
}

export class Webhooks {
  readonly counts: WebhookCounts;
  private readonly queues: Queue[];
  private readonly stop = new AbortController();
  private readonly o: Required<Omit<WebhooksOptions, 'onError' | 'counts' | 'nameOf'>> & Pick<WebhooksOptions, 'onError' | 'nameOf'>;
  private readonly news = new NewObjects();

  constructor(options: WebhooksOptions) {
    const { counts, ...rest } = options;
    this.o = { ...WEBHOOK_DEFAULTS, ...rest };
    this.counts = counts ?? { delivered: 0, failed: 0, dropped: 0, retries: 0 };
    this.queues = options.rules.map((rule, index) => ({ rule, index, items: [], busy: false }));
  }

  /** Requests waiting or being delivered, over every rule. */
  get queued(): number {
    return this.queues.reduce((n, q) => n + q.items.length + (q.busy ? 1 : 0), 0);
  }

  /**
   * An event started, ended or gained objects: queued for every rule it matches; returns at once. A
   * rule without `labels` hears starts and ends; one with `labels` hears each new object of them
   * (in its `zones`), once: an object event's new objects that match make one request. With
   * `newObjectsOnly`, an object that moves again after standing still is not told again. With `names`
   * (#58), it hears an object once it is known as one of them (its face or plate read), not before.
   */
  notify(type: EventType, record: EventRecord): void {
    if (this.stop.signal.aborted) return;
    const fresh = this.news.take(type, record);
    const known = this.news.identitiesTold(type, record);
    for (const q of this.queues) {
      const { cameras, events, labels, zones, alerts, newObjectsOnly, names } = q.rule;
      if (cameras && !cameras.includes(record.camera)) continue;
      let req: WebhookRequest;
      if (labels) {
        if (alerts && !alerts.includes('objects')) continue;
        const heard = names ? known.filter((o) => knownAs(o, names)) : fresh;
        const matched = heard.filter((o) => objectMatches(o, labels, zones) && !(newObjectsOnly && o.again));
        if (matched.length === 0) continue;
        req = webhookRequest(q.rule, type, record, this.o.publicUrl, { name: this.o.nameOf?.(record.camera) ?? record.camera, objects: matched });
      } else {
        if (type === 'object' || (events && !events.includes(type))) continue;
        req = webhookRequest(q.rule, type, record, this.o.publicUrl);
      }
      this.enqueue(q, req);
    }
  }

  /**
   * An object's loitering or leaving on `camera` (`record`: its event under way, if any): queued for
   * every rule with labels that asks for its kind in `alerts` and matches the object (a stay: in the
   * zone it stayed in, when the rule names zones).
   */
  alert(camera: string, alert: ObjectAlert, record: EventRecord | null): void {
    if (this.stop.signal.aborted) return;
    const name = this.o.nameOf?.(camera) ?? camera;
    // A leaving from no zone is told by the camera's name, which only this side knows.
    const summary = alert.kind === 'left' && alert.zone === null ? leftSummary(alert.object.label, name, alert.forMs) : alert.text;
    for (const q of this.queues) {
      const { cameras, labels, zones, alerts } = q.rule;
      if (!labels || !alerts?.includes(alert.kind) || (cameras && !cameras.includes(camera))) continue;
      const matches =
        alert.kind === 'loitering' ? objectMatches({ ...alert.object, zones: [alert.zone] }, labels, zones) : objectMatches(alert.object, labels, zones);
      if (matches) this.enqueue(q, alertRequest(q.rule, camera, alert, summary, record, this.o.publicUrl));
    }
  }

  private enqueue(q: Queue, req: WebhookRequest): void {
    if (q.items.length >= this.o.queueLimit) {
      this.counts.dropped++;
      return;
    }
    q.items.push(req);
    own(this.pump(q), (err) => this.o.onError?.(`webhook ${q.index} failed: ${err.message}`));
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
      const answer = await postOnce(req, this.o.timeoutMs, this.stop.signal);
      if (this.stop.signal.aborted) return;
      if (answer.status !== null && answer.status >= 200 && answer.status < 300) {
        this.counts.delivered++;
        return;
      }
      why = answer.status === null ? answer.why : `HTTP ${answer.status}`;
      if (answer.status !== null && !retryable(answer.status)) break;
    }
    this.counts.failed++;
    this.o.onError?.(`webhook ${q.index} (${new URL(req.url).host}) gave up: ${why}`);
  }
}

/** Whether `o` is known as one of `names` (#58): its face's or plate's name, or `unknown` for a face or plate no one named. */
export function knownAs(o: EventObject, names: readonly string[]): boolean {
  const who = o.face ?? o.plate;
  if (!who) return false;
  if (!who.name) return names.some((n) => n.toLowerCase() === 'unknown');
  const name = who.name.toLowerCase();
  return names.some((n) => n.toLowerCase() === name);
}
