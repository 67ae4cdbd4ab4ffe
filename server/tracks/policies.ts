/**
 * The four delivery policies a kind chooses from (#56), each a lane per reader and camera (relay/lane.ts):
 * - newest frame wins: a window in flight and one waiting, a newer unit replacing it (JPEG; viewer-slot.ts);
 * - newest GOP wins: a GOP waits, a keyframe is the start point (H.264; h264-lane.ts);
 * - every unit within a bound: in order, the oldest dropped past the bound (sound, and a reader that records;
 *   audio-lane.ts);
 * - latest value: as newest frame, and a reader that comes gets the newest value at once while it holds
 *   (the detector's looks).
 */
import { type AacUnit, AudioLane } from './audio-lane.js';
import { H264Lane, type H264Unit } from './h264-lane.js';
import type { Lane, LaneSink } from './lane.js';
import { ViewerSlot } from './viewer-slot.js';

export type PolicyName = 'newest-frame' | 'newest-gop' | 'every-unit' | 'latest-value';

export interface TrackPolicy<U> {
  readonly name: PolicyName;
  /** One reader's lane for one camera. */
  lane(sink: LaneSink<U>): Lane<U>;
  /** Latest value: how long a unit stays worth giving a reader that comes (from `madeAt`). */
  readonly replayMs?: number;
  readonly madeAt?: (unit: U) => number;
}

export function newestFrame<U extends object>(sizeOf: (unit: U) => number): TrackPolicy<U> {
  return { name: 'newest-frame', lane: (sink) => new ViewerSlot<U>(sink, undefined, undefined, sizeOf) };
}

export function latestValue<U extends object>(sizeOf: (unit: U) => number, madeAt: (unit: U) => number, replayMs: number): TrackPolicy<U> {
  return { name: 'latest-value', lane: (sink) => new ViewerSlot<U>(sink, undefined, undefined, sizeOf), madeAt, replayMs };
}

export function newestGop(): TrackPolicy<H264Unit> {
  return { name: 'newest-gop', lane: (sink) => new H264Lane({ sink }) };
}

export function everyUnit(): TrackPolicy<AacUnit> {
  return { name: 'every-unit', lane: (sink) => new AudioLane(sink) };
}
