/**
 * Who is asking: from a session cookie, HTTP Basic, Socket.IO handshake credentials, or a capture
 * token. Failures count against the caller's address (logins and camera tokens separately, so a
 * camera stuck on a revoked token does not lock its owner out of the dashboard).
 */
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { CamrelayError } from '../../shared/errors.js';
import type { Result } from '../../shared/result.js';
import { tokenMatches } from './capture-token.js';
import { hashPassword, randomPassword, verifyPassword, type PasswordHash } from './passwords.js';
import type { FailureLimiter } from './rate-limit.js';
import { WrongTokens } from './wrong-tokens.js';
import { parseCookies, SESSION_COOKIE, type Sessions } from './sessions.js';
import type { AuthStore, Role, StoredUser } from './store.js';

export interface Principal {
  username: string;
  role: Role;
  cameras: '*' | readonly string[];
  /** The user's talk permission (shared/auth.ts User.talk); see mayTalk. */
  talk?: boolean;
  /** The user's permission to see names and plates (shared/auth.ts User.identities); see seesIdentities. */
  identities?: boolean;
  /** Set when the caller came with a session cookie. */
  sessionId?: string;
  /** Which password the caller proved; a changed password ends what was opened with the old one. */
  credential: string;
}

export type AuthResult<T> = Result<T>;

/** True when this principal may see this camera, its frames, snapshot, stream and list entry. */
export function canView(p: Principal, cameraId: string): boolean {
  return p.role === 'admin' || p.cameras === '*' || p.cameras.includes(cameraId);
}

/** True when this principal may talk through this camera: an admin, or a user an admin let talk who may watch it. */
export function mayTalk(p: Principal, cameraId: string): boolean {
  return p.role === 'admin' || (p.talk === true && canView(p, cameraId));
}

/** True when this principal may see the plates read and the names of known plates (#58): an admin, or a user an admin let. */
export function seesIdentities(p: Pick<Principal, 'role' | 'identities'>): boolean {
  return p.role === 'admin' || p.identities === true;
}

/** A short fingerprint of a user's password hash: it changes when the password does. */
export function credentialOf(user: StoredUser): string {
  return createHash('sha256').update(user.password.hash).digest('base64url').slice(0, 16);
}

/** True when two principals carry the same rights: role, cameras, talk and password. */
export function samePrincipal(a: Principal, b: Principal): boolean {
  return (
    a.username === b.username &&
    a.role === b.role &&
    (a.talk === true) === (b.talk === true) &&
    (a.identities === true) === (b.identities === true) &&
    a.credential === b.credential &&
    JSON.stringify(a.cameras) === JSON.stringify(b.cameras)
  );
}

const principalOf = (user: StoredUser, sessionId?: string): Principal => ({
  username: user.username,
  role: user.role,
  cameras: user.cameras,
  talk: user.talk === true,
  identities: user.identities === true,
  credential: credentialOf(user),
  ...(sessionId ? { sessionId } : {}),
});

const BASIC_CACHE_MS = 60_000;
/** scrypt runs on libuv's four threads: more at once only queues, and lets a flood starve logins. */
const MAX_CONCURRENT_HASHES = 4;
// Generous: waiting costs only memory, and after the first check the rest hit the cache (or, for
// wrong passwords, the block that follows ten failures) without hashing.
const MAX_WAITING_PER_ADDRESS = 100;

let dummy: Promise<PasswordHash> | undefined;
const dummyHash = () => (dummy ??= hashPassword(randomPassword()));

export interface Limiters {
  logins: FailureLimiter;
  tokens: FailureLimiter;
}

export class Authenticator {
  /** Recently verified Basic credentials, so a script polling a snapshot does not pay scrypt each time. */
  private readonly verified = new Map<string, { username: string; credential: string; until: number }>();
  private hashing = 0;
  private readonly queues = new Map<string, { tail: Promise<void>; waiting: number }>();
  private readonly wrongTokens = new WrongTokens();

  constructor(
    private readonly store: AuthStore,
    readonly sessions: Sessions,
    private readonly limiters: Limiters,
    private readonly siteCaptureToken: string,
  ) {
    store.onChange(() => this.verified.clear());
  }

  /**
   * The one "still allowed?" check for what stays open after it was authorized (a socket, an MJPEG
   * stream): the caller as the store says it is now, or null when its session ended, its account
   * is gone or its password changed. What the new rights allow is the caller's to judge.
   */
  recheck(opener: Principal): Principal | null {
    if (opener.sessionId && !this.sessions.get(opener.sessionId)) return null;
    const user = this.store.getUser(opener.username);
    if (!user || credentialOf(user) !== opener.credential) return null;
    return principalOf(user, opener.sessionId);
  }

  /** Cookie first, then HTTP Basic. */
  async fromHeaders(headers: IncomingHttpHeaders, ip: string): Promise<AuthResult<Principal>> {
    const sessionId = parseCookies(headers.cookie).get(SESSION_COOKIE);
    const session = this.sessions.get(sessionId);
    if (session) {
      const user = this.store.getUser(session.username);
      if (user && credentialOf(user) === session.credential) return { ok: true, value: principalOf(user, session.id) };
      // The user is gone, or their password changed since this session began.
      this.sessions.destroy(session.id);
    }
    const basic = headers.authorization?.match(/^Basic\s+([A-Za-z0-9+/=]+)\s*$/);
    if (basic) {
      const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0) return this.fromCredentials(decoded.slice(0, colon), decoded.slice(colon + 1), ip);
      this.limiters.logins.fail(ip);
      return { ok: false, error: new CamrelayError('BAD_CREDENTIALS') };
    }
    return { ok: false, error: new CamrelayError('AUTH_REQUIRED') };
  }

  async fromCredentials(username: unknown, password: unknown, ip: string): Promise<AuthResult<Principal>> {
    if (typeof username !== 'string' || typeof password !== 'string' || username.length > 64 || password.length > 1024) {
      this.limiters.logins.fail(ip);
      return { ok: false, error: this.blocked(this.limiters.logins, ip) ?? new CamrelayError('BAD_CREDENTIALS') };
    }
    // One check at a time per address, a few waiting: a burst of handshakes from one dashboard
    // host waits its turn (and then hits the cache); a flood is refused without hashing.
    const queue = this.queues.get(ip) ?? { tail: Promise.resolve(), waiting: 0 };
    if (queue.waiting >= MAX_WAITING_PER_ADDRESS) return { ok: false, error: this.busy() };
    queue.waiting++;
    this.queues.set(ip, queue);
    const before = queue.tail;
    let release!: () => void;
    queue.tail = new Promise<void>((resolve) => (release = resolve));
    await before;
    try {
      return await this.check(username, password, ip);
    } finally {
      release();
      if (--queue.waiting === 0) this.queues.delete(ip);
    }
  }

  private async check(username: string, password: string, ip: string): Promise<AuthResult<Principal>> {
    // A blocked address waits, right password or not: otherwise the block only slows wrong guesses.
    const blocked = this.blocked(this.limiters.logins, ip);
    if (blocked) return { ok: false, error: blocked };
    const user = this.store.getUser(username);
    const key = createHash('sha256').update(`${username}\0${password}`).digest('base64');
    const cached = this.verified.get(key);
    if (user && cached && cached.until > Date.now() && cached.username === username && cached.credential === credentialOf(user)) {
      return { ok: true, value: principalOf(user) };
    }
    // Charged before the slow check, refunded on success: parallel guesses cannot outrun the count.
    const attempt = this.limiters.logins.begin(ip);
    if (!attempt || this.hashing >= MAX_CONCURRENT_HASHES) {
      attempt?.fail();
      return { ok: false, error: this.blocked(this.limiters.logins, ip) ?? this.busy() };
    }
    this.hashing++;
    let good: boolean;
    try {
      // An unknown user costs the same scrypt as a known one, so timing does not tell them apart.
      good = (await verifyPassword(password, user?.password ?? (await dummyHash()))) && user !== undefined;
    } catch (err) {
      // A user record that cannot be checked (a hand-edited file) counts as a failed attempt.
      attempt.fail();
      throw err;
    } finally {
      this.hashing--;
    }
    if (!good || !user) {
      attempt.fail();
      return { ok: false, error: this.blocked(this.limiters.logins, ip) ?? new CamrelayError('BAD_CREDENTIALS') };
    }
    attempt.succeed();
    this.verified.set(key, { username, credential: credentialOf(user), until: Date.now() + BASIC_CACHE_MS });
    return { ok: true, value: principalOf(user) };
  }

  /** A capture token for this camera: the site-wide one (tokenId null) or one of the camera's own. */
  captureToken(token: unknown, cameraId: string, ip: string): AuthResult<{ tokenId: string | null }> {
    const blocked = this.blocked(this.limiters.tokens, ip);
    if (blocked) return { ok: false, error: blocked };
    if (typeof token === 'string' && token.length > 0 && token.length <= 1024) {
      if (tokenMatches(token, this.siteCaptureToken)) return { ok: true, value: { tokenId: null } };
      const match = this.store.matchToken(cameraId, token);
      if (match && !match.revoked) return { ok: true, value: { tokenId: match.id } };
      if (match?.revoked) return { ok: false, error: new CamrelayError('REVOKED') };
    }
    // The same wrong token again (a client retrying a typo) is not a new guess.
    if (!this.wrongTokens.repeated(ip, token)) this.limiters.tokens.fail(ip);
    return { ok: false, error: this.blocked(this.limiters.tokens, ip) ?? new CamrelayError('BAD_TOKEN') };
  }

  private blocked(limiter: FailureLimiter, ip: string): CamrelayError | null {
    const wait = limiter.retryAfter(ip);
    if (wait <= 0) return null;
    const error = new CamrelayError('TOO_MANY_ATTEMPTS', `Too many attempts from this address; try again in ${Math.ceil(wait / 1000)} s.`);
    error.retryAfterMs = wait;
    return error;
  }

  private busy(): CamrelayError {
    const error = new CamrelayError('TOO_MANY_ATTEMPTS', 'The server is checking many passwords right now; try again in a second.');
    error.retryAfterMs = 1000;
    return error;
  }
}
