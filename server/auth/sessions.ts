/**
 * Login sessions: an unguessable id in an HttpOnly, SameSite=Strict cookie. Kept on disk (as
 * hashes of the ids, never the ids) so a restart of the relay does not sign every dashboard out;
 * in cluster mode in Redis instead (redis-sessions.ts), so every node knows every session.
 */
import { createHash, randomBytes } from 'node:crypto';
import { DataFile } from '../config/data-file.js';

export const SESSION_COOKIE = 'camrelay_session';

export interface Session {
  /** The cookie value; only its hash is stored. */
  id: string;
  username: string;
  /** The user's credential fingerprint when the session began (see credentialOf). */
  credential: string;
  expiresAt: number;
}

/** A session as stored: by the hash of its id. */
export interface StoredSession {
  hash: string;
  username: string;
  credential: string;
  expiresAt: number;
}

/** One session begun or ended, as a store writes it and another node hears of it. */
export type SessionChange = { begun: StoredSession } | { ended: StoredSession };

/** Oldest sessions of a user end beyond this many: logging in in a loop cannot grow the table. */
const MAX_PER_USER = 20;

const hashOf = (id: string) => createHash('sha256').update(id).digest('base64url');

/**
 * The session table every check reads, synchronously, from memory. This class keeps it in a file
 * (or nowhere); a subclass keeps it elsewhere by overriding `persist`, and feeds in what other
 * processes changed through `apply`.
 */
export class Sessions {
  protected readonly sessions = new Map<string, StoredSession>();
  private readonly listeners = new Set<(s: { id: string; username: string }) => void>();

  private saveScheduled = false;
  private data: DataFile | undefined;
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    protected readonly ttlMs: number,
    private readonly file: string | null = null,
  ) {
    // Expired sessions end on their own (and take their sockets), not only when presented.
    this.sweeper = setInterval(() => this.sweep(), 60_000);
    this.sweeper.unref();
    if (!file) return;
    this.data = new DataFile(file, { check: Array.isArray });
    // No file yet, or an invalid one with no good copy (said on stderr): everyone signs in again.
    const now = Date.now();
    for (const s of (this.data.read() ?? []) as StoredSession[]) if (s.expiresAt > now) this.sessions.set(s.hash, s);
  }

  create(username: string, credential: string): Session {
    const id = randomBytes(32).toString('base64url');
    const session = { id, username, credential, expiresAt: Date.now() + this.ttlMs };
    const mine = [...this.sessions.values()].filter((s) => s.username === username);
    for (const old of mine.slice(0, Math.max(0, mine.length - MAX_PER_USER + 1))) this.end(old);
    const begun = { hash: hashOf(id), username, credential, expiresAt: session.expiresAt };
    this.sessions.set(begun.hash, begun);
    this.persist({ begun });
    return session;
  }

  close(): void {
    clearInterval(this.sweeper);
  }

  get(id: string | undefined): Session | undefined {
    if (!id) return undefined;
    const stored = this.sessions.get(hashOf(id));
    if (!stored) return undefined;
    if (stored.expiresAt <= Date.now()) {
      this.end(stored);
      return undefined;
    }
    return { id, username: stored.username, credential: stored.credential, expiresAt: stored.expiresAt };
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

  /** Writes a change made here where it is kept: the whole table to the file, at most once a turn. */
  protected persist(_change: SessionChange): void {
    this.save();
  }

  /** A change made elsewhere (another node): taken into the table, not written back. */
  protected apply(change: SessionChange): void {
    if ('begun' in change) {
      if (change.begun.expiresAt > Date.now()) this.sessions.set(change.begun.hash, change.begun);
      return;
    }
    const stored = this.sessions.get(change.ended.hash);
    if (stored) this.end(stored, false);
  }

  private end(stored: StoredSession, persist = true): void {
    this.sessions.delete(stored.hash);
    if (persist) this.persist({ ended: stored });
    for (const l of this.listeners) l({ id: stored.hash, username: stored.username });
  }

  private sweep(): void {
    const now = Date.now();
    for (const s of [...this.sessions.values()]) if (s.expiresAt <= now) this.end(s);
  }

  private save(): void {
    if (!this.file || this.saveScheduled) return;
    this.saveScheduled = true;
    setImmediate(() => {
      this.saveScheduled = false;
      try {
        this.data?.writeSync(JSON.stringify([...this.sessions.values()]));
      } catch (err) {
        // Outside any request: thrown here it would end the relay; sessions stay valid in memory.
        console.warn(`camrelay: ${this.file} could not be written (${(err as Error).message}); sessions are kept in memory`);
      }
    });
  }
}

/** The key sockets remember a session by: the same hash the store keeps. */
export const sessionKey = hashOf;

export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of header?.split(';') ?? []) {
    const eq = part.indexOf('=');
    const name = part.slice(0, eq).trim();
    // The first of duplicate cookies wins, as browsers send the most specific path first.
    if (eq > 0 && !cookies.has(name)) cookies.set(name, part.slice(eq + 1).trim());
  }
  return cookies;
}

export function sessionCookie(session: Session | null, secure: boolean): string {
  const attrs = ['Path=/', 'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : [])];
  if (!session) return [`${SESSION_COOKIE}=`, 'Max-Age=0', ...attrs].join('; ');
  return [`${SESSION_COOKIE}=${session.id}`, `Max-Age=${Math.floor((session.expiresAt - Date.now()) / 1000)}`, ...attrs].join('; ');
}
