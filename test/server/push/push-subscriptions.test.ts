import { createECDH, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PUSH_SUBSCRIPTIONS_MAX, PUSH_SUBSCRIPTIONS_PER_USER } from '../../../shared/push.js';
import { PushSubscriptions } from '../../../server/push/push-subscriptions.js';

const ecdh = createECDH('prime256v1');
ecdh.generateKeys();
const keys = { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') };
const sub = (n: number) => ({ endpoint: `https://fcm.googleapis.com/fcm/send/${n}`, keys });

describe('PushSubscriptions', () => {
  let dir: string;
  let t = 0;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'camrelay-push-subs-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const store = () => new PushSubscriptions(dir, { now: () => ++t });

  it('keeps devices across a restart, in a file only the relay reads', () => {
    store().add('admin', sub(1));
    expect(
      store()
        .list()
        .map((s) => [s.username, s.endpoint]),
    ).toEqual([['admin', 'https://fcm.googleapis.com/fcm/send/1']]);
    if (process.platform !== 'win32') expect(statSync(path.join(dir, 'push-subscriptions.json')).mode & 0o777).toBe(0o600);
  });

  it('keeps what a device chose to hear of objects across a restart, and drops a choice it cannot read (a hand edit)', () => {
    store().add('admin', sub(1), { alerts: ['left'], newObjectsOnly: true });
    store().add('admin', sub(2));
    expect(
      store()
        .list()
        .map((s) => [s.alerts, s.newObjectsOnly]),
    ).toEqual([
      [['left'], true],
      [undefined, undefined],
    ]);
    const file = path.join(dir, 'push-subscriptions.json');
    writeFileSync(file, JSON.stringify([{ ...sub(3), username: 'admin', createdAt: 1, alerts: ['moved'] }]));
    expect(store().list()).toEqual([{ ...sub(3), username: 'admin', createdAt: 1 }]);
  });

  it('reads past entries it cannot use (null, a number, one without its user) and keeps the rest', () => {
    const good = { ...sub(1), username: 'admin', createdAt: 1 };
    writeFileSync(path.join(dir, 'push-subscriptions.json'), JSON.stringify([null, 42, { ...sub(2), createdAt: 1 }, good]));
    expect(store().list()).toEqual([good]);
  });

  it("replaces a user's oldest device with their eleventh, and the same endpoint again replaces it", () => {
    const s = store();
    for (let i = 0; i <= PUSH_SUBSCRIPTIONS_PER_USER; i++) expect(s.add('admin', sub(i)).ok).toBe(true);
    s.add('viewer', sub(5));
    const mine = s
      .list()
      .filter((x) => x.username === 'admin')
      .map((x) => x.endpoint);
    expect(mine).toHaveLength(PUSH_SUBSCRIPTIONS_PER_USER - 1);
    expect(mine).not.toContain('https://fcm.googleapis.com/fcm/send/0');
    expect(s.list().find((x) => x.endpoint === 'https://fcm.googleapis.com/fcm/send/5')?.username).toBe('viewer');
  });

  it('refuses one device more than it keeps in all, with its code', () => {
    const s = store();
    for (let i = 0; i < PUSH_SUBSCRIPTIONS_MAX; i++) s.add(`user${Math.floor(i / PUSH_SUBSCRIPTIONS_PER_USER)}`, sub(i));
    const r = s.add('late', sub(9999));
    expect(r.ok ? null : r.error.code).toBe('TOO_MANY_PUSH_SUBSCRIPTIONS');
  });

  it('removes a device only for its own user when a user is named', () => {
    const s = store();
    s.add('admin', sub(1));
    expect(s.remove('https://fcm.googleapis.com/fcm/send/1', 'viewer')).toBe(false);
    expect(s.remove('https://fcm.googleapis.com/fcm/send/1', 'admin')).toBe(true);
    expect(s.list()).toEqual([]);
  });
});
