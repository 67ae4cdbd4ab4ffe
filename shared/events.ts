/**
 * Motion events as the API (`GET /api/events`, a camera's `/recordings`) and webhooks show them
 * (docs/recording.md, docs/notifications.md). A camera is `camera` here, as in every recording shape.
 */

/** A motion event: `end` null while the motion lasts; the picture URLs null until they are written. */
export interface MotionEvent {
  id: string;
  camera: string;
  start: number;
  end: number | null;
  /** The relay stopped while motion lasted: `end` is the last moment recorded, not when motion ended. */
  cutShort: boolean;
  /** The most motion seen, in % of the picture, and when. */
  peakScore: number | null;
  peakAt: number | null;
  snapshotUrl: string | null;
  thumbnailUrl: string | null;
  /** Its off-site copy (docs/offsite.md), when the relay copies events off-site. */
  offsite?: OffsiteStatus;
  /** Objects the detector found while the event lasted (docs/detection.md), first seen first; absent on a motion-only event. */
  objects?: EventObject[];
  /** The names the event's objects are followed as (`person`, `vehicle`…), each once, first seen first: what filters match. */
  labels?: string[];
  /** The boxes on the snapshot, when the snapshot is a detector's picture (it then replaces the motion peak's). */
  boxes?: SnapshotBoxes;
}

/** One object of an event, as the tracker reported it (common/detect/tracked-object.ts). */
export interface EventObject {
  /** The COCO label of its best sighting (`car`). */
  label: string;
  /** The name the camera follows it as (`vehicle` for a car when the camera follows vehicles). */
  tracked: string;
  /** Its best score, 0-1, and its box then: [x, y, width, height] in the pixels of the frame it was seen in. */
  score: number;
  box: [number, number, number, number];
  /** The camera's zones it has been in, in the order it entered them. */
  zones: string[];
  /** When it started the event (was confirmed), ms since the epoch. */
  at: number;
  /** The tracker's id of it on its camera (#57): the same object in its loitering and leaving alerts. */
  id?: number;
  /** True when it had started an event before (it stood still, then moved again): a rule for new objects only skips it. */
  again?: boolean;
  /** When it left the camera's view, ms since the epoch (#57); absent while it is in view. */
  left?: number;
  /** Kept: true once its own best picture (the whole frame it scored best in, `box` on it) lies beside the event (#57). */
  picture?: boolean;
  /** Shown (the API, webhooks): that picture's URL, in place of `picture`. */
  pictureUrl?: string;
  /** A vehicle's licence plate as read on its best views (#58), when its camera reads plates. */
  plate?: EventPlate;
  /** A person's face as seen on their best views (#58), when its camera recognises faces: named when it is a known face. */
  face?: EventFace;
}

/** What reading a followed object adds to its entry (#58): its plate, its face. */
export type ObjectIdentity = Pick<EventObject, 'plate' | 'face'>;

/** A face seen on a person (docs/faces-and-plates.md): the known person it is, or none for a face no one enrolled ("unknown person"). */
export interface EventFace {
  /** The known person's name ("Alice"). */
  name?: string;
  /** The known person's id in the owner's known faces. */
  person?: string;
  /** The embedding distance to that person's nearest kept face (under 0.6), or to no one. */
  distance?: number;
}

/** A plate read on a vehicle (docs/faces-and-plates.md): its best reading, and the owner's name for it when it is a known plate. */
export interface EventPlate {
  /** Kept to plate characters: `AB123C` (common/plates/plate-text.ts). */
  text: string;
  /** The reading's mean character probability, 0-1. */
  confidence: number;
  /** The known plate's name ("Mum's car"), matched exactly or within one character. */
  name?: string;
}

/** The snapshot's boxes: in the pixels of a `width` × `height` picture (the snapshot's own size). */
export interface SnapshotBoxes {
  width: number;
  height: number;
  boxes: Array<{ label: string; score: number; box: [number, number, number, number] }>;
}

export const OFFSITE_STATES = ['queued', 'copying', 'copied', 'failed', 'held'] as const;

/**
 * Where an event's off-site copy is: `failed` with `retryAt` waits to try again (`detail` is rclone's
 * last error), without it has given up; `held` waits for the next day under the daily cap.
 */
export interface OffsiteStatus {
  state: (typeof OFFSITE_STATES)[number];
  detail?: string;
  /** When it took this state. */
  at: number;
  retryAt?: number;
}

/** `GET /api/events?from=&to=`: every event of the range across the cameras the caller may view, newest first. */
export interface EventList {
  from: number;
  to: number;
  events: MotionEvent[];
}
