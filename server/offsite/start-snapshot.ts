/**
 * An event's snapshot sent the moment the event starts, before its clip exists: a recorder carried
 * off or unplugged in the middle of an event (the case frigate #12643 asks about) has still sent
 * its first picture. Best effort: one at a time (a burst of starts sends the first), none that
 * would pass today's cap (not added to it: the event's own copy counts the snapshot). The event's
 * queued copy at its end sends the snapshot again under the same name, so a failure here loses
 * nothing and a success duplicates nothing.
 */
import { dayOf, type EventRecord } from '../recording/segment-files.js';
import { remotePath, type CopyResult } from './rclone.js';
import { own, unexpected } from '../../common/own.js';

export interface StartSnapshotDeps {
  /** rclone's copy of one file (rclone.ts `rcloneCopy`). */
  copy(from: string, to: string): Promise<CopyResult>;
  remote: string;
  /** Where the event's snapshot lies on the relay's disk. */
  localPath(record: EventRecord): string;
  /** False when this snapshot should not go now: rclone missing, or it would pass today's cap. */
  allowed(local: string): boolean;
  failed(record: EventRecord, error: string): void;
}

export class StartSnapshots {
  private busy = false;
  /** Snapshots sent at their event's start, and those that failed (counted in /metrics). */
  sent = 0;
  failures = 0;

  constructor(private readonly d: StartSnapshotDeps) {}

  /** An event started with its snapshot on disk. */
  started(record: EventRecord): void {
    const local = this.d.localPath(record);
    if (this.busy || !record.pictures || !this.d.allowed(local)) return;
    this.busy = true;
    const to = remotePath(this.d.remote, `${record.camera}/${dayOf(record.start)}/${record.id}.jpg`);
    const copy = this.d
      .copy(local, to)
      .then((done) => {
        if (done.ok) this.sent++;
        else {
          this.failures++;
          this.d.failed(record, done.error);
        }
      })
      .finally(() => (this.busy = false));
    own(copy, unexpected('an off-site snapshot copy'));
  }
}
