/**
 * One camera's objects from detector run to detector run, and what they mean for events: when an
 * object starts one, when it stops being news (stationary: a parked car is one event, not one a
 * minute) and when it has gone. Pure, with the clock injected; one tracker per camera.
 *
 * Absence is only known by looking: an object is ended by a detector run that looked where it was
 * and has not seen it for `endAfterMs`, never by the clock alone, since detection runs only while
 * motion lasts. A caller keeps running the detector while `needsLook` is true (an object that stops
 * moving then either becomes stationary or is seen gone); a stationary object needs no looks, as it
 * makes motion when it leaves.
 */
import { centreInside, iou, type Box } from './boxes.js';
import { NMS_GROUPS, type CocoLabel } from './coco-labels.js';
import { MAX_DETECTIONS, type CountedDetection } from './detect-filter.js';
import type { TrackedObject, TrackerRun } from './tracked-object.js';

export type { TrackedObject, TrackerRun } from './tracked-object.js';

export interface TrackerOptions {
  now: () => number;
  /** A detection continues an object of its kind when their boxes overlap by at least this IoU. */
  minIou: number;
  /** An object counts once seen in `confirmHits` of the last `confirmRuns` runs (no one-frame flickers); moving again after standing still is confirmed the same way. */
  confirmHits: number;
  confirmRuns: number;
  endAfterMs: number;
  stationaryAfterMs: number;
  /** A box overlapping its place of rest by at least this IoU has not moved (detector jitter is a few %). */
  stillIou: number;
  /** At most this many objects are tracked; new ones past it are ignored until some end. */
  maxObjects: number;
}

export const TRACKER_DEFAULTS: TrackerOptions = {
  now: () => Date.now(),
  minIou: 0.3,
  confirmHits: 2,
  confirmRuns: 3,
  endAfterMs: 5_000,
  stationaryAfterMs: 30_000,
  stillIou: 0.7,
  maxObjects: 100,
};

/** A tracked object's own state: what it reports (tracked-object.ts), and how it is followed. */
interface Track extends Pick<TrackedObject, 'id' | 'lastBox' | 'zones' | 'zonesNow' | 'firstSeen' | 'lastSeen' | 'since' | 'starts'> {
  kind: string;
  /** Tentative until confirmed (never reported); then as reported. */
  state: 'tentative' | TrackedObject['state'];
  /** Tentative: seen or not, per run that looked. Stationary: moved or not, per run that looked. */
  recent: boolean[];
  best: CountedDetection;
  /** `elapsed` at its last sighting. */
  seenAt: number;
  /** Pixels per ms of its box's left and top edges, from its last two sightings. */
  velocity: [number, number];
  /** Where it rests: its box when it last moved; it is still while it stays near this. */
  anchor: Box;
  stillSince: number;
}

/** A prediction further ahead than this is no better than none (runs come 0.2-5 times a second). */
const MAX_PREDICT_MS = 1_000;

/** Labels one object may be given in turn: NanoDet often scores one vehicle as car, then truck, then bus. */
const kindOf = (label: CocoLabel) => NMS_GROUPS[label] ?? label;

const hits = (recent: readonly boolean[]) => recent.filter(Boolean).length;

export class ObjectTracker {
  private readonly options: TrackerOptions;
  private readonly tracks: Track[] = [];
  private nextId = 1;
  /** The clock at the last run (times reported), and the ms counted since the first run (durations). */
  private wall = -Infinity;
  private elapsed = 0;

  constructor(options: Partial<TrackerOptions> = {}) {
    this.options = { ...TRACKER_DEFAULTS, ...options };
    const { minIou, stillIou, confirmHits, confirmRuns } = this.options;
    if (!(minIou > 0 && minIou <= 1 && stillIou > 0 && stillIou <= 1)) throw new TypeError('minIou and stillIou must be over 0 and at most 1.');
    if (!(Number.isInteger(confirmHits) && Number.isInteger(confirmRuns) && confirmHits >= 1 && confirmHits <= confirmRuns)) {
      throw new TypeError('confirmHits and confirmRuns must be whole numbers with 1 ≤ confirmHits ≤ confirmRuns.');
    }
  }

  /** True while a sighting waits for its confirmation: the next run decides whether it is an object. */
  get confirming(): boolean {
    return this.tracks.some((t) => t.state === 'tentative');
  }

  /** True while an object is new or moving: the caller should keep running the detector even without motion. */
  get needsLook(): boolean {
    return this.tracks.some((t) => t.state !== 'stationary');
  }

  /** The objects counted now (not the unconfirmed ones). */
  get objects(): TrackedObject[] {
    return this.tracks.filter((t) => t.state !== 'tentative').map(view);
  }

  /**
   * One detector run's detections (from countDetections). `looked` is the part of the picture the
   * detector saw, in the boxes' pixels, when it ran on a crop: objects outside it are neither seen nor missed.
   */
  update(detections: readonly CountedDetection[], looked?: Box): TrackerRun {
    const wall = this.options.now();
    // Durations add up the clock's steps forward only: a wall clock set back an hour must not keep objects for that hour.
    this.elapsed += Number.isFinite(this.wall) ? Math.max(0, wall - this.wall) : 0;
    this.wall = wall;
    const now = this.elapsed;
    const run: TrackerRun = { started: [], updated: [], stationary: [], ended: [] };
    // An unconfirmed sighting that long ago is not confirmed by one now.
    this.removeWhere((t) => t.state === 'tentative' && now - t.seenAt >= this.options.endAfterMs);
    const dets = detections.slice(0, MAX_DETECTIONS);
    const matched = this.match(dets, now);
    for (const t of [...this.tracks]) {
      const d = matched.get(t);
      if (d) this.sight(t, d, now, run);
      else if (!looked || centreInside(looked, t.lastBox)) this.miss(t, now, run);
    }
    const taken = new Set(matched.values());
    for (const d of dets) {
      if (!taken.has(d) && this.tracks.length < this.options.maxObjects) this.tracks.push(this.newTrack(d, now));
    }
    return run;
  }

  /** Ends every counted object now (detection switched off, the camera gone) and forgets the rest. */
  clear(): TrackedObject[] {
    const ended = this.objects;
    this.tracks.length = 0;
    return ended;
  }

  /**
   * Greedy: the best-overlapping pair of one kind first, each track and detection used once. Each
   * track's box is moved on by its speed first, so two people crossing keep their own ids.
   */
  private match(dets: readonly CountedDetection[], now: number): Map<Track, CountedDetection> {
    const pairs: { t: Track; d: CountedDetection; overlap: number }[] = [];
    for (const t of this.tracks) {
      for (const d of dets) {
        if (kindOf(d.label) !== t.kind) continue;
        const overlap = iou(predicted(t, now), d.box);
        if (overlap >= this.options.minIou) pairs.push({ t, d, overlap });
      }
    }
    pairs.sort((a, b) => b.overlap - a.overlap);
    const matched = new Map<Track, CountedDetection>();
    const used = new Set<CountedDetection>();
    for (const { t, d } of pairs) {
      if (matched.has(t) || used.has(d)) continue;
      matched.set(t, d);
      used.add(d);
    }
    return matched;
  }

  private newTrack(d: CountedDetection, now: number): Track {
    const box: Box = [...d.box];
    return {
      id: this.nextId++,
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
      velocity: [0, 0],
      anchor: box,
      stillSince: now,
      starts: 0,
    };
  }

  private sight(t: Track, d: CountedDetection, now: number, run: TrackerRun): void {
    const box: Box = [...d.box];
    const dt = now - t.seenAt;
    t.velocity = dt > 0 ? [(box[0] - t.lastBox[0]) / dt, (box[1] - t.lastBox[1]) / dt] : t.velocity;
    t.lastBox = box;
    t.lastSeen = this.wall;
    t.seenAt = now;
    t.zonesNow = [...d.zones];
    for (const z of d.zones) if (!t.zones.includes(z)) t.zones.push(z);
    const seen = { ...d, box, zones: [...d.zones] };
    if (d.score > t.best.score) t.best = seen;
    const moved = iou(t.anchor, box) < this.options.stillIou;
    if (t.state === 'tentative') {
      this.remember(t, true);
      if (moved) [t.anchor, t.stillSince] = [box, now];
      if (hits(t.recent) >= this.options.confirmHits) this.start(t, seen, now, run);
    } else if (t.state === 'stationary') {
      // The place of rest stays put, so a person passing in front for one run does not wake a parked car.
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
    t.since = this.wall;
    t.state = 'active';
    t.recent = [];
    t.starts++;
    run.started.push(view(t));
  }

  private remember(t: Track, value: boolean): void {
    t.recent.push(value);
    if (t.recent.length > this.options.confirmRuns) t.recent.shift();
  }

  private removeWhere(drop: (t: Track) => boolean): void {
    for (let i = this.tracks.length - 1; i >= 0; i--) if (drop(this.tracks[i]!)) this.tracks.splice(i, 1);
  }
}

/** Where the track's box should be `now` if it kept its speed. */
function predicted(t: Track, now: number): Box {
  const dt = Math.min(now - t.seenAt, MAX_PREDICT_MS);
  const b = t.lastBox;
  return [b[0] + t.velocity[0] * dt, b[1] + t.velocity[1] * dt, b[2], b[3]];
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
    firstSeen: t.firstSeen,
    lastSeen: t.lastSeen,
    since: t.since,
    state: t.state === 'stationary' ? 'stationary' : 'active',
    starts: t.starts,
  };
}
