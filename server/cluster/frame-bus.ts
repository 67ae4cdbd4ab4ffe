/**
 * Frames between nodes over Redis pub/sub, one channel per camera. The node that has the camera
 * publishes each frame once (newest wins: one publish in flight per camera), and only while some
 * node subscribes; a node subscribes only to cameras its own viewers want. Redis fans a frame out
 * once per interested node, never once per viewer.
 */
import type { RedisClientType } from 'redis';
import type { Frame } from '../relay/frame.js';
import { decodeFrame, encodeFrame, type WireFrame } from './frame-codec.js';
import { ChannelSet } from './remote-wants.js';

const PREFIX = 'camrelay:frame:';
export const frameChannel = (cameraId: string) => `${PREFIX}${cameraId}`;

export class FrameBus {
  private readonly pending = new Map<string, Frame>();
  private readonly inFlight = new Set<string>();
  /** Local cameras that some node listens to, from PUBSUB NUMSUB. */
  private listened = new Set<string>();
  private readonly channels: ChannelSet;
  /** Frames published, for the benchmark's Redis traffic figures. */
  published = 0;

  constructor(
    private readonly pub: RedisClientType,
    sub: RedisClientType,
    private readonly onRemoteFrame: (frame: WireFrame) => void,
  ) {
    this.channels = new ChannelSet(sub);
  }

  /** A frame from a local capture client: published if any node listens, newest wins. */
  publish(frame: Frame): void {
    if (!this.listened.has(frame.cameraId) || !this.pub.isReady) return;
    if (this.inFlight.has(frame.cameraId)) {
      this.pending.set(frame.cameraId, frame);
      return;
    }
    this.send(frame);
  }

  /** Refreshes which local cameras other nodes listen to (called on the cluster tick). */
  async refreshListeners(localCameraIds: string[]): Promise<void> {
    if (localCameraIds.length === 0 || !this.pub.isReady) {
      this.listened = new Set();
      return;
    }
    const reply = (await this.pub.sendCommand(['PUBSUB', 'NUMSUB', ...localCameraIds.map(frameChannel)])) as Array<string | number>;
    const listened = new Set<string>();
    for (let i = 0; i < reply.length; i += 2) if (Number(reply[i + 1]) > 0) listened.add(localCameraIds[i / 2]!);
    this.listened = listened;
  }

  /** Remote cameras this node receives frames of right now. */
  get subscriptions(): ReadonlySet<string> {
    return new Set([...this.channels.heard].map((c) => c.slice(PREFIX.length)));
  }

  /** Subscribes to exactly these remote cameras' channels. */
  async want(cameraIds: string[]): Promise<void> {
    await this.channels.keep(new Map(cameraIds.map((id) => [frameChannel(id), (message: Buffer) => this.received(id, message)])));
  }

  private received(cameraId: string, message: Buffer): void {
    const frame = decodeFrame(message);
    if (frame && frame.meta.cameraId === cameraId) this.onRemoteFrame(frame);
  }

  private send(frame: Frame): void {
    this.inFlight.add(frame.cameraId);
    this.published++;
    this.pub
      .publish(frameChannel(frame.cameraId), encodeFrame(frame.meta, frame.link, frame.jpeg))
      .catch(() => {})
      .finally(() => {
        this.inFlight.delete(frame.cameraId);
        const next = this.pending.get(frame.cameraId);
        this.pending.delete(frame.cameraId);
        if (next) this.send(next);
      });
  }
}
