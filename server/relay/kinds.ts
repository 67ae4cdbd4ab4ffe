/**
 * Every kind of media the relay carries (#56, STYLE rule 13), one line each: its name, and the maker of its track
 * from what the relay's parts offer (KindContext). A kind's file says its track's policy, its bytes between nodes
 * (the cluster's track bus carries every kind that says a codec) and what it marks on the camera list. The relay
 * holds the tracks made from this table and names no medium itself; a new kind is one kind file and one line here.
 */
import type { CameraInfo } from '../../shared/protocol.js';
import type { Track } from '../tracks/track.js';
import type { CameraSide } from './camera-side.js';
import { detectionsKind } from './detections-track.js';
import type { FanOut } from './fan-out.js';
import type { Frame } from './frame.js';
import { jpegKind } from './jpeg-kind.js';
import { objectsKind } from './objects-track.js';
import { soundKind } from './sound-track.js';

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

/** The kinds every relay carries. */
export const RELAY_KINDS = {
  jpeg: jpegKind,
  sound: soundKind,
  objects: objectsKind,
  detections: detectionsKind,
} satisfies KindTable;

/** The tracks of the relay's kinds, by name. */
export type RelayTracks = { readonly [K in keyof typeof RELAY_KINDS]: ReturnType<(typeof RELAY_KINDS)[K]>['track'] };

/** Makes each kind of `table` (the relay's own, and any a test adds); keyed by its name, which is its track's kind. */
export function makeKinds(table: KindTable, c: KindContext): Map<string, RelayKind> {
  const kinds = new Map<string, RelayKind>();
  for (const [name, make] of Object.entries(table)) {
    const kind = make(c);
    if (kind.track.kind !== name) throw new TypeError(`The kind '${name}' makes a track of kind '${kind.track.kind}'; the two must be one name.`);
    kinds.set(name, kind);
  }
  return kinds;
}
