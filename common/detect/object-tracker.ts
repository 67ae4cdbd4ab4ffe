/**
 * Over 300 lines as one piece: it is the one state machine of a tracked object (tentative, active, stationary, gone),
 * whose transitions read each other's state; prediction, matching, path and loitering are files of their own.
 *
 * One camera's objects from look to look, and what they mean for events: when an object starts
 * one, when it stops being news (stationary: a parked car is one event, not one a minute), when it
 * has stayed in a zone past its loitering time, and when it has gone. Pure, with the clock
 * injected; one tracker per camera. Where an object is going is track-motion.ts, which detection
 * continues which object is track-matching.ts.
 *
 * Absence is only known by looking: an object is ended by a look that covered where it was and has
 * not seen it for `endAfterMs`, never by the clock alone, since detection runs only while motion
 * lasts. A caller keeps looking while `needsLook` is true (an object that stops moving then either
 * becomes stationary or is seen gone); a stationary object needs no looks, as it makes motion when
 * it leaves, and `resting` says where such objects are, for a caller that crops to look there seldom.
 */
import { centreInside, type Box } from './boxes.js';
import { NMS_GROUPS, type CocoLabel } from './coco-labels.js';
import { MAX_DETECTIONS, type CountedDetection } from './detect-filter.js';
import { TrackLoiter } from './track-loiter.js';
import { matchByCost } from './track-matching.js';
import { centre, TrackMotion } from './track-motion.js';
import { TrackPath } from './track-path.js';
import type { TrackedObject, TrackerRun } from './tracked-object.js';

export type { TrackedObject, TrackerRun } from './tracked-object.js';

export interface TrackerOptions {
  now: () => number;
  /** A detection may continue an object of its kind when it overlaps the object's predicted box by at least this IoU… */
  minIou: number;
  /** …or when their centres are at most this many object sizes apart. */
  maxDistance: number;
  /** An object counts once seen in `confirmHits` of the last `confirmRuns` looks (no one-frame flickers); moving again after standing still is confirmed the same way. */
  confirmHits: number;
  confirmRuns: number;
  endAfterMs: number;
  stationaryAfterMs: number;
  /** A box whose centre stays within this share of its size of its place of rest has not moved (detector jitter is a few %). */
  stillFraction: number;
  /** At most this many objects, confirmed or not, are tracked; new ones past it are ignored until some end. */
  maxObjects: number;
  /** Loitering time per zone name, in ms: an object in the zone longer than that is told once per stay. */
  loiterMs: ReadonlyMap<string, number>;
}

export const TRACKER_DEFAULTS: TrackerOptions = {
  now: () => Date.now(),
  minIou: 0.2,
  maxDistance: 0.8,
  confirmHits: 2,
  confirmRuns: 3,
  endAfterMs: 5_000,
  stationaryAfterMs: 30_000,
  stillFraction: 0.2,
  maxObjects: 100,
  loiterMs: new Map(),
};

/** A tracked object's own state: what it reports (tracked-object.ts), and how it is followed. */
interface Track extends Pick<TrackedObject, 'id' | 'lastBox' | 'zones' | 'zonesNow' | 'firstSeen' | 'lastSeen' | 'since' | 'starts'> {
  kind: string;
  /** Tentative until confirmed (never reported); then as reported. */
  state: 'tentative' | TrackedObject['state'];
  /** Tentative: seen or not, per look that covered it. Stationary: moved or not, per look that saw it. */
  recent: boolean[];
  best: CountedDetection;
  /** `elapsed` at its last sighting. */
  seenAt: number;
  motion: TrackMotion;
  path: TrackPath;
  loiter: TrackLoiter;
  /** Where it rests: its box when it last moved; it is still while it stays near this. */
  anchor: Box;
  stillSince: number;
}

/** Labels one object may be given in turn: NanoDet often scores one vehicle as car, then truck, then bus. */
const kindOf = (label: CocoLabel) => NMS_GROUPS[label] ?? label;

const NO_LIMITS: ReadonlyMap<string, number> = new Map();

const hits = (recent: readonly boolean[]) => recent.filter(Boolean).length;

export class ObjectTracker {
  private readonly options: TrackerOptions;
  private readonly tracks: Track[] = [];
  private nextId = 1;
  /** The clock at the last look (times reported), and the ms counted since the first look (durations). */
  private wall = -Infinity;
  private elapsed = 0;

  constructor(options: Partial<TrackerOptions> = {}) {
    this.options = { ...TRACKER_DEFAULTS, ...options };
    const { minIou, maxDistance, stillFraction, confirmHits, confirmRuns } = this.options;
    if (!(minIou > 0 && minIou <= 1)) throw new TypeError('minIou must be over 0 and at most 1.');
    if (!(maxDistance >= 0 && stillFraction > 0 && stillFraction < 1))
      throw new TypeError('maxDistance must be 0 or more, and stillFraction over 0 and under 1.');
    if (!(Number.isInteger(confirmHits) && Number.isInteger(confirmRuns) && confirmHits >= 1 && confirmHits <= confirmRuns)) {
      throw new TypeError('confirmHits and confirmRuns must be whole numbers with 1 ≤ confirmHits ≤ confirmRuns.');
    }
  }

  /** New times (a camera's settings changed): the objects followed keep their ids and their stays. */
  retime(times: Pick<TrackerOptions, 'stationaryAfterMs' | 'loiterMs'>): void {
    this.options.stationaryAfterMs = times.stationaryAfterMs;
    this.options.loiterMs = times.loiterMs;
  }

  /** True while a sighting waits for its confirmation: the next look decides whether it is an object. */
  get confirming(): boolean {
    return this.tracks.some((t) => t.state === 'tentative');
  }

  /** True while an object is new or moving: the caller should keep looking even without motion. */
  get needsLook(): boolean {
    return this.tracks.some((t) => t.state !== 'stationary');
  }

  /** Where stationary objects stand: a caller looking at crops may look there far less often (a look that misses them there for `endAfterMs` ends them). */
  get resting(): Box[] {
    return this.tracks.filter((t) => t.state === 'stationary').map((t) => [...t.lastBox]);
  }

  /** True while a counted object is in a zone with a loitering time it has not yet been told for: `tick` tells it when no look comes. */
  get timingStays(): boolean {
    return this.options.loiterMs.size > 0 && this.tracks.some((t) => t.state !== 'tentative' && t.loiter.pending(this.options.loiterMs));
  }

  /** The objects counted now (not the unconfirmed ones). */
  get objects(): TrackedObject[] {
    return this.tracks.filter((t) => t.state !== 'tentative').map(view);
  }

  /**
   * One look's detections (from countDetections). `looked` is the parts of the picture the
   * detector saw, in the boxes' pixels, when it ran on crops: objects outside them are neither seen nor missed.
   */
  update(detections: readonly CountedDetection[], looked?: readonly Box[]): TrackerRun {
    const now = this.advance();
    const run: TrackerRun = { started: [], updated: [], stationary: [], ended: [], loitering: [] };
    // An unconfirmed sighting that long ago is not confirmed by one now.
    this.removeWhere((t) => t.state === 'tentative' && now - t.seenAt >= this.options.endAfterMs);
    const dets = detections.slice(0, MAX_DETECTIONS);
    const matched = this.match(dets, now);
    for (const t of [...this.tracks]) {
      const d = matched.get(t);
      if (d) this.sight(t, d, now, run);
      else if (!looked || looked.some((area) => centreInside(area, t.lastBox))) this.miss(t, now, run);
    }
    const taken = new Set(matched.values());
    for (const d of dets) {
      if (!taken.has(d) && this.tracks.length < this.options.maxObjects) this.tracks.push(this.newTrack(d, now));
    }
    this.timeStays(now, run);
    return run;
  }

  /** The clock moved with no look (no motion): only stays are timed; nothing is seen, missed or ended. */
  tick(): TrackerRun {
    const now = this.advance();
    const run: TrackerRun = { started: [], updated: [], stationary: [], ended: [], loitering: [] };
    this.timeStays(now, run);
    return run;
  }

  /** Ends every counted object now (detection switched off, the camera gone) and forgets the rest. */
  clear(): TrackedObject[] {
    const ended = this.objects;
    this.tracks.length = 0;
    return ended;
  }

  /** The clock's new reading; durations add up its steps forward only: a wall clock set back an hour must not keep objects for that hour. */
  private advance(): number {
    const wall = this.options.now();
    this.elapsed += Number.isFinite(this.wall) ? Math.max(0, wall - this.wall) : 0;
    this.wall = wall;
    return this.elapsed;
  }

  /** Each object's box moved on to this look's time, then the cheapest pairs (track-matching.ts). */
  private match(dets: readonly CountedDetection[], now: number): Map<Track, CountedDetection> {
    const tracks = this.tracks.map((t) => ({ kind: t.kind, predicted: t.motion.predict(now), last: t.lastBox, size: t.motion.size }));
    const found = dets.map((d) => ({ kind: kindOf(d.label), box: d.box }));
    const pairs = matchByCost(tracks, found, this.options);
    return new Map([...pairs].map(([ti, di]) => [this.tracks[ti]!, dets[di]!]));
  }

  private newTrack(d: CountedDetection, now: number): Track {
    const box: Box = [...d.box];
    return {
      // An id once confirmed (start): flickers never seen again use none, so ids count objects.
      id: 0,
      kind: kindOf(d.label),
      state: 'tentative',
      recent: [true],
      best: { ...d, box, zones: [...d.zones] },
      lastBox: box,
      zones: [...d.zones],
      zonesNow: [...d.zones],
      firstSeen: this.wall,
      lastSeen: this.wall,
      since: this.wall,
      seenAt: now,
      motion: new TrackMotion(box, now),
      path: new TrackPath(box, this.wall),
      loiter: new TrackLoiter(),
      anchor: box,
      stillSince: now,
      starts: 0,
    };
  }

  private sight(t: Track, d: CountedDetection, now: number, run: TrackerRun): void {
    const box: Box = [...d.box];
    t.motion.correct(box, now);
    t.path.add(box, this.wall);
    t.lastBox = box;
    t.lastSeen = this.wall;
    t.seenAt = now;
    t.zonesNow = [...d.zones];
    for (const z of d.zones) if (!t.zones.includes(z)) t.zones.push(z);
    const seen = { ...d, box, zones: [...d.zones] };
    if (d.score > t.best.score) t.best = seen;
    const moved = this.moved(t.anchor, box);
    if (t.state === 'tentative') {
      this.remember(t, true);
      if (moved) [t.anchor, t.stillSince] = [box, now];
      if (hits(t.recent) >= this.options.confirmHits) this.start(t, seen, now, run);
    } else if (t.state === 'stationary') {
      // The place of rest stays put, so a person passing in front for one look does not wake a parked car.
      this.remember(t, moved);
      if (hits(t.recent) >= this.options.confirmHits) this.start(t, seen, now, run);
    } else {
      if (moved) [t.anchor, t.stillSince] = [box, now];
      if (now - t.stillSince >= this.options.stationaryAfterMs) {
        [t.state, t.recent] = ['stationary', []];
        run.stationary.push(view(t));
      } else {
        run.updated.push(view(t));
      }
    }
  }

  /** Moved: its centre left its place of rest by more than `stillFraction` of its size, so a few pixels of jitter never count. */
  private moved(anchor: Box, box: Box): boolean {
    const [ax, ay] = centre(anchor);
    const [bx, by] = centre(box);
    return Math.hypot(bx - ax, by - ay) > (this.options.stillFraction * (anchor[2] + anchor[3])) / 2;
  }

  private miss(t: Track, now: number, run: TrackerRun): void {
    if (t.state === 'tentative') {
      this.remember(t, false);
      // Drop it once the window cannot hold enough sightings any more.
      const { confirmHits, confirmRuns } = this.options;
      const misses = confirmRuns - confirmHits + 1;
      if (t.recent.length >= misses && t.recent.slice(-misses).every((seen) => !seen)) this.removeWhere((x) => x === t);
      return;
    }
    if (t.state === 'stationary') this.remember(t, false);
    if (now - t.seenAt >= this.options.endAfterMs) {
      run.ended.push(view(t));
      this.removeWhere((x) => x === t);
    }
  }

  private start(t: Track, seen: CountedDetection, now: number, run: TrackerRun): void {
    if (t.state === 'stationary') {
      // A new event: its best box and zones are this event's, not those of where it stood.
      [t.anchor, t.stillSince] = [t.lastBox, now];
      t.best = seen;
      t.zones = [...seen.zones];
    }
    if (t.id === 0) t.id = this.nextId++;
    t.since = this.wall;
    t.state = 'active';
    t.recent = [];
    t.starts++;
    run.started.push(view(t));
  }

  /** Counted objects' stays in zones, timed against the zones' loitering times. */
  private timeStays(now: number, run: TrackerRun): void {
    for (const t of this.tracks) {
      // An unconfirmed sighting's stay is timed from its first sighting but told only once it counts.
      const limits = t.state === 'tentative' ? NO_LIMITS : this.options.loiterMs;
      for (const stay of t.loiter.update(t.zonesNow, now, limits)) run.loitering.push({ object: view(t), ...stay });
    }
  }

  private remember(t: Track, value: boolean): void {
    t.recent.push(value);
    if (t.recent.length > this.options.confirmRuns) t.recent.shift();
  }

  private removeWhere(drop: (t: Track) => boolean): void {
    for (let i = this.tracks.length - 1; i >= 0; i--) if (drop(this.tracks[i]!)) this.tracks.splice(i, 1);
  }
}

function view(t: Track): TrackedObject {
  return {
    id: t.id,
    label: t.best.label,
    tracked: t.best.tracked,
    score: t.best.score,
    box: [...t.best.box],
    lastBox: [...t.lastBox],
    zones: [...t.zones],
    zonesNow: [...t.zonesNow],
    path: t.path.list(),
    firstSeen: t.firstSeen,
    lastSeen: t.lastSeen,
    since: t.since,
    state: t.state === 'stationary' ? 'stationary' : 'active',
    starts: t.starts,
  };
}
