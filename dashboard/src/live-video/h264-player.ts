/**
 * One tile's live H.264: units go to the page's decoder (WebCodecs in a worker where it exists, MSE
 * elsewhere); each picture is drawn on the tile's canvas at the next animation frame, never an older one
 * after a newer. Newest wins drops only what is late (`LATE_MS` behind the newest unit, with a newer
 * keyframe to go on from), so the last pictures of a GOP are drawn though the next keyframe has come.
 * Units marked `catchUp` (the GOP the relay kept, sent to a viewer that joins or resumes) are decoded
 * and never drawn: the first picture drawn after them is the newest the relay had. When it cannot go
 * on it says why once (`onFallback`) and the page goes back to JPEG for this camera.
 */
import { H264_FIRST_PICTURE_MS, H264_STALL_MS, H264_VIEWER_QUEUE_BYTES, type JpegReason } from '../../../shared/live-video.js';
import type { MonitorH264Meta } from '../../../shared/protocol.js';
import { canDecodeH264, decoderKind, type DecoderKind } from './can-decode.js';
import { LiveEdge, type Decoder, type DecoderEvents, type DecodeUnit, type Picture } from './decoder.js';
import { MseDecoder } from './mse-decoder.js';
import { WebcodecsDecoder } from './webcodecs-decoder.js';

export interface H264PlayerOptions {
  canvas: HTMLCanvasElement;
  /** Each drawn picture (the page's draw hook: Diagnostics and tests see it). */
  onDraw?: (seq: number, capturedAt: number) => void;
  /** Each catch-up unit that went through the decoder undrawn (tests see it). */
  onCaughtUp?: (seq: number) => void;
  /** Each unit or picture skipped as late, with how far (ms of capture time) it was behind the newest unit then (tests see it). */
  onLate?: (seq: number, behindMs: number) => void;
  /** Each picture MSE's video showed while the page was too busy to copy it (tests see it). */
  onMissed?: (seq: number) => void;
  onFallback: (reason: JpegReason, detail: string) => void;
  /** Which decoder; the page's own by default. */
  kind?: DecoderKind | null;
  now?: () => number;
  /** Makes the decoder (tests: one slower than the stream); by default the one `kind` names. */
  makeDecoder?: (kind: DecoderKind, events: DecoderEvents) => Decoder;
}

export class H264Player {
  private readonly o: Required<Omit<H264PlayerOptions, 'onDraw' | 'onCaughtUp' | 'onLate' | 'onMissed' | 'makeDecoder'>> &
    Pick<H264PlayerOptions, 'onDraw' | 'onCaughtUp' | 'onLate' | 'onMissed' | 'makeDecoder'>;
  private decoder: Decoder | null = null;
  /** Units not yet handed on (flushed once per task, so a burst is cut at its newest keyframe whose GOP before it is late). */
  private waiting: DecodeUnit[] = [];
  private waitingBytes = 0;
  private flushQueued = false;
  private checkedCodec = '';
  private checking = false;
  private ready: Picture | null = null;
  private frameRequested = false;
  private shownSeq = -1;
  private newestKey = -1;
  /** The newest unit's capture time: the live edge a picture's lateness is measured from. */
  private readonly edge = new LiveEdge();
  /** No picture below this is drawn: after a catch-up run, its first unit not marked (Infinity until it comes). */
  private drawFrom = -1;
  private failed = false;
  /** Since when units have arrived with no picture drawn. */
  private waitingSince: number | null = null;
  private lastUnitAt = 0;
  /** This decoder has given a picture (drawn or caught up): from then on a stall is `H264_STALL_MS`, before it `H264_FIRST_PICTURE_MS`. */
  private started = false;

  constructor(options: H264PlayerOptions) {
    this.o = { kind: decoderKind(), now: () => performance.now(), ...options };
  }

  push(meta: MonitorH264Meta, au: Uint8Array): void {
    if (this.failed) return;
    if (!this.o.kind) return this.fallback('no-decoder', 'this browser has neither WebCodecs nor Media Source Extensions');
    const now = this.o.now();
    // A gap in arrivals (a hidden tab, a relay restart) is not a stall: the wait starts again.
    if (this.waitingSince === null || now - this.lastUnitAt > H264_STALL_MS) this.waitingSince = now;
    this.lastUnitAt = now;
    if (now - this.waitingSince > (this.started ? H264_STALL_MS : H264_FIRST_PICTURE_MS)) {
      return this.fallback('stall', `no picture for ${Math.round(now - this.waitingSince)} ms while units arrived`);
    }
    const catchUp = meta.catchUp === true;
    if (meta.keyframe) {
      this.newestKey = meta.seq;
      if (catchUp) this.drawFrom = Infinity;
    } else if (this.newestKey < 0) return; // nothing decodes before the first keyframe
    this.edge.saw(meta.capturedAt);
    // The first unit after a catch-up run: the newest picture the relay had, the first one to draw.
    if (!catchUp && this.drawFrom === Infinity) this.drawFrom = meta.seq;
    const { seq, capturedAt, keyframe, codec, width, height } = meta;
    this.waiting.push({ seq, capturedAt, keyframe, codec, width, height, au, catchUp });
    this.waitingBytes += au.length;
    if (this.waitingBytes > H264_VIEWER_QUEUE_BYTES) {
      this.waiting = [];
      this.waitingBytes = 0;
      this.newestKey = -1;
      return;
    }
    if (meta.keyframe) this.cutLate();
    if (!this.flushQueued) {
      this.flushQueued = true;
      queueMicrotask(() => void this.flush());
    }
  }

  dispose(): void {
    this.failed = true;
    this.decoder?.close();
    this.decoder = null;
    this.ready?.bitmap.close();
    this.ready = null;
  }

  /**
   * A burst (a page that was frozen, a relay that flushed a queue) cut at its newest keyframe whose GOP
   * before it is late: what is within `LATE_MS` of the newest unit is still decoded and drawn. A catch-up
   * keyframe is the relay starting this viewer again: what came before it is cut whatever its age.
   */
  private cutLate(): void {
    for (let k = this.waiting.length - 1; k > 0; k--) {
      const key = this.waiting[k]!;
      if (!key.keyframe || !(key.catchUp || this.edge.late(this.waiting[k - 1]!.capturedAt))) continue;
      for (const u of this.waiting.splice(0, k)) {
        this.waitingBytes -= u.au.length;
        if (this.edge.late(u.capturedAt)) this.late(u.seq, u.capturedAt);
      }
      return;
    }
  }

  private late(seq: number, capturedAt: number): void {
    if (this.failed) return;
    this.o.onLate?.(seq, this.edge.behind(capturedAt));
  }

  private async flush(): Promise<void> {
    this.flushQueued = false;
    if (this.failed || this.checking) return;
    const first = this.waiting[0];
    if (first && first.codec !== this.checkedCodec) {
      // The stream's real codec string, before its first unit is decoded.
      this.checking = true;
      const ok = await canDecodeH264(first.codec);
      this.checking = false;
      if (!ok) return this.fallback('unsupported-profile', `this browser cannot decode ${first.codec}`);
      this.checkedCodec = first.codec;
    }
    this.decoder ??= this.makeDecoder();
    for (const u of this.waiting) this.decoder.decode(u);
    this.waiting = [];
    this.waitingBytes = 0;
  }

  private makeDecoder(): Decoder {
    const events: DecoderEvents = {
      picture: (p) => this.picture(p),
      // Not drawn, but decoded: the decoder is on its way to the newest picture, so no stall yet.
      caughtUp: (seq) => {
        if (this.failed) return;
        this.progressed();
        this.o.onCaughtUp?.(seq);
      },
      // The decoder skipped it to reach the live edge (MSE's video jumps there when it falls behind): working, not stalled.
      late: (seq, behindMs) => {
        if (this.failed) return;
        this.progressed();
        this.o.onLate?.(seq, behindMs);
      },
      missed: (seq) => this.o.onMissed?.(seq),
      error: (detail) => this.fallback('decoder-error', detail),
    };
    if (this.o.makeDecoder) return this.o.makeDecoder(this.o.kind!, events);
    return this.o.kind === 'webcodecs' ? new WebcodecsDecoder(events) : new MseDecoder(events);
  }

  /**
   * The decoder gave something for a unit (a picture drawn or skipped as late, a catch-up unit): it is working, so
   * the stall wait starts again. A box too busy to decode at the stream's rate skips pictures to reach the live edge;
   * that is not a stall (one loaded CI run fell back to JPEG while pictures 7-15 were skipped as late, 533-733 ms behind).
   */
  private progressed(): void {
    this.started = true;
    this.waitingSince = null;
  }

  private picture(p: Picture): void {
    if (this.failed || p.seq <= this.shownSeq || p.seq < this.drawFrom) return p.bitmap.close();
    // Late with a newer keyframe in: the decoder goes on from it, so this one is skipped. Older but in time, it is drawn.
    if (p.seq < this.newestKey && this.edge.late(p.capturedAt)) {
      this.progressed();
      this.late(p.seq, p.capturedAt);
      return p.bitmap.close();
    }
    // A newer picture before the display refreshed (a busy page's frames come slower than the stream): the older one
    // is never shown, and is said missed, as MSE's pictures the page could not copy are.
    if (this.ready) {
      this.ready.bitmap.close();
      this.o.onMissed?.(this.ready.seq);
    }
    this.ready = p;
    if (!this.frameRequested) {
      this.frameRequested = true;
      requestAnimationFrame(() => this.draw());
    }
  }

  private draw(): void {
    this.frameRequested = false;
    const p = this.ready;
    this.ready = null;
    if (!p || this.failed) return p?.bitmap.close();
    const { canvas } = this.o;
    // The canvas takes the picture's shape; the tile's CSS letterboxes it, as it does a JPEG.
    if (canvas.width !== p.bitmap.width) canvas.width = p.bitmap.width;
    if (canvas.height !== p.bitmap.height) canvas.height = p.bitmap.height;
    const ctx = canvas.getContext('bitmaprenderer');
    if (ctx) ctx.transferFromImageBitmap(p.bitmap);
    else p.bitmap.close();
    this.shownSeq = p.seq;
    this.progressed();
    this.o.onDraw?.(p.seq, p.capturedAt);
  }

  private fallback(reason: JpegReason, detail: string): void {
    if (this.failed) return;
    this.dispose();
    this.o.onFallback(reason, detail);
  }
}
