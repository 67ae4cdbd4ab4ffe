import { describe, expect, it } from 'vitest';
import type { ApiResult } from '../../../dashboard/src/api.js';
import { Auth, LOGIN_MESSAGES, loginError, parseUser, type AuthState } from '../../../dashboard/src/auth/auth.js';

type Answer = ApiResult<unknown>;

const admin = { username: 'admin', role: 'admin', cameras: '*' } as const;
const ok = (status: number, body: unknown): Answer => ({ ok: true, status, body });
const fail = (status: number, error: string, message: string, retryAfterMs?: number): Answer => ({
  ok: false,
  status,
  body: retryAfterMs === undefined ? { error, message } : { error, message, retryAfterMs },
});
const me = ok(200, { ok: true, user: admin });
const signedOut = fail(401, 'AUTH_REQUIRED', 'Sign in first.');

/** A fake `Api`: each `METHOD path` answers from its queue, or waits for the test to answer it. */
class FakeApi {
  readonly calls: Array<{ method: string; path: string; body?: unknown }> = [];
  private readonly queues = new Map<string, Answer[]>();
  private readonly waiting = new Map<string, Array<(answer: Answer) => void>>();

  answer(key: string, ...answers: Answer[]): this {
    this.queues.set(key, [...(this.queues.get(key) ?? []), ...answers]);
    return this;
  }

  /** Answers a request that found its queue empty. */
  release(key: string, answer: Answer): void {
    this.waiting.get(key)?.shift()?.(answer);
  }

  get<T>(path: string): Promise<ApiResult<T>> {
    return this.request('GET', path) as Promise<ApiResult<T>>;
  }

  post<T>(path: string, body: unknown): Promise<ApiResult<T>> {
    return this.request('POST', path, body) as Promise<ApiResult<T>>;
  }

  private request(method: string, path: string, body?: unknown): Promise<Answer> {
    this.calls.push(body === undefined ? { method, path } : { method, path, body });
    const key = `${method} ${path}`;
    const next = this.queues.get(key)?.shift();
    if (next) return Promise.resolve(next);
    return new Promise((resolve) => this.waiting.set(key, [...(this.waiting.get(key) ?? []), resolve]));
  }
}

function setup(api: FakeApi) {
  const states: AuthState[] = [];
  const auth = new Auth(api, (state) => states.push(state));
  return { auth, states };
}

describe('parseUser', () => {
  it('takes a user with a role and `*` or a list of cameras', () => {
    expect(parseUser(admin)).toEqual(admin);
    expect(parseUser({ username: 'kim', role: 'viewer', cameras: ['door'], extra: 1 })).toEqual({
      username: 'kim',
      role: 'viewer',
      cameras: ['door'],
    });
  });

  it('keeps `talk` only when it is true', () => {
    expect(parseUser({ username: 'kim', role: 'viewer', cameras: '*', talk: true })).toEqual({ username: 'kim', role: 'viewer', cameras: '*', talk: true });
    expect(parseUser({ username: 'kim', role: 'viewer', cameras: '*', talk: 'yes' })).not.toHaveProperty('talk');
  });

  it('refuses anything else', () => {
    expect(parseUser(null)).toBeNull();
    expect(parseUser({ username: 'kim', role: 'root', cameras: '*' })).toBeNull();
    expect(parseUser({ username: 'kim', role: 'viewer', cameras: [1] })).toBeNull();
    expect(parseUser({ role: 'viewer', cameras: '*' })).toBeNull();
  });
});

describe('loginError', () => {
  it('says the name or password is wrong on a 401', () => {
    expect(loginError(401, { error: 'BAD_CREDENTIALS', message: 'x' })).toBe('Wrong user name or password.');
  });

  it('says how many whole seconds to wait on a 429, rounding up', () => {
    expect(loginError(429, { error: 'TOO_MANY_ATTEMPTS', message: 'x', retryAfterMs: 29_001 })).toBe('Too many attempts; try again in 30 s.');
    expect(loginError(429, { error: 'TOO_MANY_ATTEMPTS', message: 'x', retryAfterMs: 10 })).toBe('Too many attempts; try again in 1 s.');
    expect(loginError(429, { error: 'TOO_MANY_ATTEMPTS', message: 'x' })).toBe('Too many attempts; try again later.');
  });

  it("passes on the server's message otherwise", () => {
    expect(loginError(403, { error: 'BAD_ORIGIN', message: 'Cross-origin request refused.' })).toBe('Cross-origin request refused.');
  });
});

describe('Auth', () => {
  describe('#check', () => {
    it('is signed in when /api/me names a user', async () => {
      const { auth, states } = setup(new FakeApi().answer('GET /api/me', me));
      expect(auth.state).toEqual({ phase: 'unknown' });
      await auth.check();
      expect(states).toEqual([{ phase: 'signed-in', user: admin }]);
    });

    it('is signed out, with nothing to complain about, on a 401', async () => {
      const { auth } = setup(new FakeApi().answer('GET /api/me', signedOut));
      expect(await auth.check()).toEqual({ phase: 'signed-out', error: null });
    });

    it('stays unknown when the server has no accounts or cannot be reached', async () => {
      const api = new FakeApi()
        .answer('GET /api/me', fail(404, 'HTTP_404', 'Not found.'))
        .answer('GET /api/me', fail(0, 'NETWORK', 'Could not reach the server.'));
      const { auth, states } = setup(api);
      await auth.check();
      await auth.check();
      expect(states).toEqual([]);
      expect(auth.state.phase).toBe('unknown');
    });
  });

  describe('#login', () => {
    it('signs in on 200 and learns the user from /api/me', async () => {
      const api = new FakeApi().answer('POST /api/login', ok(200, { ok: true, user: admin })).answer('GET /api/me', me);
      const { auth, states } = setup(api);
      await auth.login('admin', 'correct-horse-battery');
      expect(api.calls).toEqual([
        { method: 'POST', path: '/api/login', body: { username: 'admin', password: 'correct-horse-battery' } },
        { method: 'GET', path: '/api/me' },
      ]);
      expect(states).toEqual([{ phase: 'signed-in', user: admin }]);
    });

    it('is signed out with "wrong user name or password" on a 401', async () => {
      const api = new FakeApi().answer('POST /api/login', fail(401, 'BAD_CREDENTIALS', 'Wrong credentials.'));
      const { auth } = setup(api);
      expect(await auth.login('admin', 'nope')).toEqual({ phase: 'signed-out', error: LOGIN_MESSAGES.wrong });
      expect(api.calls).toHaveLength(1);
    });

    it('says how long to wait on a 429', async () => {
      const api = new FakeApi().answer('POST /api/login', fail(429, 'TOO_MANY_ATTEMPTS', 'Too many.', 12_400));
      const { auth } = setup(api);
      expect(await auth.login('admin', 'nope')).toEqual({ phase: 'signed-out', error: 'Too many attempts; try again in 13 s.' });
    });

    it('says so when the password was right but the browser kept no cookie', async () => {
      const api = new FakeApi().answer('POST /api/login', ok(200, { ok: true, user: admin })).answer('GET /api/me', signedOut);
      const { auth } = setup(api);
      expect(await auth.login('admin', 'correct-horse-battery')).toEqual({ phase: 'signed-out', error: LOGIN_MESSAGES.noCookie });
    });

    it('takes the user from the login answer when /api/me fails otherwise', async () => {
      const api = new FakeApi()
        .answer('POST /api/login', ok(200, { ok: true, user: admin }))
        .answer('GET /api/me', fail(0, 'NETWORK', 'Could not reach the server.'));
      const { auth } = setup(api);
      expect(await auth.login('admin', 'correct-horse-battery')).toEqual({ phase: 'signed-in', user: admin });
    });

    it('ignores the answer to a check that was sent before it', async () => {
      const api = new FakeApi();
      const { auth, states } = setup(api);
      const checking = auth.check();
      auth.signOut();
      api.answer('POST /api/login', ok(200, { ok: true, user: admin })).answer('GET /api/me', me);
      await auth.login('admin', 'correct-horse-battery');
      api.release('GET /api/me', signedOut);
      await checking;
      expect(auth.state).toEqual({ phase: 'signed-in', user: admin });
      expect(states.map((s) => s.phase)).toEqual(['signed-out', 'signed-in']);
    });
  });

  describe('#logout', () => {
    async function signedIn() {
      const api = new FakeApi().answer('GET /api/me', me);
      const { auth, states } = setup(api);
      await auth.check();
      return { api, auth, states };
    }

    it('signs out once the server ended the session', async () => {
      const { api, auth } = await signedIn();
      api.answer('POST /api/logout', ok(200, { ok: true }));
      expect(await auth.logout()).toBeNull();
      expect(auth.state).toEqual({ phase: 'signed-out', error: null });
    });

    it('counts a session that was already gone as signed out', async () => {
      const { api, auth } = await signedIn();
      api.answer('POST /api/logout', signedOut);
      expect(await auth.logout()).toBeNull();
      expect(auth.state.phase).toBe('signed-out');
    });

    it('stays signed in and says why when the server did not end the session', async () => {
      const { api, auth } = await signedIn();
      api.answer('POST /api/logout', fail(0, 'NETWORK', 'Could not reach the server.'));
      expect(await auth.logout()).toBe('Could not reach the server.');
      expect(auth.state.phase).toBe('signed-in');
    });

    it('does not call the connection the server drops meanwhile a surprise', async () => {
      const { api, auth } = await signedIn();
      const leaving = auth.logout();
      auth.signOut();
      api.release('POST /api/logout', ok(200, { ok: true }));
      await leaving;
      expect(auth.state).toEqual({ phase: 'signed-out', error: null });
    });
  });

  describe('#signOut', () => {
    it('tells a signed-in user that the session ended', async () => {
      const { auth } = setup(new FakeApi().answer('GET /api/me', me));
      await auth.check();
      auth.signOut();
      expect(auth.state).toEqual({ phase: 'signed-out', error: LOGIN_MESSAGES.ended });
    });

    it('keeps the last login error when already signed out', async () => {
      const api = new FakeApi().answer('POST /api/login', fail(401, 'BAD_CREDENTIALS', 'x'));
      const { auth, states } = setup(api);
      await auth.login('admin', 'nope');
      auth.signOut();
      expect(states).toEqual([{ phase: 'signed-out', error: LOGIN_MESSAGES.wrong }]);
    });
  });
});
