/**
 * JPEG on the stream of tracks (#56): the native track `jpeg` and one track per rung (`jpeg@640`, `jpeg@320-q40`),
 * each newest frame wins, the newest frame given again to a reader that comes (as latest value does). A viewer reads
 * each camera it watches from the track of its rung now (native: `jpeg`) and moves that camera from one track to the
 * other when its rung changes; the renditions read the native track for the cameras whose rung tracks someone reads,
 * and publish into those, as the camera side's own renditions do. A viewer that takes a camera as H.264, or paused,
 * reads none of its JPEG tracks meanwhile. Every viewer keeps its own newest-wins slots (viewer.ts).
 */
import type { Transport } from '../../shared/protocol.js';
import type { LaneSink } from '../tracks/lane.js';
import { newestFrame, type TrackPolicy } from '../tracks/policies.js';
import { Track, type TrackReader } from '../tracks/track.js';
import type { Frame, FrameSink } from './frame.js';
import type { RelayObserver } from './observer.js';
import { Renditions, type RenditionsOptions, type Resize } from './renditions.js';
import { RUNGS, type Rung } from './rungs.js';
import { Viewer } from './viewer.js';

/** Newest frame wins, and the newest frame is given at once to a reader that comes (what `offerLatest` did). */
const JPEG_POLICY: TrackPolicy<Frame> = { ...newestFrame<Frame>((f) => f.jpeg.length), replayMs: Infinity };
const cameraOf = (f: Frame) => f.cameraId;

export interface FanOutDeps {
  /** The camera's width now (its newest frame's, or as listed for another node's camera before its first frame here). */
  nativeWidth: (cameraId: string) => number | undefined;
}

export class FanOut {
  private readonly viewers = new Set<Viewer>();
  /** Per camera, the viewers that watch it by name, and those that watch every camera: a frame walks only these (#56). */
  private readonly watchers = new Map<string, Set<Viewer>>();
  private readonly everyCamera = new Set<Viewer>();
  /** What each viewer is indexed by: its watched cameras as of its last subscription. */
  private readonly watchedBy = new Map<Viewer, ReadonlySet<string> | '*'>();
  /** The cameras' frames as they came: the kind `jpeg`, the one the cluster's track bus carries. */
  readonly native: Track<Frame>;
  private readonly rungTracks = new Map<Rung, Track<Frame>>();
  readonly renditions: Renditions;
  /** The renditions, as one reader of the native track: of the cameras some rung track of which is read. */
  private readonly resizer: TrackReader = { wants: () => true, paused: false };
  private readonly resizerSink: LaneSink<Frame> = { write: (frame, done) => (this.toRenditions(frame), done()) };
  /** The frame being published now: what a reader placed meanwhile gets, rather than the one before it. */
  private current: Frame | null = null;

  constructor(
    private readonly observer: RelayObserver,
    resize: Resize,
    options: RenditionsOptions = {},
    private readonly deps: FanOutDeps = { nativeWidth: () => undefined },
  ) {
    this.native = new Track({ kind: 'jpeg', policy: JPEG_POLICY, cameraOf });
    for (const rung of RUNGS) {
      const onRead = (id: string, on: boolean) => this.rungRead(id, rung, on);
      this.rungTracks.set(rung, new Track({ kind: `jpeg@${rung.label}`, policy: JPEG_POLICY, cameraOf, onRead }));
    }
    this.renditions = new Renditions(resize, (rendition, _source, rung) => this.rungTracks.get(rung)!.publish(rendition), options);
  }

  /** The track of `rung` (null: the native one). */
  track(rung: Rung | null): Track<Frame> {
    return rung === null ? this.native : this.rungTracks.get(rung)!;
  }

  /**
   * A new frame of a camera: the rung of each viewer that watches it is worked out against it (and the camera moved if
   * it changed), then it is published. A viewer that stopped watching the camera left its track when it said so (`watch`).
   */
  offer(frame: Frame): void {
    const { cameraId } = frame;
    this.current = frame;
    try {
      for (const viewer of this.everyCamera) this.place(viewer, cameraId, viewer.cameraFrame(cameraId, frame.meta.width), false);
      for (const viewer of this.watchers.get(cameraId) ?? []) this.place(viewer, cameraId, viewer.cameraFrame(cameraId, frame.meta.width), false);
      this.native.publish(frame);
    } finally {
      this.current = null;
    }
  }

  /** The newest frames (`latest`, one per camera) for one viewer, at its rungs: each track it reads gives its newest again. */
  offerLatest(viewer: Viewer, latest: Iterable<Frame>): void {
    // Placed without a replay of their own: each track then gives its newest once, as one offer per camera did before.
    for (const frame of latest) if (viewer.wants(frame.cameraId)) this.place(viewer, frame.cameraId, viewer.rungOf(frame.cameraId, frame.meta.width), false);
    for (const track of new Set(viewer.reads.values())) track.replay(viewer);
  }

  /**
   * Places every viewer on the tracks of `cameraIds` (the relay's tick): another node's camera has no frame here
   * before someone reads it, and a camera's JPEGs come back by themselves once its H.264 has stopped.
   */
  refresh(cameraIds: readonly string[]): void {
    for (const viewer of this.viewers) {
      for (const id of cameraIds) this.place(viewer, id, viewer.rungOf(id, this.deps.nativeWidth(id) ?? Infinity), true);
      for (const id of viewer.reads.keys()) if (!viewer.wants(id)) this.place(viewer, id, null, true);
    }
  }

  addViewer(sink: FrameSink, transport: Transport, may: (cameraId: string) => boolean, refresh: (viewer: Viewer) => void): Viewer {
    const viewer = new Viewer(
      sink,
      transport,
      this.observer,
      may,
      () => this.leave(viewer),
      refresh,
      () => this.watch(viewer),
    );
    this.viewers.add(viewer);
    return viewer;
  }

  /** The rungs whose tracks of `cameraId` someone reads now: what the camera side is asked to make. */
  rungsWatched(cameraId: string): Set<Rung> {
    const rungs = new Set<Rung>();
    for (const [rung, track] of this.rungTracks) if (track.isRead(cameraId)) rungs.add(rung);
    return rungs;
  }

  viewerLoad(): Array<{ held: number; dropped: number; paused: boolean; transport: Transport }> {
    return [...this.viewers].map((v) => ({ held: v.held, dropped: v.dropped, paused: v.paused, transport: v.transport }));
  }

  get viewerCount(): number {
    return this.viewers.size;
  }

  /** A camera left: its newest frames are no longer given to anyone who comes. */
  forget(cameraId: string): void {
    this.native.forget(cameraId);
    for (const track of this.rungTracks.values()) track.forget(cameraId);
    this.renditions.forget(cameraId);
  }

  close(): void {
    for (const viewer of [...this.viewers]) viewer.close();
  }

  /**
   * Reads `cameraId` for `viewer` from the track of `rung`, or from none while it may not, does not watch, is paused
   * or takes the camera as H.264. A camera moved is added to its new track before it leaves the old one, so a rung's
   * renditions do not stop and start again in between. `replay`: a camera new to a track gets its newest frame.
   */
  private place(viewer: Viewer, cameraId: string, rung: Rung | null, replay: boolean): void {
    const reads = viewer.wants(cameraId) && !viewer.paused && !viewer.muted(cameraId);
    const track = reads ? this.track(rung) : undefined;
    const before = viewer.reads.get(cameraId);
    if (before === track) return;
    if (track) {
      viewer.reads.set(cameraId, track);
      track.read(viewer, cameraId, viewer.trackSink, { lane: viewer.laneOf(cameraId), replay });
    } else viewer.reads.delete(cameraId);
    before?.read(viewer, cameraId, null);
  }

  private leave(viewer: Viewer): void {
    for (const [id, track] of viewer.reads) track.read(viewer, id, null);
    viewer.reads.clear();
    this.unwatch(viewer);
    this.viewers.delete(viewer);
  }

  /** The viewer subscribed: it is indexed by the cameras it watches now, and leaves the tracks of those it no longer wants. */
  private watch(viewer: Viewer): void {
    this.unwatch(viewer);
    const watched = viewer.watched;
    this.watchedBy.set(viewer, watched);
    if (watched === '*') this.everyCamera.add(viewer);
    else {
      for (const id of watched) {
        const set = this.watchers.get(id);
        if (set) set.add(viewer);
        else this.watchers.set(id, new Set([viewer]));
      }
    }
    for (const id of viewer.reads.keys()) if (!viewer.wants(id)) this.place(viewer, id, null, true);
  }

  private unwatch(viewer: Viewer): void {
    const before = this.watchedBy.get(viewer);
    this.watchedBy.delete(viewer);
    if (before === '*') return void this.everyCamera.delete(viewer);
    for (const id of before ?? []) {
      const set = this.watchers.get(id);
      if (set?.delete(viewer) && set.size === 0) this.watchers.delete(id);
    }
  }

  /** The first reader of a camera's rung came or the last one went: the renditions read the native track while any rung is read. */
  private rungRead(cameraId: string, rung: Rung, on: boolean): void {
    const track = this.rungTracks.get(rung)!;
    // A rendition left from while nobody read the rung would come back stale to the next reader.
    if (!on) track.forget(cameraId);
    const needed = on || [...this.rungTracks.values()].some((t) => t.isRead(cameraId));
    if (needed !== this.native.isReadBy(this.resizer, cameraId)) this.native.read(this.resizer, cameraId, needed ? this.resizerSink : null, { replay: false });
    // The rung's first reader gets the newest frame made at it now, not at the next capture (unless one is being published).
    if (on && !this.current) this.promptly(cameraId, rung);
  }

  /** The camera side's newest rendition at `rung` while it sends them, else the newest native frame made at `rung`. */
  private promptly(cameraId: string, rung: Rung): void {
    const supplied = this.renditions.suppliedFrame(cameraId, rung);
    if (supplied) return this.rungTracks.get(rung)!.publish(supplied);
    const newest = this.native.newestOf(cameraId);
    if (newest) this.renditions.pushRung(newest, rung);
  }

  /** A native frame the renditions read: made at each rung whose track of its camera someone reads (published when made). */
  private toRenditions(frame: Frame): void {
    for (const [rung, track] of this.rungTracks) if (track.isRead(frame.cameraId)) this.renditions.pushRung(frame, rung);
  }
}
