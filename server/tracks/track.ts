/**
 * One kind of media of every camera, as every reader reads it (#56, STYLE rule 13): a capture side (or the
 * detector, or another node) publishes units of a kind; a reader (a Live Monitor page on any transport, a
 * stream out, the recorder, another node) subscribes to the cameras it wants with one sink, and gets each
 * camera's units through a lane of its own whose delivery policy the kind chose (policies.ts). A slow reader
 * costs its lanes' bounds and never delays another. The track looks at no unit: it knows a unit's camera
 * and, for a latest-value kind, when it was made.
 */
import type { Lane, LaneSink, StartPoints } from './lane.js';
import type { LaneHooks, TrackPolicy } from './policies.js';

/** What a track needs of a reader: whether it watches (and may see) a camera now, and whether it paused. */
export interface TrackReader {
  wants(cameraId: string): boolean;
  readonly paused: boolean;
}

export interface TrackOptions<U> {
  /** The kind's name, as the bus and the figures say it (kinds.ts). */
  kind: string;
  policy: TrackPolicy<U>;
  cameraOf: (unit: U) => string;
  now?: () => number;
  /** The first reader of a camera came (true) or the last one (`reader`) went: what the camera is asked to send follows it. */
  onRead?: (cameraId: string, on: boolean, reader: TrackReader) => void;
  /** A kind with start points: a reader came or resumed with none held, or skipped ahead; rate-limited per camera. */
  onStartAsk?: (cameraId: string) => void;
  /** A reader's lane dropped what waited and went on from the next start point. */
  onSkip?: (cameraId: string) => void;
}

/** What a reader's lanes hear of it beyond its sink: its skips (per camera) and the mark it (re)started with. */
export interface ReaderLane {
  onSkip?: (cameraId: string) => void;
  mark?: number;
}

/** A reader's own way to hold its units, in place of the kind's: the recorder reads every unit where viewers read the newest. */
export type ReaderPolicy<U> = Pick<TrackPolicy<U>, 'lane'>;

interface Subscription<U> {
  reader: TrackReader;
  sink: LaneSink<U>;
  lanes: Map<string, Lane<U>>;
  hooks: ReaderLane;
  policy: ReaderPolicy<U>;
}

export class Track<U> {
  readonly kind: string;
  private readonly subscriptions = new Map<TrackReader, Subscription<U>>();
  /** Per camera, its readers' lanes: a unit touches only its camera's (#56), and their count is the camera's readers. */
  private readonly lanesOf = new Map<string, Map<TrackReader, Lane<U>>>();
  /** A latest-value kind's newest unit per camera, given at once to a reader that comes while it still holds. */
  private readonly newest = new Map<string, U>();
  /** A start-point kind's held run per camera until forgotten: what a reader that comes starts from. */
  private readonly starts = new Map<string, StartPoints<U>>();
  /** When each camera's publisher was last asked for a start point. */
  private readonly asked = new Map<string, number>();
  private readonly now: () => number;

  constructor(private readonly o: TrackOptions<U>) {
    this.kind = o.kind;
    this.now = o.now ?? Date.now;
  }

  /** One unit of a camera: to every reader of that camera, through its lane. Nobody reading: dropped here. */
  publish(unit: U): void {
    const cameraId = this.cameraOf(unit);
    if (this.o.policy.replayMs !== undefined) this.newest.set(cameraId, unit);
    // Held whoever reads, as a latest value is: the publisher sends only what is read (demand), or for a moment after.
    if (this.o.policy.startPoints) this.startsOf(cameraId).keep(unit);
    const lanes = this.lanesOf.get(cameraId);
    if (!lanes) return;
    for (const [reader, lane] of lanes) if (!reader.paused && reader.wants(cameraId)) lane.offer(unit);
  }

  /**
   * The cameras `reader` reads from now on (of those it watches and may see), delivered by `sink`. A camera
   * new to it gets, for a latest-value kind, the newest unit at once while that still holds; for a start-point kind
   * (newest GOP), the run held from the newest start point, or the publisher is asked for one. `hooks`: what the
   * reader's new lanes hear of it (its skips, its mark). With `policy`, the reader's lanes made from now on hold its
   * units its own way (the kind's policy otherwise): the recorder reads every unit where viewers read the newest.
   */
  subscribe(reader: TrackReader, cameraIds: readonly string[], sink: LaneSink<U>, hooks: ReaderLane = {}, policy?: ReaderPolicy<U>): void {
    let s = this.subscriptions.get(reader);
    if (!s) {
      if (cameraIds.length === 0) return;
      this.subscriptions.set(reader, (s = { reader, sink, lanes: new Map(), hooks, policy: this.o.policy }));
    }
    s.sink = sink;
    s.hooks = hooks;
    if (policy) s.policy = policy;
    const wanted = new Set(cameraIds.filter((id) => reader.wants(id)));
    for (const [id, lane] of s.lanes) {
      if (wanted.has(id)) continue;
      lane.close();
      s.lanes.delete(id);
      this.less(id, reader);
    }
    const sub = s;
    for (const id of wanted) {
      if (sub.lanes.has(id)) continue;
      const lane = sub.policy.lane({ write: (unit, done) => sub.sink.write(unit, done) }, this.laneHooks(id, sub));
      sub.lanes.set(id, lane);
      this.more(id, reader, lane);
      const held = this.replayable(id);
      if (held !== undefined && !reader.paused) lane.offer(held);
      if (this.o.policy.startPoints && !reader.paused) this.start(id, lane);
    }
    if (s.lanes.size === 0) this.subscriptions.delete(reader);
  }

  /**
   * Adds one camera to what `reader` reads (through `sink`), or takes it away (`sink` null), its other cameras as they
   * were: a reader that moves one camera between tracks (a viewer changing rung) moves it alone. `lane`: the reader's
   * own lane of the camera (a viewer's, which outlives the move), else the policy makes one. A camera new to it gets
   * the newest unit at once while that holds, as `subscribe` gives it, unless `replay` is false.
   */
  read(reader: TrackReader, cameraId: string, sink: LaneSink<U> | null, o: { lane?: Lane<U>; replay?: boolean } = {}): void {
    let s = this.subscriptions.get(reader);
    if (sink === null) {
      const had = s?.lanes.get(cameraId);
      if (!s || !had) return;
      had.close();
      s.lanes.delete(cameraId);
      if (s.lanes.size === 0) this.subscriptions.delete(reader);
      return this.less(cameraId, reader);
    }
    if (!s) this.subscriptions.set(reader, (s = { reader, sink, lanes: new Map(), hooks: {}, policy: this.o.policy }));
    if (s.lanes.has(cameraId)) return;
    const sub = s;
    const lane = o.lane ?? sub.policy.lane({ write: (unit, done) => sub.sink.write(unit, done) }, this.laneHooks(cameraId, sub));
    sub.lanes.set(cameraId, lane);
    this.more(cameraId, reader, lane);
    const held = o.replay === false ? undefined : this.replayable(cameraId);
    if (held !== undefined && !reader.paused) lane.offer(held);
  }

  /** Offers each camera `reader` reads its newest unit again while that holds (a page back from hidden, a new transport). */
  replay(reader: TrackReader): void {
    const s = this.subscriptions.get(reader);
    if (!s || reader.paused) return;
    for (const [id, lane] of s.lanes) {
      const held = this.replayable(id);
      if (held !== undefined && reader.wants(id)) lane.offer(held);
    }
  }

  /** Whether `reader` reads `cameraId` of this track now. */
  isReadBy(reader: TrackReader, cameraId: string): boolean {
    return this.subscriptions.get(reader)?.lanes.has(cameraId) ?? false;
  }

  /** The camera's newest unit while it holds (a kind that replays). */
  newestOf(cameraId: string): U | undefined {
    return this.replayable(cameraId);
  }

  /** The reader is gone: its lanes close. */
  unsubscribe(reader: TrackReader): void {
    const s = this.subscriptions.get(reader);
    if (!s) return;
    for (const [id, lane] of s.lanes) {
      lane.close();
      this.less(id, reader);
    }
    this.subscriptions.delete(reader);
  }

  /**
   * A reader paused (a hidden page) or came back: its lanes drop what waited, or start again (a start-point kind's from
   * the run held). With a `mark` (a page that counts its returns) a lane restarts even if it was not paused.
   */
  pause(reader: TrackReader, paused: boolean, mark?: number): void {
    for (const [id, lane] of this.subscriptions.get(reader)?.lanes ?? []) {
      if (paused) lane.pause();
      else if (lane.resume(mark) && this.o.policy.startPoints) this.start(id, lane);
    }
  }

  /** Someone elsewhere (another node's reader) starts on this camera: its publisher is asked, rate-limited as for one here. */
  askStart(cameraId: string): void {
    const at = this.asked.get(cameraId) ?? -Infinity;
    const now = this.now();
    if (now - at < (this.o.policy.askMinMs ?? 0)) return;
    this.asked.set(cameraId, now);
    this.o.onStartAsk?.(cameraId);
  }

  /** The camera a unit is of. */
  cameraOf(unit: U): string {
    return this.o.cameraOf(unit);
  }

  /** A camera's newest unit is no longer true (its publisher stopped, or it was deleted). */
  forget(cameraId: string): void {
    this.newest.delete(cameraId);
    this.starts.delete(cameraId);
  }

  /** Units a start-point kind holds of the camera now, from its newest start point. */
  startUnits(cameraId: string): number {
    return this.starts.get(cameraId)?.units ?? 0;
  }

  /** The cameras some reader reads now (a cluster node asks the others for those it does not hold). */
  readCameras(): string[] {
    return [...this.lanesOf.keys()];
  }

  isRead(cameraId: string): boolean {
    return this.lanesOf.has(cameraId);
  }

  /** Units held for readers now (in flight and waiting), for tests and load figures. */
  get held(): number {
    let n = 0;
    for (const s of this.subscriptions.values()) for (const lane of s.lanes.values()) n += lane.held;
    return n;
  }

  /** The newest unit of a latest-value kind while it still holds (made within the policy's replayMs). */
  private replayable(cameraId: string): U | undefined {
    const { replayMs, madeAt } = this.o.policy;
    const unit = this.newest.get(cameraId);
    if (unit === undefined || replayMs === undefined) return undefined;
    return madeAt && this.now() - madeAt(unit) >= replayMs ? undefined : unit;
  }

  /** A lane that (re)starts gets the run held from the newest start point; with none held, the publisher is asked. */
  private start(cameraId: string, lane: Lane<U>): void {
    const run = this.startsOf(cameraId).replay();
    if (run.length === 0) return this.askStart(cameraId);
    for (const unit of run) lane.offer(unit);
  }

  private startsOf(cameraId: string): StartPoints<U> {
    let s = this.starts.get(cameraId);
    if (!s) this.starts.set(cameraId, (s = this.o.policy.startPoints!()));
    return s;
  }

  private laneHooks(cameraId: string, sub: Subscription<U>): LaneHooks {
    return {
      mark: sub.hooks.mark,
      onSkip: () => {
        this.o.onSkip?.(cameraId);
        sub.hooks.onSkip?.(cameraId);
        this.askStart(cameraId);
      },
    };
  }

  private more(cameraId: string, reader: TrackReader, lane: Lane<U>): void {
    let lanes = this.lanesOf.get(cameraId);
    if (!lanes) this.lanesOf.set(cameraId, (lanes = new Map()));
    lanes.set(reader, lane);
    if (lanes.size === 1) this.o.onRead?.(cameraId, true, reader);
  }

  private less(cameraId: string, reader: TrackReader): void {
    const lanes = this.lanesOf.get(cameraId);
    if (!lanes?.delete(reader) || lanes.size > 0) return;
    this.lanesOf.delete(cameraId);
    this.o.onRead?.(cameraId, false, reader);
  }
}

/** How a transport's reader reads one track: the cameras of its request that it names, through its sink for the kind. */
export interface TrackRead<S> {
  subscribe(reader: TrackReader, request: S): void;
  pause(reader: TrackReader, paused: boolean): void;
  close(reader: TrackReader): void;
}

/** A reader's read of `track`: `ids` picks the track's cameras from the reader's request, `sink` is the kind's encoder. */
export function trackRead<U, S>(track: Track<U>, sink: LaneSink<U>, ids: (request: S) => readonly string[] | undefined): TrackRead<S> {
  return {
    subscribe: (reader, request) => track.subscribe(reader, ids(request) ?? [], sink),
    pause: (reader, paused) => track.pause(reader, paused),
    close: (reader) => track.unsubscribe(reader),
  };
}
