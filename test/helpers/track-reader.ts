/** Reads a track as any reader does (#56): `cameraIds` through a sink that takes each unit at once; returns its unsubscribe. */
import type { Track, TrackReader } from '../../server/tracks/track.js';

export function readTrack<U>(track: Track<U>, cameraIds: readonly string[], onUnit: (unit: U) => void): () => void {
  const reader: TrackReader = { wants: () => true, paused: false };
  track.subscribe(reader, cameraIds, {
    write: (unit, done) => {
      onUnit(unit);
      done();
    },
  });
  return () => track.unsubscribe(reader);
}
