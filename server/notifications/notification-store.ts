/**
 * The notifications made in the Admin area, kept in `<data>/notifications.json` with their secrets
 * (header values, the MQTT password). The file is the relay's alone (mode 0600, written whole then
 * renamed, so a crash leaves the old file or the new, never half of one). Each entry is checked
 * again as it is read, by the same checkers as the API: one that no longer passes is skipped.
 */
import path from 'node:path';
import { checkMqttInput, type AdminMqtt } from './mqtt-input.js';
import { checkWebhookInput, type AdminWebhook } from './webhook-input.js';
import { DataFile } from '../config/data-file.js';

/** As many rules as the config file takes (recording.webhooks). */
export const ADMIN_WEBHOOKS_MAX = 32;

export interface NotificationStoreOptions {
  /** Told of an entry that no longer passes the checks (it is skipped, not deleted). */
  onSkipped?: (what: string, why: string) => void;
}

const ID = /^[a-z0-9]{1,32}$/;

export class NotificationStore {
  readonly file: string;
  private readonly data: DataFile;
  private readonly webhooks = new Map<string, AdminWebhook>();
  private mqttSettings: AdminMqtt | null = null;

  constructor(dataDir: string, o: NotificationStoreOptions = {}) {
    this.file = path.join(dataDir, 'notifications.json');
    const warn = o.onSkipped && ((line: string) => o.onSkipped!('notifications.json', line));
    this.data = new DataFile(this.file, { warn, check: (v) => typeof v === 'object' && v !== null && !Array.isArray(v) });
    const saved = (this.data.read() ?? {}) as { webhooks?: unknown; mqtt?: unknown };
    const list = Array.isArray(saved?.webhooks) ? saved.webhooks.slice(0, ADMIN_WEBHOOKS_MAX) : [];
    for (const [i, entry] of list.entries()) {
      const id = (entry as { id?: unknown } | null)?.id;
      const { id: _id, ...rest } = (entry ?? {}) as Record<string, unknown>;
      const checked = typeof id === 'string' && ID.test(id) ? checkWebhookInput(rest, id) : null;
      if (checked?.ok) this.webhooks.set(checked.value.id, checked.value);
      else o.onSkipped?.(`webhooks[${i}]`, checked ? checked.error.message : 'no id');
    }
    if (saved?.mqtt) {
      const checked = checkMqttInput(saved.mqtt);
      if (checked.ok) this.mqttSettings = checked.value.admin;
      else o.onSkipped?.('mqtt', checked.error.message);
    }
  }

  list(): AdminWebhook[] {
    return [...this.webhooks.values()];
  }

  get(id: string): AdminWebhook | undefined {
    return this.webhooks.get(id);
  }

  /** Adds or replaces one; false when ADMIN_WEBHOOKS_MAX others are kept. */
  put(rule: AdminWebhook): boolean {
    if (!ID.test(rule.id)) throw new TypeError(`A webhook id is 1-32 characters of a-z and 0-9, not "${rule.id}".`);
    if (!this.webhooks.has(rule.id) && this.webhooks.size >= ADMIN_WEBHOOKS_MAX) return false;
    const before = this.webhooks.get(rule.id);
    this.webhooks.set(rule.id, rule);
    this.save(() => (before ? this.webhooks.set(rule.id, before) : this.webhooks.delete(rule.id)));
    return true;
  }

  delete(id: string): boolean {
    const before = this.webhooks.get(id);
    if (!before) return false;
    this.webhooks.delete(id);
    this.save(() => this.webhooks.set(id, before));
    return true;
  }

  get mqtt(): AdminMqtt | null {
    return this.mqttSettings;
  }

  setMqtt(settings: AdminMqtt | null): void {
    const before = this.mqttSettings;
    this.mqttSettings = settings;
    this.save(() => (this.mqttSettings = before));
  }

  /** Writes the file; when that fails, `undo` puts memory back to what the disk holds and the error is thrown. */
  private save(undo: () => void): void {
    try {
      this.data.writeSync(JSON.stringify({ webhooks: this.list(), mqtt: this.mqttSettings }, null, 2) + '\n');
    } catch (err) {
      undo();
      throw err;
    }
  }
}
