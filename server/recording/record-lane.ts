/**
 * The recorder's lane (#56 item 5): the every-unit lane (tracks/every-unit-lane.ts) of one camera's units of one kind,
 * bounded in bytes. A recording cannot skip to the newest unit as a viewer does (a GOP needs every picture, a sound
 * every frame), so past the bound the oldest waiting unit goes, and every unit that goes is counted. The recorder takes
 * a unit at once into its own queue (camera-recorder.ts, bounded by the recording memory caps), so this wait holds
 * units only while its sink is busy.
 */
import { EveryUnitLane, type EveryUnitOptions } from '../tracks/every-unit-lane.js';
import type { LaneSink } from '../tracks/lane.js';
import { everyUnit } from '../tracks/policies.js';
import type { ReaderPolicy } from '../tracks/track.js';

/** Bytes one camera's units of one kind may wait for the recorder: a few seconds of a 4K camera's H.264. */
export const RECORD_LANE_BYTES = 8 * 1024 * 1024;

export interface RecordLaneOptions<U> {
  sizeOf: (unit: U) => number;
  /** The wait's byte bound (RECORD_LANE_BYTES unless given). */
  maxBytes?: number;
  /** A unit was dropped unsent (the bound, a pause, a close): the recorder counts it. */
  onDrop?: (unit: U) => void;
}

/** The recorder's bound: one unit in flight is enough, as its sink says `done` as it queues a unit. */
export function recordBound<U>(o: RecordLaneOptions<U>): EveryUnitOptions<U> {
  return { ...o, window: 1, maxBytes: o.maxBytes ?? RECORD_LANE_BYTES };
}

export class RecordLane<U> extends EveryUnitLane<U> {
  constructor(sink: LaneSink<U>, o: RecordLaneOptions<U>) {
    super(sink, recordBound(o));
  }
}

/** The recorder's policy as a reader of any track: the every-unit policy with the recorder's byte bound. */
export function recordPolicy<U>(o: RecordLaneOptions<U>): ReaderPolicy<U> {
  return everyUnit(recordBound(o));
}
