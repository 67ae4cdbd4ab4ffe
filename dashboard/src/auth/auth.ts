/** Who is signed in, and the sentences the sign-in form shows when the server says no. */
import type { User, UserAnswer } from '../../../shared/auth.js';
import type { Api, ApiError, Unchecked } from '../api.js';

// The camera page (camera/credentials.ts) imports `User` from here.
export type { User };

/** A `User` from untrusted JSON, or null when it is not one. */
export function parseUser(value: unknown): User | null {
  if (typeof value !== 'object' || value === null) return null;
  const { username, role, cameras, talk, identities } = value as Record<string, unknown>;
  if (typeof username !== 'string' || (role !== 'admin' && role !== 'viewer')) return null;
  const list = cameras === '*' || (Array.isArray(cameras) && cameras.every((id) => typeof id === 'string'));
  if (!list) return null;
  return { username, role, cameras: cameras as User['cameras'], ...(talk === true ? { talk } : {}), ...(identities === true ? { identities } : {}) };
}

/** `unknown` until the server has said who we are (or when it cannot, e.g. a server without accounts). */
export type AuthState = { phase: 'unknown' } | { phase: 'signed-out'; error: string | null } | { phase: 'signed-in'; user: User };

export const LOGIN_MESSAGES = {
  wrong: 'Wrong user name or password.',
  tooMany: (seconds: number | null) => (seconds === null ? 'Too many attempts; try again later.' : `Too many attempts; try again in ${seconds} s.`),
  noCookie: 'The server accepted the password, but this browser did not keep the session cookie.',
  ended: 'Your session ended; sign in again.',
  badAnswer: 'The server accepted the password but did not say who is signed in.',
} as const;

/** The words the login form shows for a failed `POST /api/login`. */
export function loginError(status: number, error: ApiError): string {
  if (status === 401) return LOGIN_MESSAGES.wrong;
  if (status === 429) {
    const ms = error.retryAfterMs;
    return LOGIN_MESSAGES.tooMany(typeof ms === 'number' && ms >= 0 ? Math.max(1, Math.ceil(ms / 1000)) : null);
  }
  return error.message;
}

type MeBody = Unchecked<UserAnswer>;

/**
 * Who is signed in: unknown → signed-out → signed-in and back. Pure apart from the `Api` it is
 * given; every transition is reported to `onChange`, and an answer to a superseded request is dropped.
 */
export class Auth {
  private readonly api: Pick<Api, 'get' | 'post'>;
  private readonly onChange: (state: AuthState) => void;
  private current: AuthState = { phase: 'unknown' };
  /** Bumped by every request and sign-out: a slow answer must not undo what happened since. */
  private epoch = 0;
  /** While our own sign-out is under way, the server dropping the live connection is no surprise. */
  private leaving = false;

  constructor(api: Pick<Api, 'get' | 'post'>, onChange: (state: AuthState) => void = () => {}) {
    this.api = api;
    this.onChange = onChange;
  }

  get state(): AuthState {
    return this.current;
  }

  /** True when the signed-in user may talk through cameras (`talk` in `/api/me`; always for an admin). */
  get mayTalk(): boolean {
    // An admin always may, also when an older relay's /api/me does not say `talk`.
    return this.current.phase === 'signed-in' && (this.current.user.role === 'admin' || this.current.user.talk === true);
  }

  /** Asks the server who we are (`GET /api/me`); any answer but 200 or 401 leaves the state as it was. */
  async check(): Promise<AuthState> {
    const epoch = ++this.epoch;
    const me = await this.api.get<MeBody>('/api/me');
    if (epoch !== this.epoch) return this.current;
    const user = me.ok ? parseUser(me.body.user) : null;
    if (user) this.set({ phase: 'signed-in', user });
    else if (me.status === 401) this.set({ phase: 'signed-out', error: null });
    return this.current;
  }

  async login(username: string, password: string): Promise<AuthState> {
    const epoch = ++this.epoch;
    const answer = await this.api.post<MeBody>('/api/login', { username, password });
    if (epoch !== this.epoch) return this.current;
    if (!answer.ok) {
      this.set({ phase: 'signed-out', error: loginError(answer.status, answer.body) });
      return this.current;
    }
    // Ask again with the new cookie: a cookie the browser refused (say `Secure` over plain HTTP) shows up here.
    const me = await this.api.get<MeBody>('/api/me');
    if (epoch !== this.epoch) return this.current;
    if (me.status === 401) {
      this.set({ phase: 'signed-out', error: LOGIN_MESSAGES.noCookie });
      return this.current;
    }
    // The login answer names the user too: enough when only the second request failed.
    const user = (me.ok ? parseUser(me.body.user) : null) ?? parseUser(answer.body.user);
    this.set(user ? { phase: 'signed-in', user } : { phase: 'signed-out', error: LOGIN_MESSAGES.badAnswer });
    return this.current;
  }

  /** Ends the session (`POST /api/logout`); returns why it failed, or null once signed out. */
  async logout(): Promise<string | null> {
    const epoch = ++this.epoch;
    this.leaving = true;
    const answer = await this.api.post<unknown>('/api/logout', {}).finally(() => (this.leaving = false));
    if (epoch !== this.epoch) return null;
    // 401: the session was already gone, which is what we wanted.
    if (!answer.ok && answer.status !== 401) return answer.body.message;
    this.set({ phase: 'signed-out', error: null });
    return null;
  }

  /** The server refused us without being asked (the live connection's handshake): the session is gone. */
  signOut(): void {
    if (this.current.phase === 'signed-out') return;
    this.epoch++;
    const ended = this.current.phase === 'signed-in' && !this.leaving;
    this.set({ phase: 'signed-out', error: ended ? LOGIN_MESSAGES.ended : null });
  }

  private set(state: AuthState): void {
    this.current = state;
    this.onChange(state);
  }
}
