/**
 * The saved camera list, `cameras.json` in the data folder: every camera the relay has seen, with
 * the name, group and place in the list an admin gave it, so cameras outlive a restart and stay
 * listed, offline, until an admin deletes them. At most `maxCameras` entries, written atomically.
 * Nodes of a cluster share the folder: each write re-reads the file first and re-applies only this
 * node's own changes, in one synchronous step, and a change made elsewhere is read within a second.
 */
import { closeSync, fstatSync, mkdirSync, openSync, readFileSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { DataFile } from '../config/data-file.js';
import type { CameraSettings } from '../../shared/protocol.js';
import { applySighting, parseStoredCamera, type Sighting, type StoredCamera } from './stored-camera.js';

export type { Sighting, StoredCamera } from './stored-camera.js';

/** Limits and hooks of a CameraStore; only `maxCameras` is required. */
export interface CameraStoreOptions {
  maxCameras: number;
  /** Changes seen on the capture side are written together, at most this often. */
  saveDelayMs?: number;
  now?: () => number;
  /** A save in the background or a read failed: the relay goes on from memory. */
  onError?: (err: Error) => void;
}

const stampOf = (s: Stats) => `${s.ino}:${s.mtimeMs}:${s.size}`;

/** The saved camera list of one data folder, in memory, re-read when another process writes it. */
export class CameraStore {
  private entries = new Map<string, StoredCamera>();
  /** Sightings not written yet, re-applied over a newer file; `isNew`: the camera is not in any file yet. */
  private readonly pending = new Map<string, { sighting: Sighting; isNew: boolean }>();
  /** Ids of the file as last read or written: one missing from a newer file was deleted elsewhere. */
  private onDisk = new Set<string>();
  private stamp = '';
  private saveTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private watchTimer: NodeJS.Timeout | undefined;
  private readonly listeners = new Set<(removed: string[]) => void>();
  private readonly file: string;
  private readonly data: DataFile;
  private readonly now: () => number;

  constructor(
    dataDir: string,
    private readonly options: CameraStoreOptions,
  ) {
    this.file = path.resolve(dataDir, 'cameras.json');
    this.now = options.now ?? Date.now;
    mkdirSync(path.dirname(this.file), { recursive: true });
    this.data = new DataFile(this.file, { warn: (line) => options.onError?.(new Error(line)), check: Array.isArray });
    // Restores the last good copy of an invalid file before load() reads it: the next save would replace it with an empty list.
    this.data.read();
    this.load();
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  get(id: string): Readonly<StoredCamera> | undefined {
    return this.entries.get(id);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Every saved camera, in the order viewers see them. */
  list(): StoredCamera[] {
    return [...this.entries.values()].sort((a, b) => a.order - b.order).map((c) => ({ ...c }));
  }

  /**
   * Records what the node that has the camera sees; a new camera goes at the end of the list if
   * there is room (false: the list is full). Changes are saved within `saveDelayMs`, except a
   * newer `lastSeen` alone, which changes with every frame and waits for the next save.
   */
  note(id: string, sighting: Sighting): boolean {
    const entry = this.entries.get(id);
    if (!entry) {
      if (this.entries.size >= this.options.maxCameras) return false;
      this.entries.set(id, this.fresh(id, sighting));
      this.pending.set(id, { sighting, isNew: true });
      this.saveSoon();
      return true;
    }
    const changed = applySighting(entry, sighting);
    this.pending.set(id, { sighting, isNew: this.pending.get(id)?.isNew ?? false });
    if (changed) this.saveSoon();
    return true;
  }

  /** Sets what an admin gave; a camera not saved yet is added first, from `sighting`. Null: the list is full. */
  update(id: string, settings: CameraSettings, sighting: Sighting): StoredCamera | null {
    this.refresh();
    let entry = this.entries.get(id);
    if (!entry) {
      if (this.entries.size >= this.options.maxCameras) return null;
      this.entries.set(id, (entry = this.fresh(id, sighting)));
    }
    if (settings.name !== undefined) entry.name = settings.name;
    if (settings.group !== undefined) entry.group = settings.group;
    if (settings.sound !== undefined) entry.sound = settings.sound;
    this.save();
    return { ...entry };
  }

  /** Puts these cameras first, in this order, and the others after them as they were; unsaved ids are skipped. */
  reorder(ids: string[]): string[] {
    this.refresh();
    const first = ids.filter((id) => this.entries.has(id));
    const placed = new Set(first);
    const order = [
      ...first,
      ...this.list()
        .map((c) => c.id)
        .filter((id) => !placed.has(id)),
    ];
    order.forEach((id, i) => (this.entries.get(id)!.order = i));
    this.save();
    return order;
  }

  remove(id: string): boolean {
    this.refresh();
    this.pending.delete(id);
    if (!this.entries.delete(id)) return false;
    this.save();
    return true;
  }

  /** Re-reads the file when another process changed it. */
  watch(intervalMs = 1000): void {
    this.watchTimer = setInterval(() => this.refresh(), intervalMs);
    this.watchTimer.unref();
  }

  /** Hears every read of a file another process wrote, with the cameras it no longer has. */
  onReload(listener: (removed: string[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Saves within `saveDelayMs` (a camera went offline: its last sighting is worth keeping). */
  saveSoon(): void {
    if (this.saveTimer || this.closed) return;
    this.saveTimer = setTimeout(() => this.saveQuietly(), this.options.saveDelayMs ?? 1000);
    this.saveTimer.unref();
  }

  /** Writes what is not saved yet and stops watching. */
  close(): void {
    this.closed = true;
    clearInterval(this.watchTimer);
    if (this.pending.size > 0) this.saveQuietly();
    clearTimeout(this.saveTimer);
  }

  private fresh(id: string, s: Sighting): StoredCamera {
    const order = Math.max(-1, ...[...this.entries.values()].map((c) => c.order)) + 1;
    return {
      id,
      name: null,
      clientName: s.clientName,
      group: null,
      order,
      firstSeen: this.now(),
      lastSeen: s.lastSeen,
      width: s.width,
      height: s.height,
      sound: false,
    };
  }

  /** Reads the file again if another process wrote it since; this node's unsaved sightings are kept. */
  private refresh(): void {
    if (this.fileStamp() === this.stamp) return;
    const before = this.onDisk;
    if (!this.load()) return;
    for (const [id, p] of this.pending) {
      const entry = this.entries.get(id);
      if (entry) applySighting(entry, p.sighting);
      else if (p.isNew && this.entries.size < this.options.maxCameras) this.entries.set(id, this.fresh(id, p.sighting));
      else this.pending.delete(id); // deleted on another node: deletion wins
    }
    const removed = [...before].filter((id) => !this.entries.has(id));
    for (const l of this.listeners) l(removed);
  }

  /** False when the file exists but cannot be read: the list in memory stays as it is. */
  private load(): boolean {
    let raw: unknown = [];
    let stamp = '-';
    try {
      const fd = openSync(this.file, 'r');
      try {
        stamp = stampOf(fstatSync(fd));
        raw = JSON.parse(readFileSync(fd, 'utf8'));
      } finally {
        closeSync(fd);
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.stamp = stamp === '-' ? this.fileStamp() : stamp; // not every second: at its next change
        this.options.onError?.(new Error(`${this.file} could not be read (${(err as Error).message}); the next save replaces it.`));
        return false;
      }
    }
    const byId = new Map<string, StoredCamera>();
    for (const entry of Array.isArray(raw) ? raw.map(parseStoredCamera) : []) if (entry && !byId.has(entry.id)) byId.set(entry.id, entry);
    const list = [...byId.values()].sort((a, b) => a.order - b.order).slice(0, this.options.maxCameras);
    list.forEach((c, i) => (c.order = i));
    this.entries = new Map(list.map((c) => [c.id, c]));
    this.onDisk = new Set(this.entries.keys());
    this.stamp = stamp;
    return true;
  }

  private save(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    this.refresh();
    const list = this.list();
    // The stamp of what we wrote (a rename keeps inode and mtime): a later write by another node differs.
    this.stamp = stampOf(this.data.writeSync(JSON.stringify(list, null, 2) + '\n'));
    this.onDisk = new Set(list.map((c) => c.id));
    this.pending.clear();
  }

  private saveQuietly(): void {
    try {
      this.save();
    } catch (err) {
      this.options.onError?.(err as Error);
    }
  }

  private fileStamp(): string {
    try {
      return stampOf(statSync(this.file));
    } catch {
      return '-';
    }
  }
}
