/**
 * Motion events, in every mode that detects: one record per camera while motion lasts, following
 * its peak, written beside the recordings of its day with the frame of the peak (snapshot) and a
 * 320 px thumbnail. Writes run one after another per event, off the detector's path; whoever
 * listens (webhooks) hears of a start or an end once its files are on disk.
 */
import { hostname } from 'node:os';
import { sharpResize } from '../relay/sharp-resize.js';
import { own } from '../../common/own.js';
import type { EventObject, ObjectIdentity, SnapshotBoxes } from '../../shared/events.js';
import { EventFields } from './event-fields.js';
import {
  idOf,
  MAX_EVENT_OBJECTS,
  type EventPicture,
  type EventRecord,
  type BetterSighting,
  type EventType,
  type MotionSignal,
  type ObjectSighting,
  type Sighting,
} from './event-record.js';

/** Written on an event under way: the next relay started on this host knows its predecessor's events from a live sibling's. */
const WRITER = { host: hostname(), pid: process.pid };
export const THUMBNAIL_WIDTH = 320;
/** Plates and faces read before their object joined an event (it was confirmed before motion's event opened), kept for this many objects at most. */
const EARLY_MAX = 64;

/** Where an event's record and pictures are written: beside the recordings of its day (recording's SegmentFiles). */
export interface EventFiles {
  writeEvent(record: EventRecord): Promise<void>;
  writePicture(record: EventRecord, picture: EventPicture, jpeg: Buffer): Promise<void>;
}

export interface EventLogDeps {
  files: EventFiles;
  onError(camera: string, message: string): void;
  /** An event started or ended, its files written. */
  onEvent?(type: EventType, record: EventRecord): void;
  /** Tests: the thumbnail maker (sharp by default). */
  thumbnail?: (jpeg: Buffer) => Promise<Buffer>;
}

interface Open {
  record: EventRecord;
  peak: Sighting | null;
  /** When the pictures on disk were taken (so the end rewrites them only when the peak moved). */
  picturesAt: number | null;
  lastSeenAt: number;
  /** The best score of an object on the snapshot, and the boxes of a better picture not yet written (they go with it). */
  bestScore: number;
  nextBoxes: SnapshotBoxes | null;
  /** Objects' own best pictures not yet written, by tracker id (at most MAX_EVENT_OBJECTS: one per object of the event). */
  nextShots: Map<number, Buffer>;
  /** This event's writes, one after another: its end must not overtake its start. */
  chain: Promise<void>;
}

export class EventLog {
  /** What later modules add to each event the API shows. */
  readonly fields = new EventFields();
  private readonly open = new Map<string, Open>();
  private readonly writes = new Set<Promise<void>>();
  /** `camera/id` → what was read of an object (its plate, its face) before it joined the camera's event: it goes with the object when it joins. */
  private readonly early = new Map<string, ObjectIdentity>();

  constructor(private readonly deps: EventLogDeps) {}

  /** The event under way for `camera`, if any. */
  current(camera: string): EventRecord | null {
    return this.open.get(camera)?.record ?? null;
  }

  /** A detector's signal: start opens an event (one at a time per camera), end closes it. */
  signal(camera: string, signal: MotionSignal, best: Sighting | null = null): void {
    const o = this.open.get(camera);
    if (signal.type === 'start') {
      if (o) {
        o.lastSeenAt = Math.max(o.lastSeenAt, best?.at ?? signal.at);
        this.follow(o, best ?? { at: signal.at, score: signal.score ?? 0, jpeg: Buffer.alloc(0) });
        return;
      }
      const score = best?.score ?? signal.score ?? null;
      const record: EventRecord = {
        id: idOf(signal.at),
        camera,
        start: signal.at,
        end: null,
        peakScore: score,
        peakAt: best?.at ?? null,
        pictures: false,
        writer: WRITER,
      };
      const opened: Open = {
        record,
        peak: best,
        picturesAt: null,
        lastSeenAt: best?.at ?? signal.at,
        bestScore: -1,
        nextBoxes: null,
        nextShots: new Map(),
        chain: Promise.resolve(),
      };
      this.open.set(camera, opened);
      this.save(opened, 'start');
    } else if (o) {
      this.open.delete(camera);
      o.record.end = Math.max(o.record.start, signal.at);
      o.record.writer = undefined;
      this.save(o, 'end');
    }
  }

  /** A detection while motion lasts: a higher score becomes the peak (and, at the end, the snapshot). */
  reading(camera: string, moving: boolean, sighting: Sighting): void {
    const o = this.open.get(camera);
    if (!o) return;
    if (moving) o.lastSeenAt = sighting.at;
    this.follow(o, sighting);
  }

  /**
   * Objects a detector confirmed on `camera`: added to the event under way, whose snapshot becomes the
   * frame they were seen in (its boxes are drawn on it), then `object` is told. False when no event is
   * under way (the objects are then nobody's event: docs/detection.md says so).
   */
  objects(camera: string, sighting: ObjectSighting): boolean {
    const o = this.open.get(camera);
    if (!o || sighting.started.length === 0) return false;
    const list = (o.record.objects ??= []);
    for (const object of sighting.started) {
      if (list.length >= MAX_EVENT_OBJECTS) break;
      const early = object.id === undefined ? undefined : this.early.get(`${camera}/${object.id}`);
      list.push(early ? { ...early, ...object } : object);
      if (object.id !== undefined) o.nextShots.set(object.id, sighting.jpeg);
    }
    o.record.boxes = sighting.boxes;
    // The news's own picture, though an earlier object had a better one: a receiver told of a car sees the car.
    o.peak = { at: sighting.at, score: o.record.peakScore ?? 0, jpeg: sighting.jpeg };
    o.bestScore = Math.max(...sighting.started.map((s) => s.score));
    o.nextBoxes = null;
    this.save(o, 'object');
    return true;
  }

  /**
   * An object of the event under way seen with a higher score than the snapshot's best: its entry takes
   * that score and box, and the picture becomes the snapshot, written with the event's next write.
   */
  better(camera: string, s: BetterSighting): void {
    const o = this.open.get(camera);
    const list = o?.record.objects ?? [];
    const i = list.findIndex((e) => e.id === s.object.id && e.left === undefined);
    if (!o || i < 0 || s.object.score <= list[i]!.score) return;
    list[i] = { ...list[i]!, score: s.object.score, box: s.object.box };
    o.nextShots.set(s.object.id, s.jpeg);
    if (s.object.score <= o.bestScore) return;
    o.bestScore = s.object.score;
    o.peak = { at: s.at, score: o.record.peakScore ?? 0, jpeg: s.jpeg };
    o.nextBoxes = s.boxes;
  }

  /**
   * What was read of an object (#58: a vehicle's plate, a person's face): its entries in the event under
   * way take it, and the event is written and told again as `object` (its objects are not new: notifiers
   * that tell new objects stay quiet, and those that name plates and people tell the better words). An
   * object not in the event under way keeps it for when it joins one. False when no event under way holds the object.
   */
  identify(camera: string, id: number, found: ObjectIdentity): boolean {
    const o = this.open.get(camera);
    const list = o?.record.objects ?? [];
    let changed = false;
    // New entries, not the old ones changed: writes already queued hold the old ones.
    for (const [i, e] of list.entries()) {
      if (e.id !== id) continue;
      list[i] = { ...e, ...found };
      changed = true;
    }
    if (!o || !changed) {
      const key = `${camera}/${id}`;
      const before = this.early.get(key);
      this.early.delete(key);
      this.early.set(key, { ...before, ...found });
      if (this.early.size > EARLY_MAX) this.early.delete(this.early.keys().next().value!);
      return false;
    }
    this.save(o, 'object');
    return true;
  }

  /** Object `id` of `camera` left at `at`: its entries in the event under way say so, written with the event's next write (its end at the latest). */
  left(camera: string, id: number, at: number): void {
    const list = this.open.get(camera)?.record.objects ?? [];
    // A new entry, not the old one changed: writes already queued hold the old one.
    for (const [i, o] of list.entries()) if (o.id === id && o.left === undefined) list[i] = { ...o, left: at };
  }

  /** Ends every event under way at its last sighting (the relay is stopping), and waits for the files. */
  async close(): Promise<void> {
    for (const [camera, o] of this.open) this.signal(camera, { type: 'end', at: o.lastSeenAt });
    await this.idle();
  }

  /** Resolves when every write so far is done. */
  async idle(): Promise<void> {
    while (this.writes.size > 0) await Promise.all(this.writes);
  }

  private follow(o: Open, s: Sighting): void {
    if (s.score <= (o.record.peakScore ?? -1)) return;
    o.record.peakScore = s.score;
    o.record.peakAt = s.at;
    // Once a detector's picture is the snapshot, more motion does not replace it: its boxes are drawn on it.
    if (s.jpeg.length > 0 && !o.record.boxes) o.peak = s;
  }

  private save(o: Open, type: EventType): void {
    const peak = o.peak;
    const record = o.record;
    // The boxes of a better picture go with it: this write writes both.
    if (o.nextBoxes) [record.boxes, o.nextBoxes] = [o.nextBoxes, null];
    const shots = o.nextShots;
    o.nextShots = new Map();
    // What the record says now: the start's write must not report an end that came meanwhile.
    const now = { ...record, ...(record.objects ? { objects: [...record.objects] } : {}) };
    const write = o.chain
      .then(async () => {
        if (peak && peak.at !== o.picturesAt) {
          const thumbnail = await (this.deps.thumbnail ?? thumbnailOf)(peak.jpeg);
          await this.deps.files.writePicture(record, 'snapshot', peak.jpeg);
          await this.deps.files.writePicture(record, 'thumbnail', thumbnail);
          o.picturesAt = peak.at;
          record.pictures = true;
        }
        // Each object's picture before the record that says it is there.
        for (const [id, jpeg] of shots) await this.deps.files.writePicture(record, `object-${id}`, jpeg);
        markPictured(record.objects, shots);
        const copy = { ...now, pictures: record.pictures, ...(now.objects ? { objects: pictured(now.objects, record.objects) } : {}) };
        await this.deps.files.writeEvent(copy);
        this.deps.onEvent?.(type, copy);
      })
      .catch((err: Error) => this.deps.onError(record.camera, `event ${record.id}: ${err.message}`));
    o.chain = write;
    this.writes.add(write);
    own(
      write.finally(() => this.writes.delete(write)),
      (err) => this.deps.onError(record.camera, err.message),
    );
  }
}

/** Marks the entries of objects whose pictures were just written (new entries, as left() makes: writes queued hold the old ones). */
function markPictured(list: EventObject[] | undefined, shots: ReadonlyMap<number, Buffer>): void {
  for (const [i, o] of (list ?? []).entries()) if (o.id !== undefined && shots.has(o.id) && !o.picture) list![i] = { ...o, picture: true };
}

/** `objects` as this write holds them, each marked pictured when its picture is on disk by now. */
function pictured(objects: EventObject[], current: EventObject[] | undefined): EventObject[] {
  const done = new Set((current ?? []).flatMap((o) => (o.picture && o.id !== undefined ? [o.id] : [])));
  return objects.map((o) => (o.id !== undefined && done.has(o.id) && !o.picture ? { ...o, picture: true } : o));
}

async function thumbnailOf(jpeg: Buffer): Promise<Buffer> {
  return (await sharpResize(jpeg, THUMBNAIL_WIDTH, 75)).jpeg;
}
