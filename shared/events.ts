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
