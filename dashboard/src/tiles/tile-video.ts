/**
 * A tile's live H.264 (#30): the player on the tile's canvas while the relay sends the camera as
 * H.264, with its own counts (its `seq` numbers the H.264 stream, not the JPEGs). JPEG is the floor:
 * when the player gives up, the tile says why and the page asks for JPEG again; when the relay goes
 * back to JPEG by itself (its H.264 stopped), the JPEGs are drawn again as they come. A keyframe of another
 * stream (the relay stepped the camera to another rung, or its capture side restarted) starts a fresh player:
 * each stream numbers its units from its own start, and its pictures have their own size.
 */
import type { JpegReason } from '../../../shared/live-video.js';
import type { MonitorFrameMeta, MonitorH264Meta } from '../../../shared/protocol.js';
import { H264Player } from '../live-video/h264-player.js';
import { Stats } from './stats.js';

/** No H.264 picture drawn for this long: the JPEGs that come are drawn again (the relay's own floor). */
export const H264_HOLD_MS = 1500;
/** Metas kept to hand the draw hook the whole meta of a drawn picture (a GOP at 30 fps, and some). */
const METAS_KEPT = 64;
/** Well past a subscribe's round trip, well before the first retry (`H264_RETRY_MS`). */
const REFUSE_AFTER_FALL_MS = 3000;

export interface TileVideoHost {
  canvas: HTMLCanvasElement;
  now: () => number;
  /** A picture was drawn: the tile's status, latency and draw hook. */
  drew(meta: MonitorFrameMeta): void;
  fellBack(reason: JpegReason, detail: string): void;
}

export class TileVideo {
  readonly stats = new Stats();
  private player: H264Player | null = null;
  private readonly metas = new Map<number, MonitorH264Meta>();
  private lastDrawAt: number | null = null;
  private paused = false;
  /** After a fall back, H.264 still in flight (before the page's new subscribe lands) is not tried again. */
  private refusedUntil = 0;
  /** The last unit's stream, by its size and capture session (plain fields: this runs per unit); width 0: none yet. */
  private lastWidth = 0;
  private lastHeight = 0;
  private lastEpoch = -1;

  constructor(private readonly host: TileVideoHost) {}

  /** True while H.264 pictures are what the tile shows: JPEGs that still arrive are not drawn. */
  get showing(): boolean {
    return this.lastDrawAt !== null && this.host.now() - this.lastDrawAt < H264_HOLD_MS;
  }

  push(meta: MonitorH264Meta, au: Uint8Array): void {
    if (meta.keyframe && this.otherStream(meta)) {
      // Not a loss nor a stale unit: the numbering starts over.
      this.stats.resync();
      this.restart();
    }
    this.lastWidth = meta.width;
    this.lastHeight = meta.height;
    this.lastEpoch = meta.epoch;
    this.stats.receive(meta);
    // Paused or unseen: nothing is decoded; the relay sends the newest keyframe first when it resumes.
    if (this.paused || this.host.now() < this.refusedUntil) return;
    this.player ??= new H264Player({
      canvas: this.host.canvas,
      onDraw: (seq) => this.drew(seq),
      onFallback: (reason, detail) => this.fail(reason, detail),
    });
    this.metas.set(meta.seq, meta);
    if (this.metas.size > METAS_KEPT) this.metas.delete(this.metas.keys().next().value as number);
    this.player.push(meta, au);
  }

  /** The tile is paused or out of sight: drop the decoder (a fresh one starts at the next keyframe). */
  setPaused(paused: boolean): void {
    this.paused = paused;
    if (paused) this.stop();
  }

  dispose(): void {
    this.stop();
  }

  private drew(seq: number): void {
    const meta = this.metas.get(seq);
    if (!meta) return;
    const now = this.host.now();
    this.lastDrawAt = now;
    this.stats.draw(now);
    this.host.drew(meta);
  }

  /**
   * Each of a camera's streams has its own width (full size, one per rung). Not a lower seq alone: the same stream's
   * cached GOP sent again (a resumed lane) must still never draw an older picture after a newer one.
   */
  private otherStream(meta: MonitorH264Meta): boolean {
    if (this.lastWidth === 0) return false;
    return meta.width !== this.lastWidth || meta.height !== this.lastHeight || meta.epoch !== this.lastEpoch;
  }

  /** A fresh player for another stream; the last picture stays up (and JPEGs stay undrawn) until its first one. */
  private restart(): void {
    this.player?.dispose();
    this.player = null;
    this.metas.clear();
  }

  private fail(reason: JpegReason, detail: string): void {
    this.stop();
    this.refusedUntil = this.host.now() + REFUSE_AFTER_FALL_MS;
    this.host.fellBack(reason, detail);
  }

  private stop(): void {
    this.restart();
    this.lastDrawAt = null;
  }
}
