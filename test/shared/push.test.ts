import { createECDH, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { validatePushSubscription } from '../../shared/push.js';

const ecdh = createECDH('prime256v1');
ecdh.generateKeys();
const good = {
  endpoint: 'https://fcm.googleapis.com/fcm/send/abc',
  keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') },
};
const codeOf = (body: unknown, loopback = false) => {
  const r = validatePushSubscription(body, loopback);
  return r.ok ? 'ok' : r.error.code;
};

describe('validatePushSubscription', () => {
  it("takes a browser's PushSubscription JSON, extra fields (expirationTime) ignored", () => {
    const r = validatePushSubscription({ ...good, expirationTime: null });
    expect(r).toEqual({ ok: true, value: good });
  });

  it('refuses anything but an https endpoint of at most 2048 characters, without credentials', () => {
    expect(codeOf({ ...good, endpoint: 'http://fcm.googleapis.com/x' })).toBe('BAD_PUSH_SUBSCRIPTION');
    expect(codeOf({ ...good, endpoint: 'https://user:pw@push.example/x' })).toBe('BAD_PUSH_SUBSCRIPTION');
    expect(codeOf({ ...good, endpoint: `https://push.example/${'a'.repeat(2040)}` })).toBe('BAD_PUSH_SUBSCRIPTION');
    expect(codeOf({ ...good, endpoint: 'not a url' })).toBe('BAD_PUSH_SUBSCRIPTION');
    expect(codeOf({ ...good, endpoint: 42 })).toBe('BAD_PUSH_SUBSCRIPTION');
  });

  it('takes http only to 127.0.0.1, and only when told (tests)', () => {
    const local = { ...good, endpoint: 'http://127.0.0.1:9999/push/1' };
    expect([codeOf(local), codeOf(local, true), codeOf({ ...local, endpoint: 'http://192.168.1.2/push' }, true)]).toEqual([
      'BAD_PUSH_SUBSCRIPTION',
      'ok',
      'BAD_PUSH_SUBSCRIPTION',
    ]);
  });

  it('checks the keys: a 65-byte P-256 point and a 16-byte auth secret, in base64url', () => {
    expect(codeOf({ ...good, keys: { ...good.keys, p256dh: good.keys.auth } })).toBe('BAD_PUSH_SUBSCRIPTION');
    expect(codeOf({ ...good, keys: { ...good.keys, auth: good.keys.p256dh } })).toBe('BAD_PUSH_SUBSCRIPTION');
    expect(codeOf({ ...good, keys: { ...good.keys, auth: 'not base64!' } })).toBe('BAD_PUSH_SUBSCRIPTION');
    expect(codeOf({ ...good, keys: { ...good.keys, p256dh: 'A'.repeat(10_000) } })).toBe('BAD_PUSH_SUBSCRIPTION');
    expect(codeOf({ endpoint: good.endpoint })).toBe('BAD_PUSH_SUBSCRIPTION');
    expect(codeOf(null)).toBe('BAD_PUSH_SUBSCRIPTION');
  });
});
