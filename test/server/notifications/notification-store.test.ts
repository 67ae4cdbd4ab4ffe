/** The Admin area's notifications in the data folder: written whole (0600), read back checked. */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_WEBHOOKS_MAX, NotificationStore } from '../../../server/notifications/notification-store.js';
import { checkWebhookInput, webhookView } from '../../../server/notifications/webhook-input.js';

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'camrelay-notify-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('NotificationStore', () => {
  it('keeps rules and MQTT across a restart, in a file only the relay may read', () => {
    const store = new NotificationStore(dir);
    store.put({ id: 'a1', enabled: true, url: 'http://h/x', headers: { Authorization: 'Bearer t' } });
    store.setMqtt({ enabled: true, url: 'mqtt://b', username: 'u', password: 'p' });
    expect(statSync(store.file).mode & 0o777).toBe(0o600);
    const again = new NotificationStore(dir);
    expect(again.list()).toEqual([{ id: 'a1', enabled: true, url: 'http://h/x', headers: { Authorization: 'Bearer t' } }]);
    expect(again.mqtt).toEqual({ enabled: true, url: 'mqtt://b', username: 'u', password: 'p' });
    expect(again.delete('a1')).toBe(true);
    expect(new NotificationStore(dir).list()).toEqual([]);
  });

  it('keeps a rule’s alerts and newObjectsOnly across a restart, and the Admin area’s form reads them back (#57)', () => {
    const rule = { url: 'http://h/x', labels: ['person' as const], alerts: ['left' as const, 'loitering' as const], newObjectsOnly: true };
    const checked = checkWebhookInput(rule, 'a2');
    expect(checked.ok).toBe(true);
    new NotificationStore(dir).put(checked.ok ? checked.value : (null as never));
    const [again] = new NotificationStore(dir).list();
    expect(again).toEqual({ id: 'a2', enabled: true, ...rule });
    expect(webhookView(again!, 'a2', 'admin', true)).toMatchObject({ alerts: ['left', 'loitering'], newObjectsOnly: true });
    // Out of bounds: refused with the code and the field named, nothing stored.
    expect(checkWebhookInput({ ...rule, alerts: [] }, 'a3')).toMatchObject({ ok: false, error: { field: 'alerts', code: 'BAD_WEBHOOK' } });
  });

  it('skips, and says so, what no longer passes the checks, and a file that is not JSON', () => {
    writeFileSync(
      path.join(dir, 'notifications.json'),
      JSON.stringify({
        webhooks: [{ id: 'ok1', enabled: true, url: 'http://h' }, { id: 'bad', enabled: true, url: 'ftp://h' }, { url: 'http://h' }],
        mqtt: { url: 'http://b' },
      }),
    );
    const skipped: string[] = [];
    const store = new NotificationStore(dir, { onSkipped: (what, why) => skipped.push(`${what}: ${why}`) });
    expect(store.list().map((w) => w.id)).toEqual(['ok1']);
    expect(store.mqtt).toBeNull();
    expect(skipped).toEqual([
      'webhooks[1]: webhook.url must be an http:// or https:// URL without a user name or password',
      'webhooks[2]: no id',
      expect.stringMatching(/^mqtt: mqtt\.url must be an mqtt:\/\//),
    ]);
    writeFileSync(path.join(dir, 'notifications.json'), '{ half');
    const broken: string[] = [];
    expect(new NotificationStore(dir, { onSkipped: (what) => broken.push(what) }).list()).toEqual([]);
    expect(broken).toEqual(['notifications.json']);
  });

  it(`keeps at most ${ADMIN_WEBHOOKS_MAX} rules`, () => {
    const store = new NotificationStore(dir);
    for (let i = 0; i < ADMIN_WEBHOOKS_MAX; i++) expect(store.put({ id: `r${i}`, enabled: true, url: 'http://h' })).toBe(true);
    expect(store.put({ id: 'one0more', enabled: true, url: 'http://h' })).toBe(false);
    expect(store.put({ id: 'r0', enabled: false, url: 'http://h' })).toBe(true);
    expect(JSON.parse(readFileSync(store.file, 'utf8')).webhooks).toHaveLength(ADMIN_WEBHOOKS_MAX);
  });
});
