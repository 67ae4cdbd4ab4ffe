import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseCookies, SESSION_COOKIE, sessionCookie, sessionKey, Sessions } from '../../../server/auth/sessions.js';

const HOUR = 3_600_000;

/** The store writes its file on the next turn of the event loop: after this, it has. */
const saved = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('Sessions', () => {
  let sessions: Sessions[] = [];
  let dir: string | undefined;
  const open = (file: string | null = null) => {
    const s = new Sessions(HOUR, file);
    sessions.push(s);
    return s;
  };

  // The clock and the minute sweep are fake; setImmediate stays real, so the file is written.
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000, toFake: ['Date', 'setInterval', 'clearInterval'] }));
  afterEach(async () => {
    for (const s of sessions) s.close();
    sessions = [];
    vi.useRealTimers();
    await saved();
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  describe('#create', () => {
    it('gives an unguessable id that expires after the time to live', () => {
      const store = open();
      const a = store.create('alice', 'cred-1');
      const b = store.create('alice', 'cred-1');
      expect(a.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(a.id).not.toBe(b.id);
      expect(a).toMatchObject({ username: 'alice', credential: 'cred-1', expiresAt: 1_000_000 + HOUR });
    });

    it('ends the oldest sessions of a user beyond twenty, and nobody else’s', () => {
      const store = open();
      const bob = store.create('bob', 'c');
      const alice = Array.from({ length: 21 }, () => store.create('alice', 'c'));
      expect(store.get(alice[0]!.id)).toBeUndefined();
      expect(alice.slice(1).every((s) => store.get(s.id) !== undefined)).toBe(true);
      expect(store.get(bob.id)?.username).toBe('bob');
    });
  });

  describe('#get', () => {
    it('finds a session by its id until it expires', () => {
      const store = open();
      const s = store.create('alice', 'c');
      vi.advanceTimersByTime(HOUR - 1);
      expect(store.get(s.id)).toEqual(s);
      vi.advanceTimersByTime(1);
      expect(store.get(s.id)).toBeUndefined();
    });

    it('finds nothing for no id or an unknown one', () => {
      const store = open();
      store.create('alice', 'c');
      expect(store.get(undefined)).toBeUndefined();
      expect(store.get('')).toBeUndefined();
      expect(store.get('not-a-session')).toBeUndefined();
    });
  });

  describe('#destroy', () => {
    it('ends the session and tells listeners its key and user', () => {
      const store = open();
      const ended = vi.fn();
      store.onEnd(ended);
      const s = store.create('alice', 'c');
      store.destroy(s.id);
      expect(store.get(s.id)).toBeUndefined();
      expect(ended).toHaveBeenCalledExactlyOnceWith({ id: sessionKey(s.id), username: 'alice' });
      store.destroy(s.id);
      store.destroy(undefined);
      expect(ended).toHaveBeenCalledTimes(1);
    });
  });

  describe('#destroyUser', () => {
    it('ends every session of that user only', () => {
      const store = open();
      const alice = [store.create('alice', 'c'), store.create('alice', 'c')];
      const bob = store.create('bob', 'c');
      store.destroyUser('alice');
      expect(alice.map((s) => store.get(s.id))).toEqual([undefined, undefined]);
      expect(store.get(bob.id)).toBeDefined();
    });
  });

  it('ends expired sessions on its own within a minute, without being asked for them', () => {
    const store = open();
    const ended = vi.fn();
    store.onEnd(ended);
    store.create('alice', 'c');
    vi.advanceTimersByTime(HOUR - 1);
    expect(ended).not.toHaveBeenCalled();
    vi.advanceTimersByTime(60_000);
    expect(ended).toHaveBeenCalledWith(expect.objectContaining({ username: 'alice' }));
  });

  describe('#close', () => {
    it('stops the sweep', () => {
      const store = open();
      const ended = vi.fn();
      store.onEnd(ended);
      store.create('alice', 'c');
      store.close();
      vi.advanceTimersByTime(2 * HOUR);
      expect(ended).not.toHaveBeenCalled();
    });
  });

  describe('with a file', () => {
    it('keeps sessions across a restart, storing hashes of the ids, never the ids', async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'camrelay-sessions-'));
      const file = path.join(dir, 'sessions.json');
      const s = open(file).create('alice', 'cred-1');
      await saved();
      expect(readFileSync(file, 'utf8')).not.toContain(s.id);
      expect(open(file).get(s.id)).toEqual(s);
    });

    it('forgets sessions that expired while it was stopped', async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'camrelay-sessions-'));
      const file = path.join(dir, 'sessions.json');
      const before = open(file);
      const s = before.create('alice', 'c');
      await saved();
      before.close();
      vi.setSystemTime(Date.now() + HOUR);
      expect(open(file).get(s.id)).toBeUndefined();
    });

    it('starts empty from a file it cannot read', () => {
      dir = mkdtempSync(path.join(tmpdir(), 'camrelay-sessions-'));
      const file = path.join(dir, 'sessions.json');
      writeFileSync(file, '{ not json');
      const store = open(file);
      expect(store.create('alice', 'c').username).toBe('alice');
    });
  });
});

describe('parseCookies', () => {
  it('reads name=value pairs, trimmed, keeping any = in the value', () => {
    expect(parseCookies(' a=1; b = two ;c=x=y')).toEqual(
      new Map([
        ['a', '1'],
        ['b', 'two'],
        ['c', 'x=y'],
      ]),
    );
  });

  it('keeps the first of duplicate cookies', () => {
    expect(parseCookies(`${SESSION_COOKIE}=first; ${SESSION_COOKIE}=second`).get(SESSION_COOKIE)).toBe('first');
  });

  it('skips parts without a name, and reads no header as no cookies', () => {
    expect(parseCookies('=orphan; flag; a=1')).toEqual(new Map([['a', '1']]));
    expect(parseCookies(undefined).size).toBe(0);
  });
});

describe('sessionCookie', () => {
  afterEach(() => vi.useRealTimers());

  it('sets the id for the time the session has left, HttpOnly and SameSite=Strict', () => {
    vi.useFakeTimers({ now: 0, toFake: ['Date'] });
    const cookie = sessionCookie({ id: 'abc', username: 'alice', credential: 'c', expiresAt: 90_500 }, false);
    expect(cookie).toBe(`${SESSION_COOKIE}=abc; Max-Age=90; Path=/; HttpOnly; SameSite=Strict`);
  });

  it('adds Secure for HTTPS', () => {
    expect(sessionCookie({ id: 'abc', username: 'alice', credential: 'c', expiresAt: Date.now() + HOUR }, true)).toMatch(/; Secure$/);
  });

  it('clears the cookie when there is no session', () => {
    expect(sessionCookie(null, false)).toBe(`${SESSION_COOKIE}=; Max-Age=0; Path=/; HttpOnly; SameSite=Strict`);
  });
});
