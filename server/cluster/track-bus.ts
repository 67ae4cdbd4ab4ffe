/**
 * Every track between nodes (#56): one bus for every kind a cluster carries (live H.264 full size and per rung,
 * sound, the detector's boxes; every kind of the relay's kinds table that says its codec, relay/kinds.ts). A node whose readers (a Live Monitor
 * page, a stream reader) read a track of another node's camera says so on every cluster tick (`TRACK_WANT`, through
 * the Socket.IO Redis adapter, as `kind/camera` items) and subscribes to that track's Redis channel. The camera's
 * node reads the track for them as one more reader, so its capture side is asked for what they read as for a page of
 * its own, and publishes each unit, binary, through that reader's lane: the kind's own policy bounds what a slow
 * Redis costs (newest GOP: Redis falling behind skips to the next keyframe). A want not heard again within `wantTtlMs`
 * (its node died or lost Redis) is let go. A kind with start points (H.264) asks the camera's node for one with
 * `TRACK_START` when a reader here starts with none held; that node's track rate-limits it as for a reader of its own.
 */
import type { RedisClientType } from 'redis';
import { CAMERA_ID_PATTERN } from '../../shared/protocol.js';
import type { BusKind } from '../relay/kind.js';
import type { TrackReader } from '../tracks/track.js';
import { ChannelSet, RemoteWants, WantSayer } from './remote-wants.js';

export const TRACK_WANT = 'camrelay:track-want';
export const TRACK_START = 'camrelay:track-start';
export const trackChannel = (kind: string, cameraId: string) => `camrelay:track:${kind}:${cameraId}`;

export interface TrackWant {
  nodeId: string;
  /** `kind/cameraId` of each track this node's readers read of other nodes' cameras. */
  items: string[];
}

export interface TrackBusDeps {
  nodeId: string;
  pub: RedisClientType;
  sub: RedisClientType;
  // Each kind has its own unit type; the bus only moves them between a track and its codec.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  kinds: ReadonlyArray<BusKind<any>>;
  /** Sends a want to the other nodes (serverSideEmit). */
  emit: (event: string, body: unknown) => void;
  wantTtlMs: number;
  now?: () => number;
}

export class TrackBus {
  private readonly wants: RemoteWants<string>;
  private readonly sayer: WantSayer<string>;
  private readonly channels: ChannelSet;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private readonly kinds = new Map<string, BusKind<any>>();
  /** The other nodes, as one reader of this node's cameras they want. */
  private readonly others: TrackReader = { wants: () => true, paused: false };
  private closed = false;
  /** Whether a camera is this node's, as the last tick knew: its units are never taken back from Redis. */
  private isLocal: (cameraId: string) => boolean = () => false;
  /** Units published and their bytes per kind, for the Redis traffic figures. */
  readonly counts = new Map<string, { units: number; bytes: number }>();

  constructor(private readonly deps: TrackBusDeps) {
    for (const k of deps.kinds) {
      this.kinds.set(k.track.kind, k);
      this.counts.set(k.track.kind, { units: 0, bytes: 0 });
    }
    this.wants = new RemoteWants(deps.nodeId, (x: unknown): x is string => this.isItem(x), deps.now ?? Date.now);
    this.sayer = new WantSayer((items) => deps.emit(TRACK_WANT, { nodeId: deps.nodeId, items } satisfies TrackWant));
    this.channels = new ChannelSet(deps.sub);
  }

  /** Another node's want (bounded: Redis is shared). */
  receiveWant(w: unknown): void {
    const { nodeId, items } = (w ?? {}) as Partial<TrackWant>;
    this.wants.receive(nodeId, items);
  }

  /** Asks the node of another node's camera for a start point of its `kind` track (that node rate-limits it). */
  askStart(kind: string, cameraId: string): void {
    this.deps.emit(TRACK_START, `${kind}/${cameraId}`);
  }

  /** Another node's reader starts on a track of one of this node's cameras with no start point held there. */
  receiveStart(item: unknown, isLocal: (cameraId: string) => boolean): void {
    if (!this.isItem(item)) return;
    const [kind, cameraId] = split(item);
    if (isLocal(cameraId)) this.kinds.get(kind)!.track.askStart(cameraId);
  }

  /**
   * On the cluster tick: reads for the other nodes the tracks of this node's cameras they still want, and subscribes
   * to (and says it wants) the tracks of other nodes' cameras this node's readers read.
   */
  async tick(isLocal: (cameraId: string) => boolean): Promise<void> {
    if (this.closed) return;
    this.isLocal = isLocal;
    const held = new Map<string, string[]>();
    for (const item of new Set(this.wants.current(this.deps.wantTtlMs))) {
      const [kind, cameraId] = split(item);
      if (isLocal(cameraId)) held.set(kind, [...(held.get(kind) ?? []), cameraId]);
    }
    const wanted = new Map<string, (m: Buffer) => void>();
    const items: string[] = [];
    for (const [kind, k] of this.kinds) {
      const ids = held.get(kind) ?? [];
      if (ids.length > 0) k.track.subscribe(this.others, ids, { write: (unit, done) => this.publish(kind, unit, done) });
      else k.track.unsubscribe(this.others);
      for (const id of k.track.readCameras()) {
        if (isLocal(id)) continue;
        wanted.set(trackChannel(kind, id), (m: Buffer) => this.received(kind, id, m));
        items.push(`${kind}/${id}`);
      }
    }
    await this.channels.keep(wanted);
    this.sayer.say(items);
  }

  /** The cameras of `kind` whose channel this node hears now (other nodes' cameras its readers read). */
  heard(kind: string): Set<string> {
    const prefix = trackChannel(kind, '');
    const ids = new Set<string>();
    for (const c of this.channels.heard) if (c.startsWith(prefix)) ids.add(c.slice(prefix.length));
    return ids;
  }

  close(): void {
    this.closed = true;
    for (const k of this.kinds.values()) k.track.unsubscribe(this.others);
  }

  /** `kind/cameraId` of a kind this bus carries (a rung off the ladder is no kind) and a well-formed camera id. */
  private isItem(x: unknown): x is string {
    if (typeof x !== 'string' || x.length > 128) return false;
    const slash = x.indexOf('/');
    return this.kinds.has(x.slice(0, slash)) && CAMERA_ID_PATTERN.test(x.slice(slash + 1));
  }

  private received(kind: string, cameraId: string, message: Buffer): void {
    // A camera that moved here (a failover) while its channel was still heard: its own units must not come back round.
    if (this.closed || this.isLocal(cameraId)) return;
    const k = this.kinds.get(kind)!;
    const unit: unknown = k.decode(cameraId, message);
    if (unit === null) return;
    if (k.take) k.take(unit);
    else k.track.publish(unit);
  }

  /** One unit of this node's camera to the nodes that want it; the lane sends the next once Redis took this one. */
  private publish(kind: string, unit: unknown, done: () => void): void {
    if (!this.deps.pub.isReady) return done();
    const k = this.kinds.get(kind)!;
    const buf = k.encode(unit);
    const count = this.counts.get(kind)!;
    count.units++;
    count.bytes += buf.length;
    this.deps.pub
      .publish(trackChannel(kind, k.track.cameraOf(unit)), buf)
      .catch(() => {})
      .finally(done);
  }
}

function split(item: string): [string, string] {
  const slash = item.indexOf('/');
  return [item.slice(0, slash), item.slice(slash + 1)];
}
