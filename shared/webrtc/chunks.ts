/**
 * Media on an RTCDataChannel: a JPEG frame or an H.264 access unit plus its metadata, split into
 * messages no larger than MAX_MESSAGE_BYTES and put back together on the other side. Pure: no I/O,
 * runs in Node and browsers.
 *
 * Every message starts with a 16-byte header (big-endian):
 *   0 u8 version (1) · 1 u8 media kind (MEDIA) · 2 u16 chunk index · 4 u16 chunk count · 6 u16 meta length
 *   8 u32 frame number · 12 u32 payload length
 * Chunk 0 carries the metadata as UTF-8 JSON right after the header; every chunk carries the next
 * slice of the payload. The channel is unordered without retransmits, so chunks of different frames
 * interleave and some never arrive: a frame or unit is handed on only when all of its chunks are in.
 * The kind byte was reserved (0) before H.264 rode the channel, so a JPEG's chunks are unchanged.
 */

/** werift advertises and enforces 64 KiB (Chromium takes 256 KiB): the smaller limit binds both ways. */
export const MAX_MESSAGE_BYTES = 64 * 1024;
export const CHUNK_HEADER_BYTES = 16;
const VERSION = 1;

/**
 * What a message carries. `h264-probe`: a copy of a unit sent while the upgrade is on trial, when the
 * viewer's own transport still carries the stream: it proves the channel delivers, and is not decoded
 * (the same unit comes the other way too, and a decoder must see each unit once, in order).
 */
export const MEDIA = { jpeg: 0, h264: 1, 'h264-probe': 2 } as const;
export type MediaKind = keyof typeof MEDIA;
const KIND_OF = Object.fromEntries(Object.entries(MEDIA).map(([k, v]) => [v, k])) as Record<number, MediaKind>;
/** Metadata is a handful of numbers; anything larger is not ours. */
const MAX_META_BYTES = 4096;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Splits one frame (or unit, by `kind`) into data-channel messages. `frameNo` tells them apart (wraps at 2^32). */
export function encodeFrame(meta: object, jpeg: Uint8Array, frameNo: number, maxMessage = MAX_MESSAGE_BYTES, kind: MediaKind = 'jpeg'): Uint8Array[] {
  const metaBytes = encoder.encode(JSON.stringify(meta));
  if (metaBytes.length > MAX_META_BYTES) throw new RangeError('frame metadata too large');
  const room = maxMessage - CHUNK_HEADER_BYTES;
  const firstRoom = room - metaBytes.length;
  const count = 1 + Math.ceil(Math.max(0, jpeg.length - firstRoom) / room);
  if (count > 0xffff) throw new RangeError('frame too large to chunk');
  const messages: Uint8Array[] = [];
  let offset = 0;
  for (let index = 0; index < count; index++) {
    const metaLength = index === 0 ? metaBytes.length : 0;
    const take = Math.min(jpeg.length - offset, room - metaLength);
    const message = new Uint8Array(CHUNK_HEADER_BYTES + metaLength + take);
    const view = new DataView(message.buffer);
    view.setUint8(0, VERSION);
    view.setUint8(1, MEDIA[kind]);
    view.setUint16(2, index);
    view.setUint16(4, count);
    view.setUint16(6, metaLength);
    view.setUint32(8, frameNo >>> 0);
    view.setUint32(12, jpeg.length);
    if (metaLength) message.set(metaBytes, CHUNK_HEADER_BYTES);
    message.set(jpeg.subarray(offset, offset + take), CHUNK_HEADER_BYTES + metaLength);
    offset += take;
    messages.push(message);
  }
  return messages;
}

export interface AssembledFrame {
  frameNo: number;
  /** What the payload is: a JPEG, an H.264 unit, or a trial copy of one. */
  media: MediaKind;
  meta: unknown;
  /** The payload (named for the first kind the channel carried). */
  jpeg: Uint8Array;
}

export type ChunkResult = { kind: 'partial' } | { kind: 'frame'; frame: AssembledFrame } | { kind: 'bad'; reason: string };

interface Partial {
  media: MediaKind;
  count: number;
  received: number;
  have: Uint8Array;
  jpeg: Uint8Array;
  meta: unknown;
  /** Where chunk i's JPEG slice starts: known once chunk 0 (and so the metadata length) is in. */
  metaLength: number | null;
  pending: Array<{ index: number; payload: Uint8Array }>;
  order: number;
}

export interface AssemblerOptions {
  /** Largest JPEG accepted: a header may not make us allocate more than this. */
  maxFrameBytes: number;
  /** Incomplete frames kept at once (one per camera is typical); the oldest goes first. */
  maxPartial?: number;
  maxMessage?: number;
}

/** Puts frames back together from chunks in any order; incomplete frames are dropped, oldest first. */
export class FrameAssembler {
  private readonly partials = new Map<number, Partial>();
  private readonly maxPartial: number;
  private readonly room: number;
  private order = 0;
  /** Frames given up on because newer ones filled the table before they were complete. */
  abandoned = 0;

  constructor(private readonly options: AssemblerOptions) {
    this.maxPartial = options.maxPartial ?? 32;
    this.room = (options.maxMessage ?? MAX_MESSAGE_BYTES) - CHUNK_HEADER_BYTES;
  }

  push(data: Uint8Array): ChunkResult {
    if (data.length < CHUNK_HEADER_BYTES) return { kind: 'bad', reason: 'message shorter than the chunk header' };
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    if (view.getUint8(0) !== VERSION) return { kind: 'bad', reason: `unknown chunk version ${view.getUint8(0)}` };
    const media = KIND_OF[view.getUint8(1)];
    if (!media) return { kind: 'bad', reason: `unknown media kind ${view.getUint8(1)}` };
    const index = view.getUint16(2);
    const count = view.getUint16(4);
    const metaLength = view.getUint16(6);
    const frameNo = view.getUint32(8);
    const total = view.getUint32(12);
    if (count === 0 || index >= count) return { kind: 'bad', reason: 'chunk index out of range' };
    if (total > this.options.maxFrameBytes) return { kind: 'bad', reason: 'frame larger than the maximum frame size' };
    if (metaLength > MAX_META_BYTES || (index !== 0 && metaLength !== 0)) return { kind: 'bad', reason: 'bad metadata length' };
    if (CHUNK_HEADER_BYTES + metaLength > data.length) return { kind: 'bad', reason: 'metadata runs past the message' };
    if (count > Math.ceil((total + MAX_META_BYTES) / this.room) + 1) return { kind: 'bad', reason: 'more chunks than the frame needs' };

    let partial = this.partials.get(frameNo);
    if (!partial) {
      if (this.partials.size >= this.maxPartial) this.evictOldest();
      partial = {
        media,
        count,
        received: 0,
        have: new Uint8Array(count),
        jpeg: new Uint8Array(total),
        meta: undefined,
        metaLength: null,
        pending: [],
        order: this.order++,
      };
      this.partials.set(frameNo, partial);
    }
    if (partial.count !== count || partial.jpeg.length !== total || partial.media !== media) return this.drop(frameNo, 'chunks disagree about the frame');
    if (partial.have[index]) return { kind: 'partial' };
    partial.have[index] = 1;
    partial.received++;

    const payload = data.subarray(CHUNK_HEADER_BYTES + metaLength);
    if (index === 0) {
      try {
        partial.meta = JSON.parse(decoder.decode(data.subarray(CHUNK_HEADER_BYTES, CHUNK_HEADER_BYTES + metaLength)));
      } catch {
        return this.drop(frameNo, 'metadata is not JSON');
      }
      partial.metaLength = metaLength;
      if (!this.place(partial, 0, payload)) return this.drop(frameNo, 'chunk runs past the frame');
      for (const p of partial.pending) if (!this.place(partial, p.index, p.payload)) return this.drop(frameNo, 'chunk runs past the frame');
      partial.pending = [];
    } else if (partial.metaLength === null) {
      // Chunk 0 fixes where the others go (its metadata shortens its slice): hold them until it comes.
      partial.pending.push({ index, payload: payload.slice() });
    } else if (!this.place(partial, index, payload)) {
      return this.drop(frameNo, 'chunk runs past the frame');
    }

    if (partial.received < partial.count) return { kind: 'partial' };
    this.partials.delete(frameNo);
    return { kind: 'frame', frame: { frameNo, media: partial.media, meta: partial.meta, jpeg: partial.jpeg } };
  }

  /** Incomplete frames held right now. */
  get pendingFrames(): number {
    return this.partials.size;
  }

  clear(): void {
    this.partials.clear();
  }

  private place(partial: Partial, index: number, payload: Uint8Array): boolean {
    const start = index === 0 ? 0 : this.room - (partial.metaLength ?? 0) + (index - 1) * this.room;
    if (start + payload.length > partial.jpeg.length) return false;
    partial.jpeg.set(payload, start);
    return true;
  }

  private drop(frameNo: number, reason: string): ChunkResult {
    this.partials.delete(frameNo);
    return { kind: 'bad', reason };
  }

  private evictOldest(): void {
    let oldest: number | null = null;
    let order = Infinity;
    for (const [no, p] of this.partials) if (p.order < order) [oldest, order] = [no, p.order];
    if (oldest !== null) {
      this.partials.delete(oldest);
      this.abandoned++;
    }
  }
}
