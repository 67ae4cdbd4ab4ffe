/**
 * Frames to one viewer over its data channel. Each frame is cut into chunks once and the chunks are
 * shared by every viewer; the pipe is free for the next frame when the channel's send buffer is
 * back under a low-water mark (the data-channel equivalent of a Socket.IO ack).
 */
import type { RTCDataChannel } from 'werift';
import { encodeFrame } from '../../../shared/webrtc/chunks.js';
import { CHANNEL_LOW_WATER_BYTES } from '../../../shared/webrtc/protocol.js';
import type { Frame, FrameSink } from '../../relay/frame.js';

const chunkCache = new WeakMap<Frame, Buffer[]>();
let nextFrameNo = 0;

/** The chunks of a frame, built on first use and shared (a frame is immutable). */
export function chunksOf(frame: Frame): Buffer[] {
  let chunks = chunkCache.get(frame);
  if (!chunks) {
    chunks = encodeFrame(frame.meta, frame.jpeg, nextFrameNo++).map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength));
    chunkCache.set(frame, chunks);
  }
  return chunks;
}

export class ChannelSink implements FrameSink {
  private waiting: Array<() => void> = [];
  private stuckSince: number | null = null;

  constructor(private readonly channel: RTCDataChannel) {
    channel.bufferedAmountLowThreshold = CHANNEL_LOW_WATER_BYTES;
    channel.bufferedAmountLow.subscribe(() => this.release());
  }

  write(frame: Frame, done: () => void): void {
    if (!this.send(frame)) return done();
    if (this.channel.bufferedAmount <= CHANNEL_LOW_WATER_BYTES) return done();
    this.stuckSince ??= Date.now();
    this.waiting.push(done);
  }

  /** Trial delivery beside Socket.IO: sends when the channel has room, never waits. */
  offer(frame: Frame): void {
    if (this.channel.bufferedAmount <= CHANNEL_LOW_WATER_BYTES) this.send(frame);
  }

  /** How long the channel has kept frames waiting (0 when it drains): a peer that stopped reading. */
  stuckFor(now = Date.now()): number {
    return this.stuckSince === null ? 0 : now - this.stuckSince;
  }

  /** Frees everything waiting, e.g. when the viewer goes back to Socket.IO. */
  release(): void {
    this.stuckSince = null;
    const waiting = this.waiting;
    this.waiting = [];
    for (const done of waiting) done();
  }

  private send(frame: Frame): boolean {
    if (this.channel.readyState !== 'open') return false;
    try {
      for (const chunk of chunksOf(frame)) this.channel.send(chunk);
      return true;
    } catch {
      // The channel closed under us; its close event ends the upgrade.
      return false;
    }
  }
}
