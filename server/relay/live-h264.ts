/**
 * Live H.264 to viewers (#30), the core's part, as kinds of one stream of tracks (#56): the camera side's access
 * units (LocalH264) are published on the `h264` track, each rung stream it makes for grid tiles (`h264-rung`) on
 * `h264@<width>`; every viewer reads a track through its own newest-GOP lane, and the track gives one that comes or
 * resumes the camera's current GOP, or asks the camera for a keyframe (policies.ts, gop-cache.ts). The recorder reads
 * the same `h264` track, every unit (H.265 and units no viewer is sent too, `H264Unit.live`). A camera whose track is
 * read is asked for it (demand, h264-streams.ts): live while a viewer reads it and `RELEASE_MS` after, without a live
 * hurry while only the recorder reads it. Knows no transport: a viewer is a key and a `write` that resolves when the viewer took the unit.
 */
import type { H264FrameMeta } from '../../shared/demand.js';
import type { MonitorH264Meta } from '../../shared/protocol.js';
import type { Demand } from './demand.js';
import { h264Codec } from '../../common/codec/sps.js';
import { RENDITION_WIDTHS } from '../../shared/subscription.js';
import type { H264Unit } from '../tracks/h264-lane.js';
import type { LaneSink } from '../tracks/lane.js';
import { newestGop } from '../tracks/policies.js';
import type { TrackReader } from '../tracks/track.js';
import { H264Taken } from './h264-taken.js';
import type { LocalH264 } from './local-h264.js';
import { H264Streams, streamKey } from './h264-streams.js';
import { LedgerTrack } from './reader-ledger.js';

export { RELEASE_MS } from './h264-streams.js';
export { H264_QUIET_MS } from './h264-taken.js';

export interface LiveH264Deps {
  h264: LocalH264;
  demand: Demand;
  /** The camera's capture session number as its JPEGs carry it (MonitorFrameMeta.epoch). */
  epochOf: (cameraId: string) => number;
  now?: () => number;
}

/** Since start, read by /metrics at scrape time (plain numbers: nothing labelled on the per-unit path). */
export interface LiveH264Counts {
  /** Units and their bytes sent to viewers. */
  sent: number;
  bytes: number;
  /** Times a slow viewer's waiting units were dropped and it went on from the next keyframe. */
  skipped: number;
  /** Keyframe requests sent to capture sides (already rate-limited per camera). */
  keyframes: number;
}

/**
 * Cluster mode's part (the track bus, server/cluster/track-bus.ts): cameras whose capture client is on another node
 * that offers H.264 there, and where this node's keyframe asks for them go.
 */
export interface RemoteH264 {
  offers(cameraId: string): boolean;
  offersRungs(cameraId: string): boolean;
  requestKeyframe(cameraId: string, rung: number | null): void;
}

/** The track kind of a stream: `h264` full size, `h264@<width>` a rung's. */
export const h264Kind = (rung: number | null) => (rung === null ? 'h264' : `h264@${rung}`);

export class LiveH264 {
  /** By kind: `h264`, and `h264@<width>` for each rung of the ladder (and any other a reader named). */
  private readonly kinds = new Map<string, LedgerTrack<H264Unit>>();
  /** The streams kept, and what each asks of its camera (h264-streams.ts). */
  private readonly kept: H264Streams;
  /** Each viewer's reader of each stream it watches: `${viewer}\n${stream}`. */
  private readonly readers = new Map<string, TrackReader>();
  private readonly taken: H264Taken;
  private readonly now: () => number;
  private remote: RemoteH264 | null = null;
  /** Readers of this node's viewers (any other, the track bus's, reads for other nodes). */
  private readonly own = new WeakSet<TrackReader>();
  readonly counts: LiveH264Counts = { sent: 0, bytes: 0, skipped: 0, keyframes: 0 };

  constructor(private readonly deps: LiveH264Deps) {
    this.now = deps.now ?? Date.now;
    this.kept = new H264Streams({
      demand: deps.demand,
      now: this.now,
      readers: (cameraId, rung, need) => this.trackOf(rung).ledger.count(cameraId, need),
      own: (reader) => this.own.has(reader),
      forget: (cameraId, rung) => this.trackOf(rung).forget(cameraId),
    });
    this.taken = new H264Taken(this.now, (stream) => this.kept.byKey(stream)?.lastUnitAt);
    for (const rung of [null, ...RENDITION_WIDTHS]) this.trackOf(rung);
    deps.h264.onH264((cameraId, meta, au, receivedAt) => this.offer(cameraId, meta, au, receivedAt));
  }

  /** The rungs of the ladder with a track of their own, beside full size (null). */
  rungs(): Array<number | null> {
    return [null, ...RENDITION_WIDTHS];
  }

  /** Whether this node can send `cameraId` as H.264 now (its capture connection here offers it). */
  canSend(cameraId: string): boolean {
    return this.deps.demand.offersH264(cameraId) || (this.remote?.offers(cameraId) ?? false);
  }

  /** Whether this node can send `cameraId` as H.264 at rung widths (its capture connection here offers 'h264-rungs'). */
  canSendRungs(cameraId: string): boolean {
    return this.deps.demand.offersH264Rungs(cameraId) || (this.remote?.offersRungs(cameraId) ?? false);
  }

  /** Cluster mode: where cameras of other nodes' capture clients come from. */
  setRemote(remote: RemoteH264): void {
    this.remote = remote;
  }

  /** The streams this node keeps live now (some viewer takes them, or did within `RELEASE_MS`), as [cameraId, rung]. */
  streams(): Array<[cameraId: string, rung: number | null]> {
    return this.kept.live();
  }

  /** Cluster mode: a unit of a stream another node's capture client sends, to this node's viewers of it. */
  offerRemote(rung: number | null, unit: H264Unit): void {
    const { meta, au } = unit;
    const cam = this.kept.get(meta.cameraId, rung);
    if (!cam) return;
    cam.lastUnitAt = this.now();
    if (meta.keyframe) cam.codec = h264Codec(au) ?? cam.codec;
    if (!cam.codec) return;
    this.trackOf(rung).publish({ meta: { ...meta, codec: cam.codec }, au });
  }

  /**
   * The viewer takes `cameraId` as H.264 from now on, at rung `rung` (null: full size) through `sink` (its `done`
   * when the viewer acked a unit); `onSkip` hears each time its link fell a GOP behind (the rung's step-down, h264-step-down.ts);
   * `resume` is the viewer's newest `pause` `resume` number (0: none), stamped on every unit it is sent.
   */
  watch(viewer: string, cameraId: string, sink: LaneSink<H264Unit>, rung: number | null = null, onSkip?: () => void, resume = 0): void {
    const stream = streamKey(cameraId, rung);
    const cam = this.kept.open(cameraId, rung);
    this.taken.watch(viewer, cameraId, stream);
    if (this.readers.has(`${viewer}\n${stream}`)) return;
    const reader: TrackReader = { wants: () => true, paused: false };
    this.readers.set(`${viewer}\n${stream}`, reader);
    this.own.add(reader);
    const counted: LaneSink<H264Unit> = {
      write: (unit, done) => {
        this.taken.sent(viewer, cameraId);
        this.counts.sent++;
        this.counts.bytes += unit.au.length;
        sink.write(unit, done);
      },
    };
    this.trackOf(rung).subscribe(reader, [cameraId], counted, { onSkip: () => onSkip?.(), mark: resume });
    // Read again before its release delay ran out: asked as it was, the camera side's encoder kept.
    this.kept.retain(cam);
  }

  /** Viewer–camera pairs taking H.264 on this node now. */
  get viewers(): number {
    return this.readers.size;
  }

  /**
   * The viewer stops taking that stream; `again`: it takes another stream of the camera right after (a rung change),
   * so its JPEGs stay held back meanwhile rather than fill its link before the new stream's first unit.
   */
  unwatch(viewer: string, cameraId: string, rung: number | null = null, again = false): void {
    const stream = streamKey(cameraId, rung);
    if (!again) this.taken.left(viewer, cameraId);
    const reader = this.readers.get(`${viewer}\n${stream}`);
    if (!reader) return;
    this.readers.delete(`${viewer}\n${stream}`);
    this.kept.left(cameraId, rung);
    // Closed, not only forgotten: its acks would otherwise keep writing what waited, counted as sent (sending()).
    this.trackOf(rung).unsubscribe(reader);
  }

  /**
   * Pauses or resumes the viewer's streams, each named by camera and rung (null: full size); a `resume` number
   * restarts each from its GOP kept, paused or not, and is stamped on what follows (shared/live-video.ts).
   */
  pause(viewer: string, streams: Iterable<[cameraId: string, rung: number | null]>, paused: boolean, resume?: number): void {
    for (const [id, rung] of streams) {
      const reader = this.readers.get(`${viewer}\n${streamKey(id, rung)}`);
      if (reader) this.trackOf(rung).pause(reader, paused, paused ? undefined : resume);
    }
  }

  /** True while the viewer takes `cameraId` as H.264 (h264-taken.ts); the JPEG side reads it as `viewer.muted` (h264-viewer.ts). */
  sending(viewer: string, cameraId: string): boolean {
    return this.taken.sending(viewer, cameraId);
  }

  close(): void {
    this.kept.close();
  }

  /** A unit of `cameraId`'s rung stream `rung` (CameraSide's `h264-rung` ingest): to that rung's viewers. */
  offerRung(cameraId: string, rung: number, meta: H264FrameMeta, au: Buffer, receivedAt: number): void {
    this.offer(cameraId, meta, au, receivedAt, rung);
  }

  /** The track of full-size H.264 (`rung` null) or of one rung's, made when first named. */
  trackOf(rung: number | null): LedgerTrack<H264Unit> {
    const kind = h264Kind(rung);
    let track = this.kinds.get(kind);
    if (track) return track;
    const o = {
      kind,
      policy: newestGop(),
      cameraOf: (u: H264Unit) => u.meta.cameraId,
      now: this.now,
      onSkip: () => this.counts.skipped++,
      onStartAsk: (cameraId: string) => {
        this.counts.keyframes++;
        if (this.deps.demand.offersH264(cameraId)) this.deps.demand.requestKeyframe(cameraId, rung ?? undefined);
        else this.remote?.requestKeyframe(cameraId, rung);
      },
    };
    track = new LedgerTrack<H264Unit>(o, (cameraId, need, on, reader) => this.kept.told(cameraId, rung, need, on, reader));
    this.kinds.set(kind, track);
    return track;
  }

  private offer(cameraId: string, meta: H264FrameMeta, au: Buffer, receivedAt: number, rung: number | null = null): void {
    const cam = this.kept.get(cameraId, rung);
    if (!cam) return;
    cam.lastUnitAt = this.now();
    if (meta.keyframe && !meta.codec) cam.codec = h264Codec(au) ?? cam.codec;
    // The camera's session is numbered by its JPEGs (session-order.ts). Before this relay took the first (a restart,
    // with the capture side's H.264 already flowing), a unit would go out as session 0 and a page would see an older
    // session after a newer one: it waits, as for a keyframe, and the viewer starts at the next GOP.
    const epoch = this.deps.epochOf(cameraId);
    // H.265 (copied for the recorder at the user's word) is not sent live: browsers decode it in few places; before an
    // SPS there is nothing a decoder could start from. Such a unit is the recorder's alone.
    const live = !meta.codec && cam.codec !== null && epoch !== 0;
    if (!live && this.trackOf(rung).ledger.count(cameraId, 'record') === 0) return;
    const m: MonitorH264Meta = {
      cameraId,
      seq: meta.seq,
      epoch,
      capturedAt: meta.capturedAt,
      clockSynced: typeof meta.clockOffset === 'number',
      receivedAt,
      width: meta.width,
      height: meta.height,
      keyframe: meta.keyframe,
      codec: cam.codec ?? '',
    };
    this.trackOf(rung).publish(live ? { meta: m, au, capture: meta } : { meta: m, au, capture: meta, live: false });
  }
}
