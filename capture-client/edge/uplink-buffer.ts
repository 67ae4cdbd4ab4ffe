/**
 * The H.264 uplink's buffer on the capture side (#28). Recording needs every access unit, unlike live JPEG
 * (newest wins), so units wait here for the relay's ack: at most 4 s of capture time and 8 MiB by default,
 * about 2.5× a 720p15 stream's keyframe-to-keyframe bytes over a link that stalls for a few seconds. Past
 * either limit the unit is dropped, and so is every unit up to the next keyframe that fits (a P-frame without
 * its references decodes to garbage). Every unit gets a seq, sent or not, so the relay sees the hole as a jump
 * in seq and records an `uplink` gap. AAC frames (#29) wait in a buffer of their own, each frame a "keyframe".
 */
import type { H264FrameMeta } from '../../shared/demand.js';
import type { ProducedUnit } from './h264-producer.js';

export interface UplinkBufferOptions {
  /** Bytes of access units held, sent or not, until acked. Default 8 MiB. */
  maxBytes?: number;
  /** Capture time from the oldest unit held to the newest offered. Default 4 s. */
  maxMs?: number;
}

export const UPLINK_DEFAULTS: Required<UplinkBufferOptions> = { maxBytes: 8 * 1024 * 1024, maxMs: 4000 };

/** What a buffer holds: bytes, a capture time, and whether a stream can start at it. */
export interface Bufferable {
  data: Uint8Array;
  capturedAt: number;
  keyframe: boolean;
}

export interface UplinkUnit<U extends Bufferable = ProducedUnit> {
  /** +1 per access unit the encoder made, dropped ones included (H264FrameMeta.seq). */
  seq: number;
  au: U;
}

/** The `h264` event's metadata for a unit; the payload is `unit.au.data`. */
export function h264Meta(unit: UplinkUnit, clockOffset?: number, session?: string): H264FrameMeta {
  const { capturedAt, keyframe, width, height, codec } = unit.au;
  return {
    seq: unit.seq,
    capturedAt,
    keyframe,
    width,
    height,
    ...(codec ? { codec } : {}),
    ...(clockOffset === undefined ? {} : { clockOffset }),
    ...(session === undefined ? {} : { session }),
  };
}

export class UplinkBuffer<U extends Bufferable = ProducedUnit> {
  private readonly opts: Required<UplinkBufferOptions>;
  private nextSeq = 0;
  private readonly held: (UplinkUnit<U> & { sent: boolean })[] = [];
  private heldBytes = 0;
  /** Waiting for a keyframe that fits: at the start (a stream must begin at one) and after an overflow. */
  private dropping = true;
  /** Units dropped, holes made (one per overflow), and bytes the relay acked, for the status line and /metrics. */
  readonly stats = { dropped: 0, holes: 0, ackedBytes: 0 };

  constructor(opts: UplinkBufferOptions = {}) {
    this.opts = { ...UPLINK_DEFAULTS, ...opts };
    if (!(this.opts.maxBytes > 0) || !(this.opts.maxMs > 0)) throw new TypeError('The uplink buffer needs a maxBytes and a maxMs above 0.');
  }

  get bytes(): number {
    return this.heldBytes;
  }

  get length(): number {
    return this.held.length;
  }

  /** Takes the encoder's next unit: true when held for sending, false when dropped. */
  offer(au: U): boolean {
    const seq = this.nextSeq++;
    if (this.dropping && !au.keyframe) return this.drop();
    if (!this.fits(au)) {
      if (!this.dropping && this.held.length > 0) this.stats.holes++;
      this.dropping = true;
      return this.drop();
    }
    this.dropping = false;
    this.held.push({ seq, au, sent: false });
    this.heldBytes += au.data.length;
    return true;
  }

  /** The oldest unit not yet sent, now counted as sent; undefined when all are out. */
  next(): UplinkUnit<U> | undefined {
    const unit = this.held.find((u) => !u.sent);
    if (!unit) return undefined;
    unit.sent = true;
    return { seq: unit.seq, au: unit.au };
  }

  /** The relay has the unit with this seq: it leaves the buffer. */
  ack(seq: number): void {
    const at = this.held.findIndex((u) => u.seq === seq);
    if (at < 0) return;
    const [unit] = this.held.splice(at, 1);
    this.heldBytes -= unit!.au.data.length;
    this.stats.ackedBytes += unit!.au.data.length;
  }

  /** After a reconnect, every unit not acked goes again, oldest first (the relay keeps one of each seq). */
  rewind(): void {
    for (const u of this.held) u.sent = false;
  }

  /** Demand no longer asks for H.264: nothing held is sent, and the next stream starts at a keyframe. */
  clear(): void {
    this.held.length = 0;
    this.heldBytes = 0;
    this.dropping = true;
  }

  private fits(au: U): boolean {
    if (this.heldBytes + au.data.length > this.opts.maxBytes) return false;
    const oldest = this.held[0];
    return !oldest || au.capturedAt - oldest.au.capturedAt <= this.opts.maxMs;
  }

  private drop(): false {
    this.stats.dropped++;
    return false;
  }
}
