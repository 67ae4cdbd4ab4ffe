/**
 * Live H.264 between nodes (#30). A node whose viewers take a camera of another node as H.264 says so on
 * every cluster tick (`WANT`, through the Socket.IO Redis adapter) and subscribes to that stream's channel,
 * one per (camera, rung). The camera's node holds those streams in its LiveH264 as for a viewer of its own,
 * so its capture client is asked for them, and publishes every unit of them in order, binary. A want not
 * heard again within `wantTtlMs` (its node died or lost Redis) is let go. Units cannot be dropped one by one
 * (a decoder needs every unit of a GOP): when Redis falls behind, a stream skips to its next keyframe.
 */
import type { RedisClientType } from 'redis';
import { CAMERA_ID_PATTERN } from '../../shared/protocol.js';
import { RENDITION_WIDTHS } from '../../shared/subscription.js';
import type { H264Unit } from '../tracks/h264-lane.js';
import type { LiveH264 } from '../relay/live-h264.js';
import { ChannelSet, RemoteWants, WantSayer } from './remote-wants.js';
import { decodeUnit, encodeUnit } from './unit-codec.js';

export const H264_WANT = 'camrelay:h264-want';
export const H264_KEYFRAME = 'camrelay:h264-keyframe';

type Stream = [cameraId: string, rung: number | null];

export interface H264Want {
  nodeId: string;
  streams: Stream[];
}

/** Most bytes waiting to go to Redis before streams skip to a keyframe. */
const QUEUED_MAX = 8 * 1024 * 1024;

const keyOf = (cameraId: string, rung: number | null) => (rung === null ? cameraId : `${cameraId}@${rung}`);
export const h264Channel = (cameraId: string, rung: number | null) => `camrelay:h264:${keyOf(cameraId, rung)}`;

/** A rung is one of the ladder's widths, as this node's own viewers ask: any other width held here would go to the capture side as demand it refuses whole. */
const isRung = (w: unknown): w is number | null => w === null || (RENDITION_WIDTHS as readonly unknown[]).includes(w);

const isStream = (s: unknown): s is Stream => Array.isArray(s) && s.length === 2 && typeof s[0] === 'string' && CAMERA_ID_PATTERN.test(s[0]) && isRung(s[1]);

export interface H264BusDeps {
  nodeId: string;
  pub: RedisClientType;
  sub: RedisClientType;
  live: LiveH264;
  /** Sends a want or a keyframe request to the other nodes (serverSideEmit). */
  emit: (event: string, body: unknown) => void;
  wantTtlMs: number;
  now?: () => number;
}

export class H264Bus {
  private readonly wants: RemoteWants<Stream>;
  private readonly sayer: WantSayer<Stream>;
  private readonly channels: ChannelSet;
  /** Streams of this node's cameras published now, by key; true while one skips to its next keyframe. */
  private published = new Map<string, boolean>();
  private queued = 0;
  /** Units published and their bytes, for the Redis traffic figures. */
  readonly counts = { units: 0, bytes: 0 };

  constructor(private readonly deps: H264BusDeps) {
    this.wants = new RemoteWants(deps.nodeId, isStream, deps.now ?? Date.now);
    this.sayer = new WantSayer((streams) => deps.emit(H264_WANT, { nodeId: deps.nodeId, streams } satisfies H264Want));
    this.channels = new ChannelSet(deps.sub);
    deps.live.onUnit((cameraId, rung, unit) => this.publish(cameraId, rung, unit));
  }

  /** Another node's want (bounded: Redis is shared). */
  receiveWant(w: unknown): void {
    const { nodeId, streams } = (w ?? {}) as Partial<H264Want>;
    this.wants.receive(nodeId, streams);
  }

  /** Another node's joiner wants a keyframe of a stream of one of this node's cameras. */
  receiveKeyframe(k: unknown, isLocal: (cameraId: string) => boolean): void {
    if (!isStream(k) || !isLocal(k[0])) return;
    this.deps.live.keyframeWanted(k[0], k[1]);
  }

  /** Asks the camera's node for a keyframe (that node rate-limits it). */
  requestKeyframe(cameraId: string, rung: number | null): void {
    this.deps.emit(H264_KEYFRAME, [cameraId, rung] satisfies Stream);
  }

  /**
   * On the cluster tick: holds the streams of this node's cameras other nodes still want, subscribes to
   * (and says it wants) the streams of other nodes' cameras this node's viewers take.
   */
  async tick(isLocal: (cameraId: string) => boolean): Promise<void> {
    const held = new Map<string, Stream>();
    for (const s of this.wants.current(this.deps.wantTtlMs)) if (isLocal(s[0])) held.set(keyOf(...s), s);
    for (const [key, s] of held) if (!this.published.has(key)) this.deps.live.keyframeWanted(...s);
    this.published = new Map([...held.keys()].map((k) => [k, this.published.get(k) ?? false]));
    this.deps.live.holdRemote(held.values());

    const remote = this.deps.live.streams().filter(([id]) => !isLocal(id));
    await this.channels.keep(new Map(remote.map(([id, rung]) => [h264Channel(id, rung), (m: Buffer) => this.received(id, rung, m)])));
    this.sayer.say(remote);
  }

  private received(cameraId: string, rung: number | null, message: Buffer): void {
    const d = decodeUnit(message);
    if (!d || d.unit.meta.cameraId !== cameraId || d.rung !== rung) return;
    this.deps.live.offerRemote(rung, d.unit);
  }

  private publish(cameraId: string, rung: number | null, unit: H264Unit): void {
    const key = keyOf(cameraId, rung);
    const skipping = this.published.get(key);
    if (skipping === undefined || !this.deps.pub.isReady) return;
    if (skipping && !unit.meta.keyframe) return;
    if (this.queued > QUEUED_MAX) {
      this.published.set(key, true);
      return;
    }
    this.published.set(key, false);
    const buf = encodeUnit(rung, unit);
    this.queued += buf.length;
    this.counts.units++;
    this.counts.bytes += buf.length;
    // One connection sends commands in the order given: the units reach Redis, and so subscribers, in order.
    this.deps.pub
      .publish(h264Channel(cameraId, rung), buf)
      .catch(() => {})
      .finally(() => (this.queued -= buf.length));
  }
}
