/**
 * A camera's sound between nodes (#40 in a cluster), as live H.264 goes (h264-bus.ts): a node whose listeners (a Live
 * Monitor page, a stream reader) listen to a camera of another node says so on every cluster tick (`SOUND_WANT`,
 * through the Socket.IO Redis adapter) and subscribes to the camera's sound channel. The camera's node listens to the
 * camera for them as one more listener of its sound track, so its capture side is asked for sound as for a page of its
 * own, and publishes each frame, binary, through that listener's lane: past a second behind, the oldest frames go, as
 * for a slow page. A want not heard again within `wantTtlMs` (its node died or lost Redis) is let go.
 */
import type { RedisClientType } from 'redis';
import { CAMERA_ID_PATTERN } from '../../shared/protocol.js';
import type { AacUnit } from '../relay/audio-lane.js';
import type { SoundTrack, SoundViewer } from '../relay/sound-track.js';
import { checkAac } from '../relay/unit-check.js';

export const SOUND_WANT = 'camrelay:sound-want';
export const soundChannel = (cameraId: string) => `camrelay:sound:${cameraId}`;

export interface SoundWant {
  nodeId: string;
  cameras: string[];
}

/** Most cameras one node's want names, and most nodes wanting at once (Redis is shared: bounded before it is looked at). */
const WANT_CAMERAS_MAX = 1024;
const NODES_MAX = 256;

export interface SoundBusDeps {
  nodeId: string;
  pub: RedisClientType;
  sub: RedisClientType;
  sound: Pick<SoundTrack, 'subscribe' | 'unsubscribe' | 'publish' | 'listenedCameras'>;
  /** Sends a want to the other nodes (serverSideEmit). */
  emit: (event: string, body: unknown) => void;
  wantTtlMs: number;
  now?: () => number;
}

/**
 * A frame on its way between nodes, 24 bytes and its config ahead of its bytes (JSON took about 105 a frame, 40 kbit/s
 * for 47 frames a second): version, Opus or AAC, channels, the config's length, the sample rate, seq and capture time
 * (doubles), the config, then the frame. The camera is the channel's.
 */
const VERSION = 1;
const HEAD = 24;

export function encodeSound(unit: AacUnit): Buffer {
  const { seq, capturedAt, sampleRate, channels, config, codec } = unit.meta;
  const cfg = Buffer.from(config, 'hex');
  const head = Buffer.alloc(HEAD);
  head.writeUInt8(VERSION, 0);
  head.writeUInt8(codec === 'opus' ? 1 : 0, 1);
  head.writeUInt8(channels, 2);
  head.writeUInt8(cfg.length, 3);
  head.writeUInt32BE(sampleRate, 4);
  head.writeDoubleBE(seq, 8);
  head.writeDoubleBE(capturedAt, 16);
  return Buffer.concat([head, cfg, unit.frame]);
}

/** The frame of `cameraId`, checked as a capture side's is, or null for anything else: it is dropped, the node goes on. */
export function decodeSound(cameraId: string, buf: Buffer): AacUnit | null {
  if (!Buffer.isBuffer(buf) || buf.length < HEAD || buf.readUInt8(0) !== VERSION) return null;
  const end = HEAD + buf.readUInt8(3);
  if (buf.length <= end) return null;
  const m = {
    seq: buf.readDoubleBE(8),
    capturedAt: buf.readDoubleBE(16),
    sampleRate: buf.readUInt32BE(4),
    channels: buf.readUInt8(2),
    config: buf.subarray(HEAD, end).toString('hex'),
    ...(buf.readUInt8(1) === 1 ? { codec: 'opus' } : {}),
  };
  // Frames come in order from the one publisher: no seq to compare with (a camera that reconnects starts again at 0).
  const checked = checkAac(m, buf.subarray(end), -1);
  if (!checked.ok) return null;
  const { seq, capturedAt, sampleRate, channels, config, codec } = checked.value.meta;
  return { meta: { cameraId, seq, capturedAt, sampleRate, channels, config, ...(codec ? { codec } : {}) }, frame: checked.value.frame };
}

export class SoundBus {
  /** Other nodes' wants: what they named last, and when. */
  private readonly wants = new Map<string, { at: number; cameras: string[] }>();
  /** The other nodes, as one listener of this node's cameras they want. */
  private readonly others: SoundViewer = { wants: () => true, paused: false };
  private readonly subscribed = new Set<string>();
  private saidEmpty = false;
  private closed = false;
  /** Whether a camera is this node's, as the last tick knew: its sound is never taken back from Redis. */
  private isLocal: (cameraId: string) => boolean = () => false;
  private readonly now: () => number;
  /** Frames published and their bytes, for the Redis traffic figures. */
  readonly counts = { frames: 0, bytes: 0 };

  constructor(private readonly deps: SoundBusDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Another node's want (bounded: Redis is shared). */
  receiveWant(w: unknown): void {
    const { nodeId, cameras } = (w ?? {}) as Partial<SoundWant>;
    if (typeof nodeId !== 'string' || nodeId.length > 64 || nodeId === this.deps.nodeId) return;
    if (!Array.isArray(cameras) || cameras.length > WANT_CAMERAS_MAX) return;
    if (!this.wants.has(nodeId) && this.wants.size >= NODES_MAX) return;
    this.wants.set(nodeId, { at: this.now(), cameras: cameras.filter((c): c is string => typeof c === 'string' && CAMERA_ID_PATTERN.test(c)) });
  }

  /**
   * On the cluster tick: listens for the other nodes to this node's cameras they still want, and subscribes to (and
   * says it wants) the sound of other nodes' cameras this node's listeners listen to.
   */
  async tick(isLocal: (cameraId: string) => boolean): Promise<void> {
    if (this.closed) return;
    this.isLocal = isLocal;
    const now = this.now();
    const held = new Set<string>();
    for (const [nodeId, w] of this.wants) {
      if (now - w.at >= this.deps.wantTtlMs) this.wants.delete(nodeId);
      else for (const id of w.cameras) if (isLocal(id)) held.add(id);
    }
    if (held.size > 0) this.deps.sound.subscribe(this.others, [...held], { write: (unit, done) => this.publish(unit, done) });
    else this.deps.sound.unsubscribe(this.others);

    const remote = this.deps.sound.listenedCameras().filter((id) => !isLocal(id));
    await this.subscribe(remote);
    if (remote.length > 0 || !this.saidEmpty) this.deps.emit(SOUND_WANT, { nodeId: this.deps.nodeId, cameras: remote } satisfies SoundWant);
    this.saidEmpty = remote.length === 0;
  }

  close(): void {
    this.closed = true;
    this.deps.sound.unsubscribe(this.others);
  }

  private async subscribe(cameras: string[]): Promise<void> {
    if (!this.deps.sub.isReady) return;
    const next = new Set<string>();
    for (const cameraId of cameras) {
      const channel = soundChannel(cameraId);
      next.add(channel);
      if (this.subscribed.has(channel)) continue;
      this.subscribed.add(channel);
      await this.deps.sub.subscribe(channel, (message: Buffer) => this.received(cameraId, message), true);
    }
    for (const channel of [...this.subscribed]) {
      if (next.has(channel)) continue;
      this.subscribed.delete(channel);
      await this.deps.sub.unsubscribe(channel);
    }
  }

  private received(cameraId: string, message: Buffer): void {
    // A camera that moved here (a failover) while its channel was still heard: its own frames must not come back round.
    if (this.closed || this.isLocal(cameraId)) return;
    const unit = decodeSound(cameraId, message);
    if (unit) this.deps.sound.publish(cameraId, unit.meta, unit.frame);
  }

  /** One frame of this node's camera to the nodes that want it; the lane sends the next once Redis took this one. */
  private publish(unit: AacUnit, done: () => void): void {
    if (!this.deps.pub.isReady) return done();
    const buf = encodeSound(unit);
    this.counts.frames++;
    this.counts.bytes += buf.length;
    this.deps.pub
      .publish(soundChannel(unit.meta.cameraId), buf)
      .catch(() => {})
      .finally(done);
  }
}
