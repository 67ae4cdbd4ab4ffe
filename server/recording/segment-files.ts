/**
 * Where recordings lie and what their sidecars say: `<root>/<camera>/<YYYY-MM-DD>/<start>.mp4|.mkv`
 * beside `<start>.json` and the detector's looks `<start>.looks.jsonl`, and motion events as
 * `<start>.event.json` (UTC days, start in ms since the epoch). Plain files: no store to install, any
 * node of a cluster reads what another wrote, and the index is rebuilt by listing folders.
 */
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeWholeAsync } from '../config/write-whole.js';
import { idOf, type EventPicture, type EventRecord } from '../events/event-record.js';
import { END_REASONS, type EndReason, type Segment } from '../../shared/segments.js';
import type { RecordingFormat } from './settings.js';

export { END_REASONS, idOf, type EndReason, type EventPicture, type EventRecord };

/**
 * One segment file as its sidecar describes it: the fields the API shows (a `Segment` without its
 * `url`, so the two cannot drift; routes.ts adds it), its camera, and who writes it.
 */
export interface SegmentRecord extends Omit<Segment, 'url'> {
  camera: string;
  /** Which process writes an open segment: a relay restarted on the same host knows at once that it is gone. */
  writer?: { host: string; pid: number };
}

export const SEGMENT_ID = /^\d{13}$/;
const SIDECAR = /^(\d{13})\.json$/;
const EVENT = /^(\d{13})\.event\.json$/;
const MEDIA = /^(\d{13})\.(mp4|mkv)$/;
const PICTURE = /^(\d{13})\.(snapshot|thumbnail)\.jpg$/;
const LOOKS = /^(\d{13})\.looks\.jsonl$/;
export const DAY = /^\d{4}-\d{2}-\d{2}$/;

export const extensionOf = (format: RecordingFormat) => (format === 'h264' ? 'mp4' : 'mkv');
export const formatOf = (ext: string): RecordingFormat => (ext === 'mp4' ? 'h264' : 'jpeg');
export const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export class SegmentFiles {
  /** Told after every write or removal here, with the camera and start: the index drops that day from its cache. */
  onChange: ((camera: string, start: number) => void) | null = null;

  constructor(readonly root: string) {}

  cameraDir(camera: string): string {
    return path.join(this.root, camera);
  }

  dayDir(camera: string, day: string): string {
    return path.join(this.root, camera, day);
  }

  mediaPath(s: Pick<SegmentRecord, 'camera' | 'id' | 'format' | 'start'>): string {
    return path.join(this.dayDir(s.camera, dayOf(s.start)), `${s.id}.${extensionOf(s.format)}`);
  }

  sidecarPath(s: Pick<SegmentRecord, 'camera' | 'id' | 'start'>): string {
    return path.join(this.dayDir(s.camera, dayOf(s.start)), `${s.id}.json`);
  }

  /** The detector's looks kept while the segment was written (look-log.ts), one JSON line each. */
  looksPath(s: Pick<SegmentRecord, 'camera' | 'id' | 'start'>): string {
    return path.join(this.dayDir(s.camera, dayOf(s.start)), `${s.id}.looks.jsonl`);
  }

  eventPath(e: Pick<EventRecord, 'camera' | 'id' | 'start'>): string {
    return path.join(this.dayDir(e.camera, dayOf(e.start)), `${e.id}.event.json`);
  }

  picturePath(e: Pick<EventRecord, 'camera' | 'id' | 'start'>, picture: EventPicture): string {
    return path.join(this.dayDir(e.camera, dayOf(e.start)), `${e.id}.${picture}.jpg`);
  }

  /** An event's picture, written whole like the rest: a reader never sees half a JPEG. */
  async writePicture(record: EventRecord, picture: EventPicture, jpeg: Buffer): Promise<void> {
    await mkdir(this.dayDir(record.camera, dayOf(record.start)), { recursive: true });
    await atomicWrite(this.picturePath(record, picture), jpeg);
  }

  /** Deletes an event with its pictures (an object's too when its record does not say it was written: a crash between the two). */
  async removeEvent(record: EventRecord): Promise<void> {
    const objects = (record.objects ?? []).flatMap((o) => (o.id !== undefined ? [`object-${o.id}` as const] : []));
    for (const picture of ['snapshot', 'thumbnail', ...objects] as const) await rm(this.picturePath(record, picture), { force: true });
    await rm(this.eventPath(record), { force: true });
    this.onChange?.(record.camera, record.start);
  }

  /** Written whole or not at all (a temporary file renamed over it): a crash never leaves half a sidecar. */
  async writeSidecar(record: SegmentRecord): Promise<void> {
    await atomicWrite(this.sidecarPath(record), JSON.stringify(record));
    this.onChange?.(record.camera, record.start);
  }

  async writeEvent(record: EventRecord): Promise<void> {
    await mkdir(this.dayDir(record.camera, dayOf(record.start)), { recursive: true });
    await atomicWrite(this.eventPath(record), JSON.stringify(record));
    this.onChange?.(record.camera, record.start);
  }

  /** Deletes a segment, the media first: a sidecar left alone by a crash is dropped by the next scan. */
  async remove(record: SegmentRecord): Promise<void> {
    await rm(this.mediaPath(record), { force: true });
    await rm(this.looksPath(record), { force: true });
    await rm(this.sidecarPath(record), { force: true });
    this.onChange?.(record.camera, record.start);
  }
}

// Sidecars and events are many and each one's own: no writer queue, but the same whole, flushed write.
const atomicWrite = writeWholeAsync;

/** What the names in a day folder are: segments' sidecars and media, events' files and pictures. */
export function classify(name: string): { kind: 'sidecar' | 'event' | 'media' | 'picture' | 'looks'; id: string; ext?: string } | null {
  let m = SIDECAR.exec(name);
  if (m) return { kind: 'sidecar', id: m[1]! };
  m = EVENT.exec(name);
  if (m) return { kind: 'event', id: m[1]! };
  m = MEDIA.exec(name);
  if (m) return { kind: 'media', id: m[1]!, ext: m[2]! };
  m = PICTURE.exec(name);
  if (m) return { kind: 'picture', id: m[1]! };
  m = LOOKS.exec(name);
  if (m) return { kind: 'looks', id: m[1]! };
  return null;
}
