/**
 * What the cluster's media buses (live H.264, sound) share: the wants other nodes send on every cluster
 * tick, bounded before they are looked at (Redis is shared) and let go when not heard again within their
 * TTL; the want this node says, said once more when it becomes empty so the others let go at once; and
 * the Redis channels this node hears, kept to what its viewers take now.
 */
import type { RedisClientType } from 'redis';

/** Most nodes wanting at once, and most items (streams, cameras) one node's want names. */
const NODES_MAX = 256;
const ITEMS_MAX = 1024;

export class RemoteWants<T> {
  /** Other nodes' wants: what they named last, and when. */
  private readonly wants = new Map<string, { at: number; items: T[] }>();

  constructor(
    private readonly selfId: string,
    private readonly isItem: (x: unknown) => x is T,
    private readonly now: () => number,
  ) {}

  /** Another node's want: its id and what it names; anything malformed, oversized or this node's own is ignored. */
  receive(nodeId: unknown, items: unknown): void {
    if (typeof nodeId !== 'string' || nodeId.length > 64 || nodeId === this.selfId) return;
    if (!Array.isArray(items) || items.length > ITEMS_MAX) return;
    if (!this.wants.has(nodeId) && this.wants.size >= NODES_MAX) return;
    this.wants.set(nodeId, { at: this.now(), items: items.filter(this.isItem) });
  }

  /** Everything the other nodes still want (those not heard within `ttlMs` are let go). */
  current(ttlMs: number): T[] {
    const now = this.now();
    const all: T[] = [];
    for (const [nodeId, w] of this.wants) {
      if (now - w.at >= ttlMs) this.wants.delete(nodeId);
      else all.push(...w.items);
    }
    return all;
  }
}

/** This node's want, said on every tick while it names something, and once when it has become empty. */
export class WantSayer<T> {
  private saidEmpty = false;

  constructor(private readonly emit: (items: T[]) => void) {}

  say(items: T[]): void {
    if (items.length > 0 || !this.saidEmpty) this.emit(items);
    this.saidEmpty = items.length === 0;
  }
}

/**
 * The channels this node subscribes to, kept to a wanted set. Redis's client subscribes again by itself after a
 * reconnect, listeners and all: subscribing again here beside it would hear every message twice.
 */
export class ChannelSet {
  private readonly subscribed = new Set<string>();

  constructor(private readonly sub: RedisClientType) {}

  /** The channels heard now. */
  get heard(): ReadonlySet<string> {
    return this.subscribed;
  }

  /** Subscribes to each wanted channel not yet heard (with its listener) and leaves those no longer wanted. */
  async keep(wanted: ReadonlyMap<string, (message: Buffer) => void>): Promise<void> {
    if (!this.sub.isReady) return;
    for (const [channel, listener] of wanted) {
      if (this.subscribed.has(channel)) continue;
      this.subscribed.add(channel);
      await this.sub.subscribe(channel, listener, true);
    }
    for (const channel of [...this.subscribed]) {
      if (wanted.has(channel)) continue;
      this.subscribed.delete(channel);
      await this.sub.unsubscribe(channel);
    }
  }
}
