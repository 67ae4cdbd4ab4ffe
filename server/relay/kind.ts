/**
 * What a kind is, as the kinds table (kinds.ts) and each kind's file say it: the track a kind's maker makes from the
 * relay's parts, its bytes between nodes and its mark on the camera list. Types only, apart from the table, so that
 * a kind's file and the parts it reads (the camera side makes the sound track) import this and not each other.
 */
import type { CameraInfo } from '../../shared/protocol.js';
import type { Track } from '../tracks/track.js';
import type { CameraSide } from './camera-side.js';
import type { FanOut } from './fan-out.js';
import type { Frame } from './frame.js';

/** A track the cluster's bus carries (cluster/track-bus.ts): the track on this node and its bytes on Redis (checked on the way in: Redis is shared). */
export interface BusKind<U> {
  track: Track<U>;
  encode: (unit: U) => Buffer;
  decode: (cameraId: string, buf: Buffer) => U | null;
  /** Where a unit from another node goes (default: published on the track as it is). */
  take?: (unit: U) => void;
}

/** What a kind's maker may use of the relay: its clock and parts, made before the tracks are. */
export interface KindContext {
  now: () => number;
  /** Tells viewers the camera list changed, for a reason of the kind's (a detector started or stopped). */
  changed: () => void;
  fan: FanOut;
  cameraSide: CameraSide;
  /** A frame from another node: kept as the camera's newest here and published into the jpeg track. */
  injectRemote: (frame: Frame) => void;
}

// A kind's track is of its own unit type; the table and the bus only name it and move its units.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTrack = Track<any>;

/** One kind as the relay holds it. */
export interface RelayKind<T extends AnyTrack = AnyTrack> {
  track: T;
  /**
   * Its tracks between nodes, each with its codec (cluster/track-bus.ts); none: a kind read only on the node it
   * enters. A list, as one kind may have a track per rung.
   */
  // Each kind has its own unit type; the bus only moves them between a track and its codec.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  bus?: ReadonlyArray<BusKind<any>>;
  /** What the kind says on the camera list (the objects kind: whose detector runs here). */
  mark?: (list: CameraInfo[]) => CameraInfo[];
}

export type KindMaker = (c: KindContext) => RelayKind;
export type KindTable = Record<string, KindMaker>;
