/**
 * Frames and H.264 units to one viewer over its data channel: the WebRTC transport's one sink for
 * every kind (frame.ts). Each frame or unit is cut into chunks once and the chunks are shared by every
 * viewer; the pipe is free for the next when the channel's send buffer is back under a low-water mark
 * (the data-channel equivalent of a Socket.IO ack).
 */
import type { RTCDataChannel } from 'werift';
import { encodeFrame, MAX_MESSAGE_BYTES, type MediaKind } from '../../../shared/webrtc/chunks.js';
import { CHANNEL_LOW_WATER_BYTES } from '../../../shared/webrtc/protocol.js';
import type { Frame, FrameSink } from '../../relay/frame.js';
import type { H264Unit } from '../../tracks/h264-lane.js';

/** By kind, what was cut already: a frame, or a unit's meta object (lanes share one per unit and `resume` stamp). */
const chunkCache: Record<MediaKind, WeakMap<object, Buffer[]>> = { jpeg: new WeakMap(), h264: new WeakMap(), 'h264-probe': new WeakMap() };
let nextFrameNo = 0;

function cut(kind: MediaKind, key: object, meta: object, payload: Uint8Array): Buffer[] {
  let chunks = chunkCache[kind].get(key);
  if (!chunks) {
    chunks = encodeFrame(meta, payload, nextFrameNo++, MAX_MESSAGE_BYTES, kind).map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength));
    chunkCache[kind].set(key, chunks);
  }
  return chunks;
}

/** The chunks of a frame, built on first use and shared (a frame is immutable). */
export function chunksOf(frame: Frame): Buffer[] {
  return cut('jpeg', frame, frame.meta, frame.jpeg);
}

/** The chunks of an H.264 unit (`h264-probe`: a trial copy the page does not decode), built once and shared. */
export function unitChunks(unit: H264Unit, kind: 'h264' | 'h264-probe' = 'h264'): Buffer[] {
  return cut(kind, unit.meta, unit.meta, unit.au);
}

export class ChannelSink implements FrameSink {
  private waiting: Array<() => void> = [];
  private stuckSince: number | null = null;

  constructor(private readonly channel: RTCDataChannel) {
    channel.bufferedAmountLowThreshold = CHANNEL_LOW_WATER_BYTES;
    channel.bufferedAmountLow.subscribe(() => this.release());
  }

  write(frame: Frame, done: () => void): void {
    this.sent(this.send(chunksOf(frame)), done);
  }

  unit(unit: H264Unit, done: () => void): void {
    this.sent(this.send(unitChunks(unit)), done);
  }

  /** Trial delivery beside Socket.IO: sends when the channel has room, never waits. */
  offer(frame: Frame): void {
    if (this.channel.bufferedAmount <= CHANNEL_LOW_WATER_BYTES) this.send(chunksOf(frame));
  }

  /** A unit's trial copy: proves the channel delivers while Socket.IO still carries the stream the page decodes. */
  offerUnit(unit: H264Unit): void {
    if (this.channel.bufferedAmount <= CHANNEL_LOW_WATER_BYTES) this.send(unitChunks(unit, 'h264-probe'));
  }

  private sent(ok: boolean, done: () => void): void {
    if (!ok) return done();
    if (this.channel.bufferedAmount <= CHANNEL_LOW_WATER_BYTES) return done();
    this.stuckSince ??= Date.now();
    this.waiting.push(done);
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

  private send(chunks: Buffer[]): boolean {
    if (this.channel.readyState !== 'open') return false;
    try {
      for (const chunk of chunks) this.channel.send(chunk);
      return true;
    } catch {
      // The channel closed under us; its close event ends the upgrade.
      return false;
    }
  }
}
