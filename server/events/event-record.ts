/**
 * What an event is, for every module that writes or hears one: recording's event log writes the
 * record, detection adds objects to it, and notifications, MQTT, push and off-site copies hear it.
 */
import type { EventObject, SnapshotBoxes } from '../../shared/events.js';

/** An event's id, as a segment's: its start time, 13 digits (every time from 2001 to 2286). */
export const idOf = (ms: number) => String(Math.round(ms)).padStart(13, '0');

/** What a motion detector tells the event log and the recorder: motion started or ended at `at` (ms), with a score. */
export interface MotionSignal {
  type: 'start' | 'end';
  at: number;
  score?: number;
}

/** One reading of a motion detector: when, how much of the picture moved (%), and the frame. */
export interface Sighting {
  at: number;
  score: number;
  jpeg: Buffer;
}

/** An event's pictures: the full frame with the most motion, a small one for lists, and each object's own best frame (by its tracker id). */
export type EventPicture = 'snapshot' | 'thumbnail' | `object-${number}`;

/** A motion event (shown as a `MotionEvent`, shared/events.ts): when motion started and ended (null while it lasts), and its peak (score in % of the picture, and when). */
export interface EventRecord {
  id: string;
  camera: string;
  start: number;
  end: number | null;
  peakScore: number | null;
  peakAt?: number | null;
  /** True once the snapshot (the frame with the most motion) and its thumbnail lie beside the event. */
  pictures?: boolean;
  /** Which process keeps an event under way: a relay restarted on the same host closes what its predecessor left open. */
  writer?: { host: string; pid: number };
  /** Closed at a restart, not by the detector: the relay stopped while motion lasted, so `end` is the last moment recorded. */
  cutShort?: boolean;
  /** Objects detected while it lasted (docs/detection.md), and the boxes on its snapshot when that is a detector's picture. */
  objects?: EventObject[];
  boxes?: SnapshotBoxes;
}

/** `object`: a detector confirmed objects on an event under way (its `objects` grew, its snapshot is their picture). */
export type EventType = 'start' | 'end' | 'object';

/** At most this many objects are kept on one event: a crowd is told by its first ones (event-summary.ts reads no more). */
export const MAX_EVENT_OBJECTS = 50;

/** Objects a detector confirmed in one frame, with that frame and every box counted in it. */
export interface ObjectSighting {
  started: EventObject[];
  at: number;
  jpeg: Buffer;
  boxes: SnapshotBoxes;
}

/** An object that stayed in a zone past the zone's loitering time (#57): its own alert, once per stay. */
export interface LoiterAlert {
  object: EventObject & { id: number };
  zone: string;
  /** How long it had stayed, in ms. */
  forMs: number;
  /** "Person in Driveway for 30 s". */
  text: string;
  at: number;
}

/** An object of an event seen with a higher score than ever (#57): its best picture so far, and every box counted in it. */
export interface BetterSighting {
  object: EventObject & { id: number };
  at: number;
  jpeg: Buffer;
  boxes: SnapshotBoxes;
}

/** A view of a followed object (its confirmation, or a better sighting): the frame it was seen in, its box on it. */
export interface ObjectView {
  object: EventObject & { id: number };
  at: number;
  jpeg: Buffer;
}

/** An object the tracker no longer sees (#57): "Person left Driveway after 2 min", once per object. */
export interface LeftAlert {
  object: EventObject & { id: number };
  /** The last zone it was in, or null when it was in none. */
  zone: string | null;
  /** How long it was in view, in ms: from its first sighting to its last. */
  forMs: number;
  text: string;
  /** Its last sighting. */
  at: number;
}

/** What notifications and MQTT hear of an object besides events: a stay past a zone's loitering time, or its leaving. */
export type ObjectAlert = (LoiterAlert & { kind: 'loitering' }) | (LeftAlert & { kind: 'left' });
export const ALERT_KINDS = ['loitering', 'left'] as const;
