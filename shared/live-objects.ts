/**
 * The detector's newest look at a camera, as a live tile draws it (#39): what it counted (its labels,
 * zones and scores applied) with each box in the pixels of the picture it looked at. A viewer asks for
 * it per camera (`SubscribeRequest.objects`) and gets `objects` on `/monitor`, newest wins; a camera whose
 * detector runs says so in the list (`CameraInfo.objects`).
 */
import type { SnapshotBoxes } from './events.js';

export interface LiveObjects extends SnapshotBoxes {
  cameraId: string;
  /** When the looked-at picture reached the relay (server clock, ms). */
  at: number;
}

/** The most boxes one look carries: the event log keeps as many objects per event. */
export const LIVE_OBJECTS_MAX = 50;

/**
 * How long a page shows a look's boxes when no newer look comes: the detector looks only while
 * motion lasts or an object moves, so boxes of a scene gone still fade rather than stay as if seen.
 */
export const LIVE_OBJECTS_SHOWN_MS = 3000;

/** A look as the recorder keeps it beside a segment (#56 item 5): a live look without its camera, which the folder names. */
export type RecordedLook = Omit<LiveObjects, 'cameraId'>;

/** `GET /api/cameras/<id>/looks?from=&to=`: the looks kept for a range, oldest first; `cut` when the answer's byte cap cut it short. */
export interface RecordedLooks {
  camera: string;
  from: number;
  to: number;
  looks: RecordedLook[];
  cut: boolean;
}
