/**
 * Login sessions in cluster mode: kept in Redis (one key per session hash, expiring with the
 * session), so a page whose node died reconnects to another node still signed in. Every node
 * mirrors the table in memory, as checks read it synchronously, and hears of each session begun
 * or ended elsewhere on one pub/sub channel: a logout or a deleted user ends sockets on every node.
 */
import { randomUUID } from 'node:crypto';
import type { RedisClientType } from 'redis';
import { closeRedis, redisClient } from '../redis-client.js';
import { Sessions, type SessionChange, type StoredSession } from './sessions.js';

const KEY = 'camrelay:session:';
const CHANNEL = 'camrelay:sessions';
/** A stored session or a message is a few hundred bytes; Redis is shared, so anything longer is ignored. */
const MAX_MESSAGE_BYTES = 2048;
const HASH = /^[A-Za-z0-9_-]{43}$/;
/** How long a starting node waits to read the sessions from Redis before it serves without them. */
const STARTUP_WAIT_MS = 3000;

/** Null unless `value` is a session as this module writes it (Redis is shared: trust nothing). */
function storedOf(hash: string, value: unknown): StoredSession | null {
  if (!HASH.test(hash) || typeof value !== 'string' || value.length > MAX_MESSAGE_BYTES) return null;
  try {
    const s = JSON.parse(value) as Partial<StoredSession>;
    if (typeof s.username !== 'string' || s.username.length > 64 || typeof s.credential !== 'string' || s.credential.length > 64) return null;
    if (typeof s.expiresAt !== 'number' || !Number.isFinite(s.expiresAt)) return null;
    return { hash, username: s.username, credential: s.credential, expiresAt: s.expiresAt };
  } catch {
    return null;
  }
}

const valueOf = (s: StoredSession) => JSON.stringify({ username: s.username, credential: s.credential, expiresAt: s.expiresAt });

export class RedisSessions extends Sessions {
  private readonly node = randomUUID();
  /** Hashes begun or ended while the table is being read again: that read may not undo them. */
  private touched: Set<string> | null = null;
  private reloading: Promise<void> | null = null;

  private constructor(
    ttlMs: number,
    private readonly cmd: RedisClientType,
    private readonly sub: RedisClientType,
  ) {
    super(ttlMs, null);
  }

  /**
   * Connects and reads every session Redis holds. Redis unreachable: the node starts with none and
   * reads them when Redis answers (the clients reconnect by themselves, at most every 2 s).
   */
  static async open(url: string, ttlMs: number): Promise<RedisSessions> {
    const sessions = new RedisSessions(ttlMs, redisClient(url), redisClient(url));
    await sessions.start();
    return sessions;
  }

  override close(): void {
    super.close();
    // Not awaited (close is synchronous here); closeRedis never waits on a Redis that is away.
    for (const c of [this.cmd, this.sub]) closeRedis(c).catch(() => {});
  }

  protected override persist(change: SessionChange): void {
    const s = 'begun' in change ? change.begun : change.ended;
    this.touched?.add(s.hash);
    // Not awaited: a check in flight must not wait for Redis. While Redis is away the commands
    // wait in the client's queue and go out, in order, before the table is read again.
    const write = 'begun' in change ? this.cmd.set(KEY + s.hash, valueOf(s), { expiration: { type: 'PXAT', value: s.expiresAt } }) : this.cmd.del(KEY + s.hash);
    write.catch(() => {});
    const message = JSON.stringify({ node: this.node, kind: 'begun' in change ? 'begun' : 'ended', hash: s.hash, session: valueOf(s) });
    this.cmd.publish(CHANNEL, message).catch(() => {});
  }

  private async start(): Promise<void> {
    for (const c of [this.cmd, this.sub]) c.on('error', () => {}); // the cluster module reports Redis's state
    // Read on every connect: after a reconnect, what other nodes changed meanwhile was said on a
    // channel this node did not hear.
    let read!: () => void;
    const firstRead = new Promise<void>((resolve) => (read = resolve));
    // A failed reload still lets the first read go: the sessions then come with the next message.
    this.sub.on('ready', () => void this.reload().then(read, read));
    for (const c of [this.cmd, this.sub]) void c.connect().catch(() => {});
    // Sent once connected; the client subscribes again by itself after a reconnect.
    void this.sub.subscribe(CHANNEL, (message) => this.heard(message)).catch(() => {});
    // The node does not wait for a Redis that is away: it starts with no sessions and reads them
    // when Redis answers, as it does after any outage.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([firstRead, new Promise((resolve) => (timer = setTimeout(resolve, STARTUP_WAIT_MS)))]);
    clearTimeout(timer);
  }

  private heard(message: string): void {
    if (message.length > MAX_MESSAGE_BYTES) return;
    let m: { node?: unknown; kind?: unknown; hash?: unknown; session?: unknown };
    try {
      m = JSON.parse(message) as typeof m;
    } catch {
      return;
    }
    if (m.node === this.node || typeof m.hash !== 'string') return;
    const s = storedOf(m.hash, m.session);
    if (!s || (m.kind !== 'begun' && m.kind !== 'ended')) return;
    this.touched?.add(s.hash);
    this.apply(m.kind === 'begun' ? { begun: s } : { ended: s });
  }

  /** Makes the mirror what Redis holds, but for what changed while it was being read. */
  private reload(): Promise<void> {
    if (this.reloading) return this.reloading;
    const touched = (this.touched = new Set());
    this.reloading = this.read(touched)
      .catch(() => {}) // Redis went away again: the next 'ready' reads it again
      .finally(() => {
        this.touched = null;
        this.reloading = null;
      });
    return this.reloading;
  }

  private async read(touched: ReadonlySet<string>): Promise<void> {
    const before = [...this.sessions.values()];
    const found = new Map<string, StoredSession>();
    for await (const keys of this.cmd.scanIterator({ MATCH: `${KEY}*`, COUNT: 500 })) {
      if (keys.length === 0) continue;
      const values = await this.cmd.mGet(keys);
      keys.forEach((key, i) => {
        const s = storedOf(key.slice(KEY.length), values[i]);
        if (s) found.set(s.hash, s);
      });
    }
    // Redis came back empty (restarted without its data): what this node knows is written back,
    // rather than signing every page out. Only a logout made elsewhere meanwhile comes back with it.
    if (found.size === 0 && before.length > 0) {
      for (const s of before) if (!touched.has(s.hash) && this.sessions.has(s.hash)) this.persist({ begun: s });
      return;
    }
    for (const s of before) if (!found.has(s.hash) && !touched.has(s.hash)) this.apply({ ended: s });
    for (const s of found.values()) if (!touched.has(s.hash)) this.apply({ begun: s });
  }
}
