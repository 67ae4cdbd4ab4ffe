/**
 * The four delivery policies a kind chooses from (#56), each a lane per reader and camera (relay/lane.ts):
 * - newest frame wins: a window in flight and one waiting, a newer unit replacing it (JPEG; viewer-slot.ts);
 * - newest GOP wins: a GOP waits, a keyframe is the start point, and a reader that comes or resumes starts from the
 *   GOP held (H.264; h264-lane.ts, gop-cache.ts);
 * - every unit within a bound: in order, the oldest dropped past the bound (sound, audio-lane.ts; and a reader that
 *   records, its bound in bytes, recording/record-lane.ts; both every-unit-lane.ts);
 * - latest value: as newest frame, and a reader that comes gets the newest value at once while it holds
 *   (the detector's looks).
 */
import { KEYFRAME_REQUEST_MIN_MS } from '../../shared/live-video.js';
import { type AacUnit, AudioLane } from './audio-lane.js';
import { EveryUnitLane, type EveryUnitOptions } from './every-unit-lane.js';
import { GopCache } from './gop-cache.js';
import { H264Lane, type H264Unit } from './h264-lane.js';
import type { Lane, LaneSink, StartPoints } from './lane.js';
import { ViewerSlot } from './viewer-slot.js';

export type PolicyName = 'newest-frame' | 'newest-gop' | 'every-unit' | 'latest-value';

/** What a lane hears of its reader: its skips, and the mark it (re)starts with (Lane#resume). */
export interface LaneHooks {
  onSkip?: () => void;
  mark?: number;
}

export interface TrackPolicy<U> {
  readonly name: PolicyName;
  /** One reader's lane for one camera. */
  lane(sink: LaneSink<U>, hooks?: LaneHooks): Lane<U>;
  /** Latest value: how long a unit stays worth giving a reader that comes (from `madeAt`). */
  readonly replayMs?: number;
  readonly madeAt?: (unit: U) => number;
  /** Newest GOP: a camera's start points, made when its first reader comes. */
  readonly startPoints?: () => StartPoints<U>;
  /** Least time between two asks to one camera's publisher for a start point. */
  readonly askMinMs?: number;
}

export function newestFrame<U extends object>(sizeOf: (unit: U) => number): TrackPolicy<U> {
  return { name: 'newest-frame', lane: (sink) => new ViewerSlot<U>(sink, undefined, undefined, sizeOf) };
}

export function latestValue<U extends object>(sizeOf: (unit: U) => number, madeAt: (unit: U) => number, replayMs: number): TrackPolicy<U> {
  return { name: 'latest-value', lane: (sink) => new ViewerSlot<U>(sink, undefined, undefined, sizeOf), madeAt, replayMs };
}

export function newestGop(gopCacheBytes?: number): TrackPolicy<H264Unit> {
  return {
    name: 'newest-gop',
    lane: (sink, hooks) => new H264Lane({ sink, ...(hooks?.onSkip && { onSkip: hooks.onSkip }), ...(hooks?.mark !== undefined && { resume: hooks.mark }) }),
    startPoints: () => new GopCache(gopCacheBytes),
    askMinMs: KEYFRAME_REQUEST_MIN_MS,
  };
}

/** Every unit within a bound: a listener's sound (AudioLane) unless given the bound, as a reader that records is (record-lane.ts). */
export function everyUnit(): TrackPolicy<AacUnit>;
export function everyUnit<U>(bound: EveryUnitOptions<U>): TrackPolicy<U>;
export function everyUnit<U>(bound?: EveryUnitOptions<U>): TrackPolicy<U> | TrackPolicy<AacUnit> {
  if (!bound) return { name: 'every-unit', lane: (sink: LaneSink<AacUnit>) => new AudioLane(sink) };
  return { name: 'every-unit', lane: (sink: LaneSink<U>) => new EveryUnitLane(sink, bound) };
}
