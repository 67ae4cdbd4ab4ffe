/**
 * The devices the relay notifies, in `<data>/push-subscriptions.json` (mode 0600, written whole then
 * renamed): each a browser's push endpoint and keys, and the user who switched it on (whose rights
 * decide which cameras it hears of), with what it chose to hear of objects (push-rules.ts). At most PUSH_SUBSCRIPTIONS_MAX in all; a user's eleventh
 * device replaces their oldest. Read again whenever the file changed, as another node of a
 * cluster (docs/scaling.md: one shared data folder) may have written it.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { CamrelayError } from '../../shared/errors.js';
import { PUSH_SUBSCRIPTIONS_MAX, PUSH_SUBSCRIPTIONS_PER_USER, validatePushSubscription, type PushSubscriptionInput } from '../../shared/push.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { DataFile } from '../config/data-file.js';
import { parsePushRule, type PushRule } from './push-rules.js';

export interface StoredSubscription extends PushSubscriptionInput, PushRule {
  username: string;
  createdAt: number;
}

/** One of a user's devices as the relay tells it back: `alerts` null is the default (push-rules.ts). */
export interface PushDevice {
  endpoint: string;
  createdAt: number;
  alerts: PushRule['alerts'] | null;
  newObjectsOnly: boolean;
}

export class PushSubscriptions {
  private readonly file: string;
  private readonly data: DataFile;
  /** By endpoint, oldest first. */
  private readonly subs = new Map<string, StoredSubscription>();

  private readonly now: () => number;
  private readonly allowLoopbackHttp: boolean;
  /** The file as last read or written (mtime and size): nodes of a cluster share the data folder. */
  private stamp = '';

  /** `allowLoopbackHttp`: as validatePushSubscription's (tests). */
  constructor(dataDir: string, o: { allowLoopbackHttp?: boolean; now?: () => number } = {}) {
    this.now = o.now ?? Date.now;
    this.file = path.join(dataDir, 'push-subscriptions.json');
    this.data = new DataFile(this.file, { check: Array.isArray });
    this.allowLoopbackHttp = o.allowLoopbackHttp ?? false;
    this.load();
  }

  list(): StoredSubscription[] {
    this.refresh();
    return [...this.subs.values()];
  }

  /** Keeps `sub` for `username` with its `rule` (the same endpoint again replaces it, whoever had it). */
  add(username: string, sub: PushSubscriptionInput, rule: PushRule = {}): Result<StoredSubscription> {
    this.refresh();
    this.subs.delete(sub.endpoint);
    const mine = this.list().filter((s) => s.username === username);
    if (mine.length >= PUSH_SUBSCRIPTIONS_PER_USER) this.subs.delete(mine[0]!.endpoint);
    if (this.subs.size >= PUSH_SUBSCRIPTIONS_MAX) return fail(new CamrelayError('TOO_MANY_PUSH_SUBSCRIPTIONS'));
    const stored = { ...sub, ...rule, username, createdAt: this.now() };
    this.subs.set(sub.endpoint, stored);
    this.save();
    return ok(stored);
  }

  /** `username`'s devices, oldest first, without their keys: what the Live Monitor shows of them. */
  devicesOf(username: string): PushDevice[] {
    return this.list()
      .filter((s) => s.username === username)
      .map((s) => ({ endpoint: s.endpoint, createdAt: s.createdAt, alerts: s.alerts ?? null, newObjectsOnly: s.newObjectsOnly ?? false }));
  }

  /** Changes what `endpoint` hears of objects, if it is `username`'s (the fields `rule` has replace its own); null when it is not theirs or not kept. */
  choose(endpoint: string, username: string, rule: PushRule): StoredSubscription | null {
    this.refresh();
    const sub = this.subs.get(endpoint);
    if (!sub || sub.username !== username) return null;
    const chosen = { ...sub, ...rule };
    this.subs.set(endpoint, chosen);
    this.save();
    return chosen;
  }

  /** Forgets an endpoint; `username`: only if it is that user's. */
  remove(endpoint: string, username?: string): boolean {
    this.refresh();
    const sub = this.subs.get(endpoint);
    if (!sub || (username !== undefined && sub.username !== username)) return false;
    this.subs.delete(endpoint);
    this.save();
    return true;
  }

  private save(): void {
    this.data.writeSync(JSON.stringify([...this.subs.values()], null, 2) + '\n');
    this.stamp = this.fileStamp();
  }

  /** Another node may have written the file since: read it again first. */
  private refresh(): void {
    if (this.fileStamp() !== this.stamp) this.load();
  }

  private load(): void {
    this.stamp = this.fileStamp();
    this.subs.clear();
    // None yet, or invalid with no good copy (said on stderr): devices switch notifications on again.
    const saved = this.data.read() ?? [];
    for (const entry of Array.isArray(saved) ? saved.slice(0, PUSH_SUBSCRIPTIONS_MAX) : []) {
      const checked = validatePushSubscription(entry, this.allowLoopbackHttp);
      // After the check: a null entry (a hand edit) has no fields to read, and must not stop push starting.
      if (!checked.ok) continue;
      const { username, createdAt } = entry as Partial<StoredSubscription>;
      // A choice not understood (a hand edit) is dropped: the device hears the default.
      const rule = parsePushRule(entry);
      if (typeof username === 'string' && typeof createdAt === 'number')
        this.subs.set(checked.value.endpoint, { ...checked.value, ...(rule.ok ? rule.value : {}), username, createdAt });
    }
  }

  private fileStamp(): string {
    try {
      const s = statSync(this.file);
      return `${s.mtimeMs}:${s.size}`;
    } catch {
      return '-';
    }
  }
}
