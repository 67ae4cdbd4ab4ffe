import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Authenticator, canView, credentialOf, type Principal } from '../../../server/auth/authenticator.js';
import { hashPassword, type PasswordHash } from '../../../server/auth/passwords.js';
import { FailureLimiter } from '../../../server/auth/rate-limit.js';
import { SESSION_COOKIE, Sessions } from '../../../server/auth/sessions.js';
import { AuthStore } from '../../../server/auth/store.js';

const SITE_TOKEN = 'site-wide-capture-token';
const IP = '10.0.0.9';
const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
const codeOf = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);

// scrypt is slow on purpose: hash each password once for the whole file. Alice's holds a colon, as Basic allows.
let alicePw: PasswordHash;
let alicePw2: PasswordHash;
beforeAll(async () => {
  [alicePw, alicePw2] = await Promise.all([hashPassword('alice:password'), hashPassword('alice-new-password')]);
});

describe('Authenticator', () => {
  let dir: string;
  let store: AuthStore;
  let sessions: Sessions;
  let auth: Authenticator;

  /** Three failures then a minute's block, logins and camera tokens counted apart. */
  const limiters = () => ({
    logins: new FailureLimiter({ maxFailures: 3, windowMs: 60_000, blockMs: 60_000 }),
    tokens: new FailureLimiter({ maxFailures: 3, windowMs: 60_000, blockMs: 60_000 }),
  });

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'camrelay-authn-'));
    store = new AuthStore(dir);
    store.putUser({ username: 'alice', role: 'viewer', cameras: ['porch'], password: alicePw });
    sessions = new Sessions(3_600_000);
    auth = new Authenticator(store, sessions, limiters(), SITE_TOKEN);
  });
  afterEach(() => {
    sessions.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('#fromCredentials', () => {
    it('gives the user as a principal for the right password, as often as asked', async () => {
      for (let i = 0; i < 5; i++) {
        const result = await auth.fromCredentials('alice', 'alice:password', IP);
        expect(result).toEqual({
          ok: true,
          value: { username: 'alice', role: 'viewer', cameras: ['porch'], talk: false, identities: false, credential: credentialOf(store.getUser('alice')!) },
        });
      }
    });

    it.each([
      ['a wrong password', 'alice', 'guess'],
      ['an unknown user', 'mallory', 'alice:password'],
      ['a user name that is not text', 42, 'alice:password'],
      ['a password over 1024 characters', 'alice', 'x'.repeat(1025)],
    ])('refuses %s with BAD_CREDENTIALS', async (_what, username, password) => {
      expect(codeOf(await auth.fromCredentials(username, password, IP))).toBe('BAD_CREDENTIALS');
    });

    it('blocks an address after three failures, even for the right password, and says when to retry', async () => {
      for (const guess of ['a', 'b']) expect(codeOf(await auth.fromCredentials('alice', guess, IP))).toBe('BAD_CREDENTIALS');
      expect(codeOf(await auth.fromCredentials('alice', 'c', IP))).toBe('TOO_MANY_ATTEMPTS');
      const result = await auth.fromCredentials('alice', 'alice:password', IP);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('TOO_MANY_ATTEMPTS');
        expect(result.error.retryAfterMs).toBeGreaterThan(55_000);
      }
      expect(codeOf(await auth.fromCredentials('alice', 'alice:password', '10.0.0.10'))).toBe('ok');
    });

    it('counts parallel guesses from one address one at a time, so they cannot outrun the limit', async () => {
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => auth.fromCredentials('alice', `guess-${i}`, IP)));
      expect(results.map(codeOf)).toEqual(['BAD_CREDENTIALS', 'BAD_CREDENTIALS', ...Array(6).fill('TOO_MANY_ATTEMPTS')]);
    });

    it('stops accepting the old password once the password changes', async () => {
      expect(codeOf(await auth.fromCredentials('alice', 'alice:password', IP))).toBe('ok');
      store.putUser({ ...store.getUser('alice')!, password: alicePw2 });
      expect(codeOf(await auth.fromCredentials('alice', 'alice:password', IP))).toBe('BAD_CREDENTIALS');
      expect(codeOf(await auth.fromCredentials('alice', 'alice-new-password', IP))).toBe('ok');
    });
  });

  describe('#fromHeaders', () => {
    it('takes the user of a session cookie first, with the session id', async () => {
      const session = sessions.create('alice', credentialOf(store.getUser('alice')!));
      const result = await auth.fromHeaders({ cookie: `other=1; ${SESSION_COOKIE}=${session.id}`, ...basic('mallory', 'x') }, IP);
      expect(result.ok && result.value).toMatchObject({ username: 'alice', sessionId: session.id });
    });

    it('ends a session opened with a password that has since changed', async () => {
      const session = sessions.create('alice', credentialOf(store.getUser('alice')!));
      store.putUser({ ...store.getUser('alice')!, password: alicePw2 });
      expect(codeOf(await auth.fromHeaders({ cookie: `${SESSION_COOKIE}=${session.id}` }, IP))).toBe('AUTH_REQUIRED');
      expect(sessions.get(session.id)).toBeUndefined();
    });

    it('ends the session of a deleted user', async () => {
      const session = sessions.create('alice', credentialOf(store.getUser('alice')!));
      store.deleteUser('alice');
      expect(codeOf(await auth.fromHeaders({ cookie: `${SESSION_COOKIE}=${session.id}` }, IP))).toBe('AUTH_REQUIRED');
      expect(sessions.get(session.id)).toBeUndefined();
    });

    it('checks HTTP Basic credentials, whose password may hold a colon', async () => {
      const result = await auth.fromHeaders(basic('alice', 'alice:password'), IP);
      expect(result.ok && result.value.username).toBe('alice');
      expect(result.ok && result.value.sessionId).toBeUndefined();
    });

    it('refuses a Basic header without a user name as BAD_CREDENTIALS, and counts it', async () => {
      const noName = { authorization: `Basic ${Buffer.from(':alice-password').toString('base64')}` };
      for (let i = 0; i < 3; i++) expect(codeOf(await auth.fromHeaders(noName, IP))).toBe('BAD_CREDENTIALS');
      expect(codeOf(await auth.fromCredentials('alice', 'alice:password', IP))).toBe('TOO_MANY_ATTEMPTS');
    });

    it('asks for credentials when there are none, or only an unknown cookie', async () => {
      expect(codeOf(await auth.fromHeaders({}, IP))).toBe('AUTH_REQUIRED');
      expect(codeOf(await auth.fromHeaders({ cookie: `${SESSION_COOKIE}=forged` }, IP))).toBe('AUTH_REQUIRED');
      expect(codeOf(await auth.fromHeaders({ authorization: 'Bearer abc' }, IP))).toBe('AUTH_REQUIRED');
    });
  });

  describe('#captureToken', () => {
    it('accepts the site-wide token for any camera, with no token id', () => {
      expect(auth.captureToken(SITE_TOKEN, 'anything', IP)).toEqual({ ok: true, value: { tokenId: null } });
    });

    it("accepts a camera's own token for that camera only", () => {
      const { token, secret } = store.createToken('porch');
      expect(auth.captureToken(secret, 'porch', IP)).toEqual({ ok: true, value: { tokenId: token.id } });
      expect(codeOf(auth.captureToken(secret, 'garage', IP))).toBe('BAD_TOKEN');
    });

    it('says REVOKED for a revoked token', () => {
      const { token, secret } = store.createToken('porch');
      store.revokeToken(token.id);
      expect(codeOf(auth.captureToken(secret, 'porch', IP))).toBe('REVOKED');
    });

    it.each([
      ['nothing', undefined],
      ['an empty token', ''],
      ['a number', 7],
      ['a token over 1024 characters', 'x'.repeat(1025)],
    ])('refuses %s with BAD_TOKEN', (_what, token) => {
      expect(codeOf(auth.captureToken(token, 'porch', IP))).toBe('BAD_TOKEN');
    });

    it('charges one mistake for a client retrying the same wrong token, but blocks different guesses', () => {
      for (let i = 0; i < 10; i++) expect(codeOf(auth.captureToken('typo', 'porch', IP))).toBe('BAD_TOKEN');
      expect(codeOf(auth.captureToken('guess-1', 'porch', IP))).toBe('BAD_TOKEN');
      expect(codeOf(auth.captureToken('guess-2', 'porch', IP))).toBe('TOO_MANY_ATTEMPTS');
      expect(codeOf(auth.captureToken(SITE_TOKEN, 'porch', IP))).toBe('TOO_MANY_ATTEMPTS');
    });

    it('does not lock the address out of logins when its camera tokens are blocked', async () => {
      for (const guess of ['a', 'b', 'c']) auth.captureToken(guess, 'porch', IP);
      expect(codeOf(auth.captureToken(SITE_TOKEN, 'porch', IP))).toBe('TOO_MANY_ATTEMPTS');
      expect(codeOf(await auth.fromCredentials('alice', 'alice:password', IP))).toBe('ok');
    });
  });
});

describe('canView', () => {
  const viewer = (cameras: Principal['cameras'], role: Principal['role'] = 'viewer'): Principal => ({ username: 'u', role, cameras, credential: 'c' });

  it('lets an admin see every camera, whatever its list says', () => {
    expect(canView(viewer([], 'admin'), 'porch')).toBe(true);
  });

  it("lets a viewer see every camera with '*', else only the listed ones", () => {
    expect(canView(viewer('*'), 'porch')).toBe(true);
    expect(canView(viewer(['porch']), 'porch')).toBe(true);
    expect(canView(viewer(['porch']), 'garage')).toBe(false);
  });
});

describe('credentialOf', () => {
  it('is a short fingerprint that changes with the password and reveals nothing of the hash', () => {
    const user = { username: 'alice', role: 'viewer' as const, cameras: '*' as const, password: { salt: 's', hash: 'aGFzaC1vbmU=' } };
    const before = credentialOf(user);
    expect(before).toHaveLength(16);
    expect(credentialOf({ ...user })).toBe(before);
    expect(credentialOf({ ...user, password: { salt: 's', hash: 'aGFzaC10d28=' } })).not.toBe(before);
    expect(before).not.toContain('aGFzaC1vbmU');
  });
});
