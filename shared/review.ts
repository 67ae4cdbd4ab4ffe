/**
 * The review page's wire shapes (#57 item 4, docs/review.md): a day's events sorted into alerts
 * (an object the owner marks as worth an alert: its label, and a zone when the camera names any),
 * detections (other objects) and motion (no object), each seen or not by the user asking.
 */
import type { MotionEvent } from './events.js';

export const REVIEW_SEVERITIES = ['alert', 'detection', 'motion'] as const;
export type ReviewSeverity = (typeof REVIEW_SEVERITIES)[number];

/** Most items one `POST /api/review/seen` marks; a longer list is refused (REVIEW_TOO_MANY). */
export const REVIEW_SEEN_MAX_IDS = 500;
/** Most marks kept per user: the oldest (by the event's start) go first. */
export const REVIEW_MARKS_PER_USER = 20_000;

/** One card: an event, how it is sorted, where it happened and whether the caller has seen it. */
export interface ReviewItem {
  /** `<camera>/<event id>`: the key `POST /api/review/seen` takes. */
  key: string;
  event: MotionEvent;
  severity: ReviewSeverity;
  /** The zones its objects were in, each once, first entered first. */
  zones: string[];
  /**
   * What the search box matches, lower case: the camera's id, the labels and followed names, the zones, the plates
   * read and their known names (#58, for a caller who may see them). The page matches every word typed against these.
   */
  terms: string[];
  seen: boolean;
}

/** `GET /api/review?from=&to=[&camera=][&severity=]`: the items of the range the caller may view, newest first. */
export interface ReviewList {
  from: number;
  to: number;
  items: ReviewItem[];
  /** Unseen items of the range by severity, before `severity` narrowed `items`. */
  unseen: Record<ReviewSeverity, number>;
}

/** `POST /api/review/seen`: marks these items seen (or unseen with `seen: false`) for the caller. */
export interface ReviewSeenRequest {
  keys: string[];
  seen?: boolean;
}

/** `POST /api/review/seen-all`: marks every item of the range (of one camera and severity, when given) seen. */
export interface ReviewSeenAllRequest {
  from: number;
  to: number;
  camera?: string;
  severity?: ReviewSeverity;
}

/** What both answer: how many marks changed, and how many keys were left alone (no such event: deleted, or never recorded). */
export interface ReviewSeenResult {
  changed: number;
  skipped: number;
}
