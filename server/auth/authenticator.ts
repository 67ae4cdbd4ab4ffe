/**
 * Who is asking: from a session cookie, HTTP Basic, Socket.IO handshake credentials, or a capture
 * token. Failures count against the caller's address; past the limit it gets TOO_MANY_ATTEMPTS.
 */
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { CamrelayError } from '../../shared/errors.js';
import { tokenMatches } from '../capture-token.js';
import { hashPassword, randomPassword, verifyPassword, type PasswordHash } from './passwords.js';
import type { FailureLimiter } from './rate-limit.js';
import { parseCookies, SESSION_COOKIE, type Sessions } from './sessions.js';
import type { AuthStore, Role } from './store.js';

export interface Principal {
  username: string;
  role: Role;
  cameras: '*' | readonly string[];
  /** Set when the caller came with a session cookie. */
  sessionId?: string;
}

export type AuthResult<T> = { ok: true; value: T } | { ok: false; error: CamrelayError };

/** True when this principal may see this camera, its frames, snapshot, stream and list entry. */
export function canView(p: Principal, cameraId: string): boolean {
  return p.role === 'admin' || p.cameras === '*' || p.cameras.includes(cameraId);
}

const BASIC_CACHE_MS = 60_000;

let dummy: Promise<PasswordHash> | undefined;
const dummyHash = () => (dummy ??= hashPassword(randomPassword()));

export class Authenticator {
  /** Recently verified Basic credentials, so a script polling a snapshot does not pay scrypt each time. */
  private readonly verified = new Map<string, { username: string; until: number }>();

  constructor(
    private readonly store: AuthStore,
    readonly sessions: Sessions,
    private readonly limiter: FailureLimiter,
    private readonly siteCaptureToken: string,
  ) {
    store.onChange(() => this.verified.clear());
  }

  /** Cookie first, then HTTP Basic. */
  async fromHeaders(headers: IncomingHttpHeaders, ip: string): Promise<AuthResult<Principal>> {
    const sessionId = parseCookies(headers.cookie).get(SESSION_COOKIE);
    const session = this.sessions.get(sessionId);
    if (session) {
      const user = this.store.getUser(session.username);
      if (user) return { ok: true, value: { username: user.username, role: user.role, cameras: user.cameras, sessionId: session.id } };
    }
    const basic = headers.authorization?.match(/^Basic\s+([A-Za-z0-9+/=]+)\s*$/);
    if (basic) {
      const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0) return this.fromCredentials(decoded.slice(0, colon), decoded.slice(colon + 1), ip);
      return this.failed(ip, 'BAD_CREDENTIALS');
    }
    return { ok: false, error: new CamrelayError('AUTH_REQUIRED') };
  }

  async fromCredentials(username: unknown, password: unknown, ip: string): Promise<AuthResult<Principal>> {
    const blocked = this.blocked(ip);
    if (blocked) return { ok: false, error: blocked };
    if (typeof username !== 'string' || typeof password !== 'string' || username.length > 64 || password.length > 1024) return this.failed(ip, 'BAD_CREDENTIALS');
    const key = createHash('sha256').update(`${username}\0${password}`).digest('base64');
    const cached = this.verified.get(key);
    const user = this.store.getUser(username);
    let good = Boolean(cached && cached.until > Date.now() && cached.username === username && user);
    // An unknown user costs the same scrypt as a known one, so timing does not tell them apart.
    if (!good) good = (await verifyPassword(password, user?.password ?? (await dummyHash()))) && user !== undefined;
    if (!good || !user) return this.failed(ip, 'BAD_CREDENTIALS');
    this.verified.set(key, { username, until: Date.now() + BASIC_CACHE_MS });
    this.limiter.succeed(ip);
    return { ok: true, value: { username: user.username, role: user.role, cameras: user.cameras } };
  }

  /** A capture token for this camera: the site-wide one (tokenId null) or one of the camera's own. */
  captureToken(token: unknown, cameraId: string, ip: string): AuthResult<{ tokenId: string | null }> {
    const blocked = this.blocked(ip);
    if (blocked) return { ok: false, error: blocked };
    if (typeof token === 'string' && token.length > 0 && token.length <= 1024) {
      if (tokenMatches(token, this.siteCaptureToken)) return { ok: true, value: { tokenId: null } };
      const tokenId = this.store.matchToken(cameraId, token);
      if (tokenId) return { ok: true, value: { tokenId } };
    }
    return this.failed(ip, 'BAD_TOKEN');
  }

  private blocked(ip: string): CamrelayError | null {
    const wait = this.limiter.retryAfter(ip);
    if (wait <= 0) return null;
    const error = new CamrelayError('TOO_MANY_ATTEMPTS', `Too many failed attempts from this address; try again in ${Math.ceil(wait / 1000)} s.`);
    error.retryAfterMs = wait;
    return error;
  }

  private failed<T>(ip: string, code: 'BAD_CREDENTIALS' | 'BAD_TOKEN'): AuthResult<T> {
    this.limiter.fail(ip);
    return { ok: false, error: this.blocked(ip) ?? new CamrelayError(code) };
  }
}
