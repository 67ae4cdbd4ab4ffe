/**
 * What recordings may stay: each camera's retention days and quota, then the folder-wide floor of
 * free disk space, below which the oldest segments of any camera go first. When nothing is left to
 * delete and the floor is still not met, the disk is full: recorders stop, live viewing goes on.
 */
import { rmdir, statfs } from 'node:fs/promises';
import path from 'node:path';
import type { SegmentIndex } from './segment-index.js';
import type { SegmentRecord } from './segment-files.js';
import type { CameraRecording } from './settings.js';

const DAY_MS = 86_400_000;
const MB = 1024 * 1024;

export type DeleteReason = 'age' | 'quota' | 'floor';

export interface RetentionOptions {
  index: SegmentIndex;
  settingsOf(camera: string): CameraRecording;
  minFreeMb: number;
  /** Free bytes where recordings lie (statfs by default; tests give their own). */
  freeBytes?: () => Promise<number>;
  now?: () => number;
  onError?: (err: Error) => void;
}

export class Retention {
  readonly deleted: Record<DeleteReason, number> = { age: 0, quota: 0, floor: 0 };
  /** Bytes kept per camera, as of the last sweep. */
  readonly bytes = new Map<string, number>();
  diskFull = false;
  freeBytes: number | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly o: RetentionOptions) {}

  /** One pass over every camera; a pass already under way is joined, not repeated. */
  sweep(): Promise<void> {
    this.running ??= this.pass().finally(() => (this.running = null));
    return this.running;
  }

  private async pass(): Promise<void> {
    const now = (this.o.now ?? Date.now)();
    const kept: SegmentRecord[] = [];
    for (const camera of await this.o.index.cameras()) {
      const { retentionDays, quotaMb } = this.o.settingsOf(camera);
      const segments = await this.o.index.all(camera);
      let total = segments.reduce((sum, s) => sum + s.bytes, 0);
      for (const s of segments) {
        if (s.state === 'open') continue;
        const old = retentionDays > 0 && s.end < now - retentionDays * DAY_MS;
        const over = quotaMb > 0 && total > quotaMb * MB;
        if (old || over) {
          if (await this.remove(s, old ? 'age' : 'quota')) total -= s.bytes;
        } else kept.push(s);
      }
      this.bytes.set(camera, total);
      if (retentionDays > 0) await this.forgetEvents(camera, now - retentionDays * DAY_MS);
    }
    let free = await this.free();
    if (free === null) return;
    const floor = this.o.minFreeMb * MB;
    kept.sort((a, b) => a.start - b.start);
    for (const s of kept) {
      if (free >= floor) break;
      if (await this.remove(s, 'floor')) {
        free += s.bytes;
        this.bytes.set(s.camera, (this.bytes.get(s.camera) ?? s.bytes) - s.bytes);
      }
    }
    this.freeBytes = free;
    this.diskFull = free < floor;
  }

  /** Motion events that ended before `cutoff` go with the recordings of their time, their pictures with them. */
  private async forgetEvents(camera: string, cutoff: number): Promise<void> {
    for (const day of await this.o.index.daysOf(camera)) {
      if (Date.parse(day) + DAY_MS > cutoff) break;
      for (const e of (await this.o.index.day(camera, day)).events) {
        if ((e.end ?? e.start) >= cutoff) continue;
        await this.o.index.files.removeEvent(e).catch((err: Error) => this.o.onError?.(err));
      }
      await rmdir(this.o.index.files.dayDir(camera, day)).catch(() => undefined);
    }
  }

  private async free(): Promise<number | null> {
    try {
      if (this.o.freeBytes) return await this.o.freeBytes();
      const s = await statfs(this.o.index.files.root);
      return s.bavail * s.bsize;
    } catch (err) {
      this.o.onError?.(err as Error);
      return null;
    }
  }

  private async remove(s: SegmentRecord, reason: DeleteReason): Promise<boolean> {
    try {
      await this.o.index.files.remove(s);
      this.o.index.touched(s.camera, s.start);
      // The day's folder goes with its last file (it fails, as it should, while anything is left).
      await rmdir(path.dirname(this.o.index.files.mediaPath(s))).catch(() => undefined);
      this.deleted[reason]++;
      return true;
    } catch (err) {
      this.o.onError?.(err as Error);
      return false;
    }
  }
}
