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
    expect(codeOf({ ...good, endpoint: 'https://user:pw@fcm.googleapis.com/x' })).toBe('BAD_PUSH_SUBSCRIPTION');
    expect(codeOf({ ...good, endpoint: `https://fcm.googleapis.com/${'a'.repeat(2040)}` })).toBe('BAD_PUSH_SUBSCRIPTION');
    expect(codeOf({ ...good, endpoint: 'not a url' })).toBe('BAD_PUSH_SUBSCRIPTION');
    expect(codeOf({ ...good, endpoint: 42 })).toBe('BAD_PUSH_SUBSCRIPTION');
  });

  it("takes only a browser's push service (Google's, Mozilla's, Apple's, Microsoft's): any other host would be the relay posting where a user says", () => {
    const at = (endpoint: string) => codeOf({ ...good, endpoint });
    expect(
      [
        'https://fcm.googleapis.com/wp/abc',
        'https://updates.push.services.mozilla.com/wpush/v2/abc',
        'https://web.push.apple.com/abc',
        'https://wns2-par02p.notify.windows.com/w/?token=abc',
        'https://FCM.googleapis.com./x',
      ].map(at),
    ).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(
      [
        'https://push.example/x',
        'https://fcm.googleapis.com.evil.example/x',
        'https://evilfcm.googleapis.com/x',
        'https://192.168.1.1/x',
        'https://localhost/x',
      ].map(at),
    ).toEqual(Array(5).fill('BAD_PUSH_SUBSCRIPTION'));
    const r = validatePushSubscription({ ...good, endpoint: 'https://192.168.1.1/admin' });
    expect(!r.ok && r.error.message).toMatch(
      /^The push subscription is not valid: endpoint must be at a browser's push service \(fcm\.googleapis\.com, .*\); 192\.168\.1\.1 is not one\.$/,
    );
  });

  it('takes http only to 127.0.0.1, and only when told (tests)', () => {
    const local = { ...good, endpoint: 'http://127.0.0.1:9999/push/1' };
    expect([codeOf(local), codeOf(local, true), codeOf({ ...local, endpoint: 'http://192.168.1.2/push' }, true)]).toEqual([
      'BAD_PUSH_SUBSCRIPTION',
      'ok',
      'BAD_PUSH_SUBSCRIPTION',
    ]);
  });

  it('refuses a 65-byte key starting 0x04 that is not a point on P-256 (every notice to it would fail, unseen)', () => {
    const off = Buffer.from(good.keys.p256dh, 'base64url');
    off[64] = off[64]! ^ 1;
    const r = validatePushSubscription({ ...good, keys: { ...good.keys, p256dh: off.toString('base64url') } });
    expect(!r.ok && r.error.message).toBe(
      'The push subscription is not valid: keys.p256dh must be a P-256 public key: 65 bytes starting 0x04, a point on the curve, in base64url.',
    );
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
