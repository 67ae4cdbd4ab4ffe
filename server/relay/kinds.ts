/**
 * Every kind of media the relay carries (#56, STYLE rule 13), one line each: its name, and the maker of its track
 * from what the relay's parts offer (KindContext). A kind's file says its track's policy, its bytes between nodes
 * (the cluster's track bus carries every kind that says a codec) and what it marks on the camera list. The relay
 * holds the tracks made from this table and names no medium itself; a new kind is one kind file and one line here.
 */
import { detectionsKind } from './detections-track.js';
import { liveH264Kind } from './h264-kind.js';
import { jpegKind } from './jpeg-kind.js';
import type { KindContext, KindTable, RelayKind } from './kind.js';
import { objectsKind } from './objects-track.js';
import { soundKind } from './sound-kind.js';

export type { AnyTrack, BusKind, KindContext, KindMaker, KindTable, RelayKind } from './kind.js';

/** The kinds every relay carries. */
export const RELAY_KINDS = {
  jpeg: jpegKind,
  h264: liveH264Kind,
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
