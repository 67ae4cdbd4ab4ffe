/**
 * Faces as one reader of followed objects (#58 item 1, events/object-reads.ts): a person of a camera
 * that recognises faces, at most READS_PER_PERSON times on their best views. The face found on the
 * person's box is embedded (in the face thread) and named by the nearest known face within the
 * threshold (face-match.ts); a face no one enrolled is "unknown person". A name, or a nearer face of
 * the same name, is handed on.
 */
import type { FaceLook, FaceInput } from '../../common/faces/face-look.js';
import { FACE_MATCH_DISTANCE } from '../../common/faces/face-embedder.js';
import { matchFace, type KnownFaceVectors } from '../../common/faces/face-match.js';
import type { EventFace } from '../../shared/events.js';
import { ObjectReads } from '../events/object-reads.js';

/** A person is looked at for a face this many times at most: their best views (a face turned away at first is seen later). */
export const READS_PER_PERSON = 3;
export const FACE_LABELS: ReadonlySet<string> = new Set(['person']);

export interface FaceReadsDeps {
  look(input: FaceInput): Promise<FaceLook>;
  wants(camera: string): boolean;
  known(): readonly KnownFaceVectors[];
  onFace(camera: string, id: number, face: EventFace): void;
  onError(camera: string, message: string): void;
}

const round = (v: number) => Math.round(v * 1000) / 1000;

export class FaceReads extends ObjectReads<EventFace> {
  constructor(deps: FaceReadsDeps) {
    super({
      labels: FACE_LABELS,
      perObject: READS_PER_PERSON,
      wants: deps.wants,
      async read(view) {
        const { face } = await deps.look({ jpeg: view.jpeg, crop: view.object.box });
        if (!face) return null;
        // The nearest known face, however far: it names the face within the threshold, and says how far from a name it was otherwise.
        const nearest = matchFace(face.vector, deps.known(), Infinity);
        if (!nearest) return {};
        if (nearest.distance < FACE_MATCH_DISTANCE) return { name: nearest.name, person: nearest.id, distance: round(nearest.distance) };
        return { distance: round(nearest.distance) };
      },
      better,
      onResult: deps.onFace,
      onError: deps.onError,
    });
  }
}

/** Whether `face` is worth telling over `before`: the first, a name where there was none, or another name nearer than the one before. */
function better(face: EventFace, before: EventFace | null): boolean {
  if (!before) return true;
  if (!face.name) return false;
  if (!before.name) return true;
  return face.name !== before.name && (face.distance ?? 1) < (before.distance ?? 1);
}
