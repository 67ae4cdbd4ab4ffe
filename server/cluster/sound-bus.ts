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
import { ChannelSet, RemoteWants, WantSayer } from './remote-wants.js';

export const SOUND_WANT = 'camrelay:sound-want';
export const soundChannel = (cameraId: string) => `camrelay:sound:${cameraId}`;
const isCamera = (c: unknown): c is string => typeof c === 'string' && CAMERA_ID_PATTERN.test(c);

export interface SoundWant {
  nodeId: string;
  cameras: string[];
}

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
  private readonly wants: RemoteWants<string>;
  private readonly sayer: WantSayer<string>;
  private readonly channels: ChannelSet;
  /** The other nodes, as one listener of this node's cameras they want. */
  private readonly others: SoundViewer = { wants: () => true, paused: false };
  private closed = false;
  /** Whether a camera is this node's, as the last tick knew: its sound is never taken back from Redis. */
  private isLocal: (cameraId: string) => boolean = () => false;
  /** Frames published and their bytes, for the Redis traffic figures. */
  readonly counts = { frames: 0, bytes: 0 };

  constructor(private readonly deps: SoundBusDeps) {
    this.wants = new RemoteWants(deps.nodeId, isCamera, deps.now ?? Date.now);
    this.sayer = new WantSayer((cameras) => deps.emit(SOUND_WANT, { nodeId: deps.nodeId, cameras } satisfies SoundWant));
    this.channels = new ChannelSet(deps.sub);
  }

  /** Another node's want (bounded: Redis is shared). */
  receiveWant(w: unknown): void {
    const { nodeId, cameras } = (w ?? {}) as Partial<SoundWant>;
    this.wants.receive(nodeId, cameras);
  }

  /**
   * On the cluster tick: listens for the other nodes to this node's cameras they still want, and subscribes to (and
   * says it wants) the sound of other nodes' cameras this node's listeners listen to.
   */
  async tick(isLocal: (cameraId: string) => boolean): Promise<void> {
    if (this.closed) return;
    this.isLocal = isLocal;
    const held = new Set(this.wants.current(this.deps.wantTtlMs).filter(isLocal));
    if (held.size > 0) this.deps.sound.subscribe(this.others, [...held], { write: (unit, done) => this.publish(unit, done) });
    else this.deps.sound.unsubscribe(this.others);

    const remote = this.deps.sound.listenedCameras().filter((id) => !isLocal(id));
    await this.channels.keep(new Map(remote.map((id) => [soundChannel(id), (m: Buffer) => this.received(id, m)])));
    this.sayer.say(remote);
  }

  close(): void {
    this.closed = true;
    this.deps.sound.unsubscribe(this.others);
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
