/**
 * The index of segments and events: the day folders, read on demand and cached until a folder's
 * mtime changes (another node of a cluster wrote there, or a recorder here did). Nothing else is
 * kept, so a restart "rebuilds" it by reading the folders again; `repair()` at start closes what a
 * killed relay left open. Requests reach files only through records found here.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { CAMERA_ID_PATTERN } from '../../shared/protocol.js';
import { bareRecord, listDir, readJson } from './day-folder.js';
import { asInterrupted, repair, type Repaired } from './repair.js';
import { classify, DAY, dayOf, END_REASONS, formatOf, SEGMENT_ID, type EventRecord, type SegmentFiles, type SegmentRecord } from './segment-files.js';
import { writerGone } from './writer-gone.js';

export { STALE_OPEN_MS, writerGone } from './writer-gone.js';

/** A folder's mtime moves in coarse ticks: a read this close after a change may have missed a second change in the same tick. */
const MTIME_SETTLE_MS = 1000;

interface Day {
  mtimeMs: number;
  scannedAt: number;
  segments: SegmentRecord[];
  events: EventRecord[];
}

export class SegmentIndex {
  private readonly days = new Map<string, Day>();

  constructor(
    readonly files: SegmentFiles,
    private readonly now: () => number = Date.now,
  ) {
    // Writes made here are known at once; other nodes' writes are seen by the folder's mtime.
    files.onChange = (camera, start) => this.touched(camera, start);
  }

  /** Cameras with a folder of recordings. */
  async cameras(): Promise<string[]> {
    return (await listDir(this.files.root)).filter((n) => CAMERA_ID_PATTERN.test(n)).sort();
  }

  /** A camera's day folders, oldest first. */
  async daysOf(camera: string): Promise<string[]> {
    return (await listDir(this.files.cameraDir(camera))).filter((n) => DAY.test(n)).sort();
  }

  /** One day of a camera, from the cache while its folder is unchanged. */
  async day(camera: string, day: string): Promise<Day> {
    const key = `${camera}/${day}`;
    const dir = this.files.dayDir(camera, day);
    const mtimeMs = await stat(dir).then(
      (s) => s.mtimeMs,
      () => -1,
    );
    const cached = this.days.get(key);
    // An open segment can go stale with no change to the folder: those days are read again.
    if (cached && cached.mtimeMs === mtimeMs && cached.scannedAt - mtimeMs > MTIME_SETTLE_MS && !cached.segments.some((s) => s.state === 'open')) return cached;
    const read = mtimeMs < 0 ? { mtimeMs, scannedAt: Date.now(), segments: [], events: [] } : await this.scan(camera, dir, mtimeMs);
    this.days.set(key, read);
    return read;
  }

  /** Segments and events of a camera that overlap [from, to), oldest first. */
  async range(camera: string, from: number, to: number): Promise<{ segments: SegmentRecord[]; events: EventRecord[] }> {
    const segments: SegmentRecord[] = [];
    const events: EventRecord[] = [];
    // A segment may start the day before `from` (at most one segment's length): that day is read too.
    for (const day of await this.daysOf(camera)) {
      if (day < dayOf(from - 86_400_000) || day > dayOf(to)) continue;
      const d = await this.day(camera, day);
      segments.push(...d.segments.filter((s) => s.end > from && s.start < to));
      events.push(...d.events.filter((e) => (e.end ?? Infinity) > from && e.start < to));
    }
    return { segments, events };
  }

  /** Every segment of a camera, oldest first (retention). */
  async all(camera: string): Promise<SegmentRecord[]> {
    const all: SegmentRecord[] = [];
    for (const day of await this.daysOf(camera)) all.push(...(await this.day(camera, day)).segments);
    return all;
  }

  /** The segment with this id, or null: the only way a request reaches a recording's file. */
  async segment(camera: string, id: string): Promise<SegmentRecord | null> {
    if (!CAMERA_ID_PATTERN.test(camera) || !SEGMENT_ID.test(id)) return null;
    const d = await this.day(camera, dayOf(Number(id)));
    return d.segments.find((s) => s.id === id) ?? null;
  }

  /** The event with this id, or null: the only way a request reaches an event's pictures. */
  async event(camera: string, id: string): Promise<EventRecord | null> {
    if (!CAMERA_ID_PATTERN.test(camera) || !SEGMENT_ID.test(id)) return null;
    const d = await this.day(camera, dayOf(Number(id)));
    return d.events.find((e) => e.id === id) ?? null;
  }

  /** Forgets a cached day (a recorder here changed it and wants the next read fresh). */
  touched(camera: string, start: number): void {
    this.days.delete(`${camera}/${dayOf(start)}`);
  }

  /** At start: closes what a killed relay of this host left open (segments and events), drops sidecars whose media is gone. */
  async repair(): Promise<Repaired> {
    return repair(this, this.now());
  }

  private async scan(camera: string, dir: string, mtimeMs: number): Promise<Day> {
    const scannedAt = Date.now();
    const names = await listDir(dir);
    const media = new Map<string, string>();
    const sidecars = new Set<string>();
    const events: EventRecord[] = [];
    for (const name of names) {
      const c = classify(name);
      if (c?.kind === 'media') media.set(c.id, c.ext!);
      else if (c?.kind === 'sidecar') sidecars.add(c.id);
      else if (c?.kind === 'event') {
        const e = await readJson<EventRecord>(path.join(dir, name));
        if (e && e.id === c.id && e.camera === camera) events.push(e);
      }
    }
    const segments: SegmentRecord[] = [];
    for (const [id, ext] of media) {
      const file = path.join(dir, `${id}.${ext}`);
      const info = await stat(file).catch(() => null);
      if (!info) continue;
      const side = sidecars.has(id) ? await readJson<SegmentRecord>(path.join(dir, `${id}.json`)) : null;
      // A media file with no (readable) sidecar: killed before its first sidecar was written.
      let record: SegmentRecord =
        side && side.id === id && side.camera === camera && side.format === formatOf(ext)
          ? { ...side, bytes: info.size }
          : bareRecord(camera, id, ext, info, this.now());
      if (record.endReason !== null && !END_REASONS.includes(record.endReason)) record.endReason = 'error';
      if (record.state === 'open') {
        const sidecarMs = await stat(path.join(dir, `${id}.json`)).then(
          (s) => s.mtimeMs,
          () => info.mtimeMs,
        );
        // Gone meanwhile (another node of the cluster died): listed as its file really is, the sidecar left to that node's restart.
        if (writerGone(record, { mediaMs: info.mtimeMs, sidecarMs }, this.now())) record = await asInterrupted(this.files, record, info.size);
      }
      segments.push(record);
    }
    segments.sort((a, b) => a.start - b.start);
    events.sort((a, b) => a.start - b.start);
    return { mtimeMs, scannedAt, segments, events };
  }
}
