/**
 * Naming a face (#58): the nearest known person by embedding distance (face-embedder.ts), when that
 * person's nearest embedding is within the threshold; otherwise no one. A person is kept as several
 * embeddings (one per face the owner chose), and the nearest of them counts.
 */
import { FACE_MATCH_DISTANCE, faceDistance } from './face-embedder.js';

export interface KnownFaceVectors {
  id: string;
  name: string;
  vectors: ReadonlyArray<ArrayLike<number>>;
}

export interface FaceMatch {
  id: string;
  name: string;
  distance: number;
}

/** The nearest known person within `threshold`, or null: an unknown face. */
export function matchFace(vector: ArrayLike<number>, known: readonly KnownFaceVectors[], threshold = FACE_MATCH_DISTANCE): FaceMatch | null {
  let best: FaceMatch | null = null;
  for (const person of known)
    for (const v of person.vectors) {
      const distance = faceDistance(vector, v);
      if (distance < threshold && (!best || distance < best.distance)) best = { id: person.id, name: person.name, distance };
    }
  return best;
}
