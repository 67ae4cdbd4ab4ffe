/**
 * Login sessions: an unguessable id in an HttpOnly, SameSite=Strict cookie. Kept on disk (as
 * hashes of the ids, never the ids) so a restart of the relay does not sign every dashboard out.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

export const SESSION_COOKIE = 'camrelay_session';

export interface Session {
  /** The cookie value; only its hash is stored. */
  id: string;
  username: string;
  expiresAt: number;
}

interface Stored {
  hash: string;
  username: string;
  expiresAt: number;
}

const hashOf = (id: string) => createHash('sha256').update(id).digest('base64url');

export class Sessions {
  private readonly sessions = new Map<string, Stored>();
  private readonly listeners = new Set<(s: { id: string; username: string }) => void>();

  constructor(
    private readonly ttlMs: number,
    private readonly file: string | null = null,
  ) {
    if (!file) return;
    try {
      const now = Date.now();
      for (const s of JSON.parse(readFileSync(file, 'utf8')) as Stored[]) if (s.expiresAt > now) this.sessions.set(s.hash, s);
    } catch {
      // No file yet, or an unreadable one: everyone signs in again.
    }
  }

  create(username: string): Session {
    const id = randomBytes(32).toString('base64url');
    const session = { id, username, expiresAt: Date.now() + this.ttlMs };
    this.sessions.set(hashOf(id), { hash: hashOf(id), username, expiresAt: session.expiresAt });
    this.save();
    return session;
  }

  get(id: string | undefined): Session | undefined {
    if (!id) return undefined;
    const stored = this.sessions.get(hashOf(id));
    if (!stored) return undefined;
    if (stored.expiresAt <= Date.now()) {
      this.end(stored);
      return undefined;
    }
    return { id, username: stored.username, expiresAt: stored.expiresAt };
  }

  destroy(id: string | undefined): void {
    const stored = id ? this.sessions.get(hashOf(id)) : undefined;
    if (stored) this.end(stored);
  }

  /** Ends every session of a user (deleted, or password changed). */
  destroyUser(username: string): void {
    for (const s of [...this.sessions.values()]) if (s.username === username) this.end(s);
  }

  /** Told of every session that ends (by the hash of its id), so its sockets can be disconnected. */
  onEnd(listener: (s: { id: string; username: string }) => void): void {
    this.listeners.add(listener);
  }

  private end(stored: Stored): void {
    this.sessions.delete(stored.hash);
    this.save();
    for (const l of this.listeners) l({ id: stored.hash, username: stored.username });
  }

  private save(): void {
    if (!this.file) return;
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify([...this.sessions.values()]), { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}

/** The key sockets remember a session by: the same hash the store keeps. */
export const sessionKey = hashOf;

export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of header?.split(';') ?? []) {
    const eq = part.indexOf('=');
    if (eq > 0) cookies.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return cookies;
}

export function sessionCookie(session: Session | null, secure: boolean): string {
  const attrs = ['Path=/', 'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : [])];
  if (!session) return [`${SESSION_COOKIE}=`, 'Max-Age=0', ...attrs].join('; ');
  return [`${SESSION_COOKIE}=${session.id}`, `Max-Age=${Math.floor((session.expiresAt - Date.now()) / 1000)}`, ...attrs].join('; ');
}
