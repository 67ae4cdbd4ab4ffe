/**
 * Which review items each user has seen (#57 item 4): `review-seen.json` in the data folder, written
 * through DataFile, the one place that reads and writes it. Marks live in memory per user (a Map of
 * `camera/eventId` → the event's start) and every change is written whole, one write at a time: two tabs
 * of one user marking at once both land, as the second write takes the memory both changed.
 */
import path from 'node:path';
import { REVIEW_MARKS_PER_USER } from '../../shared/review.js';
import { DataFile } from '../config/data-file.js';

/** One item to mark: its key and its event's start, by which the oldest marks go first. */
export interface SeenMark {
  key: string;
  start: number;
}

/** Options of a SeenStore; the cap is a setting only so that tests need not write 20,000 marks. */
export interface SeenStoreOptions {
  /** Told when the file was invalid at start and what was restored. */
  warn?: (line: string) => void;
  marksPerUser?: number;
}

/** As saved: `[{ user, marks: [[key, start], ...] }, ...]`; arrays, so no client-given key becomes an object's key. */
type SavedUser = { user: string; marks: [string, number][] };

/** Users read from the file at most: far more accounts than a relay has. */
const USERS_READ_MAX = 10_000;

export class SeenStore {
  /** Maps, not objects: usernames and keys come from clients. */
  private readonly users = new Map<string, Map<string, number>>();
  private readonly file: DataFile;
  private readonly cap: number;

  constructor(dataDir: string, options: SeenStoreOptions = {}) {
    this.cap = options.marksPerUser ?? REVIEW_MARKS_PER_USER;
    this.file = new DataFile(path.join(dataDir, 'review-seen.json'), { warn: options.warn, check: Array.isArray });
    this.load(this.file.read());
  }

  /** Whether `user` has seen the item `key`. */
  has(user: string, key: string): boolean {
    return this.users.get(user)?.has(key) ?? false;
  }

  /** The number of marks `user` holds. */
  count(user: string): number {
    return this.users.get(user)?.size ?? 0;
  }

  /**
   * Marks items seen (or unseen with `seen` false) for `user` and saves; resolves with how many changed,
   * once on disk. Past the cap, the marks of the oldest events go first.
   */
  async mark(user: string, items: readonly SeenMark[], seen = true): Promise<number> {
    let marks = this.users.get(user);
    let changed = 0;
    if (seen) {
      if (!marks) this.users.set(user, (marks = new Map()));
      for (const { key, start } of items) {
        if (marks.get(key) === start) continue;
        marks.set(key, start);
        changed++;
      }
      this.trim(marks);
    } else if (marks) {
      for (const { key } of items) if (marks.delete(key)) changed++;
    }
    if (marks?.size === 0) this.users.delete(user);
    if (changed > 0) await this.save();
    return changed;
  }

  /** Drops every mark of users not in `known` (accounts deleted); resolves once saved. */
  async keepOnly(known: ReadonlySet<string>): Promise<void> {
    let dropped = false;
    for (const user of this.users.keys()) if (!known.has(user)) dropped = this.users.delete(user) || dropped;
    if (dropped) await this.save();
  }

  /** Resolves when every write asked for is on disk. */
  flush(): Promise<void> {
    return this.file.flush();
  }

  private trim(marks: Map<string, number>): void {
    if (marks.size <= this.cap) return;
    const oldest = [...marks].sort((a, b) => a[1] - b[1]).slice(0, marks.size - this.cap);
    for (const [key] of oldest) marks.delete(key);
  }

  /** Memory stays as it is when the disk refuses a write: the next write carries it, and marks are not worth losing. */
  private save(): Promise<void> {
    return this.file.write(() => JSON.stringify([...this.users].map(([user, marks]): SavedUser => ({ user, marks: [...marks] }))));
  }

  /** What was saved; an entry that does not check out (a hand edit) is skipped rather than stopping the relay. */
  private load(raw: unknown): void {
    if (!Array.isArray(raw)) return;
    for (const entry of raw.slice(0, USERS_READ_MAX) as unknown[]) {
      if (typeof entry !== 'object' || entry === null) continue;
      const { user, marks } = entry as Partial<SavedUser>;
      if (typeof user !== 'string' || !Array.isArray(marks)) continue;
      const map = new Map<string, number>();
      for (const mark of marks.slice(-this.cap * 2) as unknown[]) {
        if (Array.isArray(mark) && typeof mark[0] === 'string' && Number.isFinite(mark[1])) map.set(mark[0], mark[1] as number);
      }
      this.trim(map);
      if (map.size) this.users.set(user, map);
    }
  }
}
