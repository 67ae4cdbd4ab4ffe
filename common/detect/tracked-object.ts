/** What the object tracker (object-tracker.ts) tells of objects and runs: plain values, safe to keep, send and store. */
import type { Box } from './boxes.js';
import type { CocoLabel } from './coco-labels.js';
import type { TrackedName } from './detect-settings.js';
import type { LoiterStay } from './track-loiter.js';
import type { PathPoint } from './track-path.js';

/** What the tracker tells of one object: a copy, safe to keep. */
export interface TrackedObject {
  /** Stable while the object is tracked; unique within this tracker. */
  id: number;
  /** The label of its best-scoring sighting (a car seen once as a truck stays a car). */
  label: CocoLabel;
  /** The name in the camera's labels that follows it (`vehicle` for a truck, say). */
  tracked: TrackedName;
  /** Its best score, and its box then, in source pixels: the box an event card shows. */
  score: number;
  box: Box;
  /** Its box at its last sighting. */
  lastBox: Box;
  /** Zones it has been in, in the order it entered them. */
  zones: string[];
  /** Zones it was in at its last sighting. */
  zonesNow: string[];
  /** Where it stood at its sightings, oldest first, at most MAX_PATH points (track-path.ts). */
  path: PathPoint[];
  firstSeen: number;
  lastSeen: number;
  /** When its current event started (its confirmation, or its moving again after standing still). */
  since: number;
  state: 'active' | 'stationary';
  /** Events it has started: 1, and one more each time it moves again after being stationary. */
  starts: number;
}

/** What one detector run changed. */
export interface TrackerRun {
  /** Objects that start an event now: confirmed (seen in 2 of the last 3 looks) or moving again after standing still. */
  started: TrackedObject[];
  /** Active objects seen again by this run. */
  updated: TrackedObject[];
  /** Objects that stopped moving for `stationaryAfterMs`: still there, no longer news. */
  stationary: TrackedObject[];
  /** Objects gone: not seen for `endAfterMs` by runs that looked where they were. */
  ended: TrackedObject[];
  /** Objects whose stay in a zone passed the zone's loitering time: once per stay. */
  loitering: Array<LoiterStay & { object: TrackedObject }>;
}
