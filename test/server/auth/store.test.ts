import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuthStore, type StoredUser } from '../../../server/auth/store.js';

/** A made-up hash: the store keeps it as given and never checks it. */
const user = (username: string, over: Partial<StoredUser> = {}): StoredUser => ({
  username,
  role: 'viewer',
  cameras: '*',
  password: { salt: 's', hash: `h-${username}` },
  ...over,
});

describe('AuthStore', () => {
  let dir: string;
  let stores: AuthStore[];
  const open = () => {
    const store = new AuthStore(dir);
    stores.push(store);
    return store;
  };

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'camrelay-auth-'));
    stores = [];
  });
  afterEach(() => {
    for (const s of stores) s.close();
    vi.useRealTimers();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('#ctor', () => {
    it('starts empty in a new data folder, creating it', () => {
      dir = path.join(dir, 'new', 'data');
      expect(open().listUsers()).toEqual([]);
      expect(statSync(dir).isDirectory()).toBe(true);
    });

    it('starts empty from files that are not JSON lists', () => {
      writeFileSync(path.join(dir, 'users.json'), '{ broken');
      writeFileSync(path.join(dir, 'camera-tokens.json'), '{"a": 1}');
      const store = open();
      expect(store.listUsers()).toEqual([]);
      expect(store.listTokens()).toEqual([]);
    });

    it('restores the last good users.json when the file left is invalid, rather than starting with no users', () => {
      open().putUser(user('constructor', { role: 'admin' }));
      writeFileSync(path.join(dir, 'users.json'), '[{"username": "constr');
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      try {
        expect(open().getUser('constructor')?.role).toBe('admin');
        expect(warn).toHaveBeenCalledWith(expect.stringContaining(`${path.join(dir, 'users.json')} is invalid (`));
        expect(warn).toHaveBeenCalledWith(expect.stringContaining('restored the last good copy'));
      } finally {
        warn.mockRestore();
      }
    });
  });

  describe('#putUser', () => {
    it('adds or replaces a user, kept on disk readable by the owner only', () => {
      const store = open();
      store.putUser(user('alice'));
      store.putUser(user('alice', { role: 'admin' }));
      expect(store.listUsers()).toEqual([user('alice', { role: 'admin' })]);
      expect(open().getUser('alice')?.role).toBe('admin');
      expect(statSync(path.join(dir, 'users.json')).mode & 0o777).toBe(0o600);
    });

    it('keeps what another process wrote since it last read the files', () => {
      const mine = open();
      const other = open();
      other.putUser(user('bob'));
      mine.putUser(user('alice'));
      expect(
        open()
          .listUsers()
          .map((u) => u.username)
          .sort(),
      ).toEqual(['alice', 'bob']);
    });
  });

  describe('#deleteUser', () => {
    it('is true when the user existed, and the user is gone from disk too', () => {
      const store = open();
      store.putUser(user('alice'));
      expect(store.deleteUser('alice')).toBe(true);
      expect(store.deleteUser('alice')).toBe(false);
      expect(open().getUser('alice')).toBeUndefined();
    });
  });

  describe('#createToken', () => {
    it('returns the secret once and stores only its sha256', () => {
      const store = open();
      const { token, secret } = store.createToken('porch', 'garden pi');
      expect(secret.length).toBeGreaterThanOrEqual(32);
      expect(token).toMatchObject({ cameraId: 'porch', label: 'garden pi', hash: createHash('sha256').update(secret).digest('hex') });
      const onDisk = readFileSync(path.join(dir, 'camera-tokens.json'), 'utf8');
      expect(onDisk).toContain(token.id);
      expect(onDisk).not.toContain(secret);
    });

    it('cuts a label to 100 characters', () => {
      expect(open().createToken('porch', 'x'.repeat(300)).token.label).toHaveLength(100);
    });
  });

  describe('#matchToken', () => {
    it('matches a token only for its own camera and its own secret', () => {
      const store = open();
      const { token, secret } = store.createToken('porch');
      store.createToken('garage');
      expect(store.matchToken('porch', secret)).toEqual({ id: token.id, revoked: false });
      expect(store.matchToken('garage', secret)).toBeNull();
      expect(store.matchToken('porch', `${secret}x`)).toBeNull();
      expect(store.matchToken('porch', '')).toBeNull();
    });

    it('still matches a revoked token, saying it is revoked', () => {
      const store = open();
      const { token, secret } = store.createToken('porch');
      store.revokeToken(token.id);
      expect(store.matchToken('porch', secret)).toEqual({ id: token.id, revoked: true });
    });
  });

  describe('#saveUsage', () => {
    it('keeps when each live token was last used in memory, and writes it at most once a minute and on close', () => {
      vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
      vi.setSystemTime(1_000_000);
      const relay = open();
      const { token, secret } = relay.createToken('porch');
      const revoked = relay.createToken('porch');
      relay.revokeToken(revoked.token.id);
      relay.watch(1000);
      const file = path.join(dir, 'camera-tokens.json');
      const onDisk = (id: string) =>
        (JSON.parse(readFileSync(file, 'utf8')) as Array<{ id: string; lastUsedAt?: number }>).find((t) => t.id === id)!.lastUsedAt;
      expect(relay.listTokens()[0]).not.toHaveProperty('lastUsedAt');
      relay.matchToken('porch', secret);
      relay.matchToken('porch', revoked.secret);
      relay.matchToken('porch', `${secret}x`);
      vi.setSystemTime(1_030_000);
      relay.matchToken('porch', secret);
      expect(relay.listTokens()).toEqual([expect.objectContaining({ id: token.id, lastUsedAt: 1_030_000 })]);
      expect(onDisk(token.id)).toBeUndefined();
      // Another process writes the file: what was used here is not lost with the reload.
      open().createToken('garage');
      vi.advanceTimersByTime(1000);
      expect(relay.listTokens().find((t) => t.id === token.id)?.lastUsedAt).toBe(1_030_000);
      vi.advanceTimersByTime(59_000);
      expect(onDisk(token.id)).toBe(1_030_000);
      expect(onDisk(revoked.token.id)).toBeUndefined();
      relay.matchToken('porch', secret);
      const used = Date.now();
      relay.close();
      expect(onDisk(token.id)).toBe(used);
      expect(
        open()
          .listTokens()
          .find((t) => t.id === token.id)?.lastUsedAt,
      ).toBe(used);
    });
  });

  describe('#revokeToken', () => {
    it('revokes a live token once: it leaves the list and hasToken turns false', () => {
      const store = open();
      const { token } = store.createToken('porch');
      expect(store.hasToken(token.id)).toBe(true);
      expect(store.revokeToken(token.id)?.revokedAt).toEqual(expect.any(Number));
      expect(store.revokeToken(token.id)).toBeUndefined();
      expect(store.revokeToken('no-such-id')).toBeUndefined();
      expect(store.listTokens()).toEqual([]);
      expect(store.hasToken(token.id)).toBe(false);
    });
  });

  describe('#watch', () => {
    it('picks up a token revoked by another process within the interval, and tells listeners', () => {
      vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
      const relay = open();
      const { token } = relay.createToken('porch');
      relay.watch(1000);
      const changed = vi.fn();
      relay.onChange(changed);
      // The admin CLI: another store on the same folder.
      open().revokeToken(token.id);
      expect(relay.hasToken(token.id)).toBe(true);
      vi.advanceTimersByTime(1000);
      expect(relay.hasToken(token.id)).toBe(false);
      expect(changed).toHaveBeenCalledTimes(1);
      vi.advanceTimersByTime(5000);
      expect(changed).toHaveBeenCalledTimes(1);
    });
  });

  describe('#onChange', () => {
    it('tells listeners of its own changes until they unsubscribe', () => {
      const store = open();
      const changed = vi.fn();
      const off = store.onChange(changed);
      store.putUser(user('alice'));
      off();
      store.putUser(user('bob'));
      expect(changed).toHaveBeenCalledTimes(1);
    });
  });
});
