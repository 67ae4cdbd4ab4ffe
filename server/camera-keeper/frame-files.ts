/**
 * The newest frame of each camera on disk (`<dir>/<id>.jpg`), so an offline camera still has a
 * picture after a restart. Off the hot path: a frame is only remembered when it comes, and written
 * at most once every `everyMs` per camera, asynchronously; newest wins (one write in flight and
 * one frame waiting per camera, never a queue). The file's mtime is the frame's arrival time.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, statSync } from 'node:fs';
import { open, readdir, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CAMERA_ID_PATTERN } from '../../shared/protocol.js';
import { own } from '../../common/own.js';

/** A frame read back from the disk. */
export interface StoredFrame {
  jpeg: Buffer;
  /** When the frame arrived at the relay, ms since the epoch. */
  at: number;
}

/** How often FrameFiles writes, and where it reports failures. */
export interface FrameFilesOptions {
  /** Least time between two writes of one camera's frame. */
  everyMs?: number;
  now?: () => number;
  /** A write failed (disk full, folder read-only); told once until a write succeeds again. */
  onError?: (err: Error) => void;
}

/** A temporary file this old is left over from a crash, not a write under way on another node. */
const STALE_TMP_MS = 60_000;

interface Slot {
  waiting: StoredFrame | null;
  writing: Promise<void> | null;
  timer: NodeJS.Timeout | undefined;
  lastWriteAt: number;
  removed: boolean;
}

/** The last frame of each camera, one file each, written off the hot path. */
export class FrameFiles {
  private readonly slots = new Map<string, Slot>();
  private readonly everyMs: number;
  private readonly now: () => number;
  private failing = false;
  private closed = false;
  /** Frames written, for tests and the logs. */
  written = 0;

  constructor(
    private readonly dir: string,
    private readonly options: FrameFilesOptions = {},
  ) {
    this.everyMs = options.everyMs ?? 5000;
    this.now = options.now ?? Date.now;
    mkdirSync(dir, { recursive: true });
  }

  /** A new frame of a camera this node has: written now if the last write is old enough, else later. */
  offer(cameraId: string, jpeg: Buffer, at: number): void {
    if (this.closed) return;
    let slot = this.slots.get(cameraId);
    if (!slot) this.slots.set(cameraId, (slot = { waiting: null, writing: null, timer: undefined, lastWriteAt: -Infinity, removed: false }));
    slot.waiting = { jpeg, at };
    if (!slot.writing && !slot.timer) this.schedule(cameraId, slot);
  }

  /** The stored frame of a camera, or null when there is none. */
  async read(cameraId: string): Promise<StoredFrame | null> {
    const file = this.file(cameraId);
    if (!file) return null;
    try {
      const handle = await open(file, 'r');
      try {
        // One open file for both: a rename between a stat and a read would pair the wrong time.
        const stats = await handle.stat();
        return { jpeg: await handle.readFile(), at: Math.round(stats.mtimeMs) };
      } finally {
        await handle.close();
      }
    } catch {
      return null;
    }
  }

  /** When the stored frame of a camera arrived, or null (synchronous: for the start). */
  timeOf(cameraId: string): number | null {
    const file = this.file(cameraId);
    try {
      return file ? Math.round(statSync(file).mtimeMs) : null;
    } catch {
      return null;
    }
  }

  /** Deletes a camera's stored frame, after any write in flight (which would bring it back). */
  async remove(cameraId: string): Promise<void> {
    const slot = this.slots.get(cameraId);
    this.slots.delete(cameraId);
    if (slot) {
      slot.removed = true;
      clearTimeout(slot.timer);
      await slot.writing;
    }
    const file = this.file(cameraId);
    if (file) await rm(file, { force: true }).catch(() => {});
  }

  /**
   * Deletes the frames of cameras not in `keep` and temporary files left by a crash, so the folder
   * holds at most one file per saved camera whatever happened to the list.
   */
  async prune(keep: (cameraId: string) => boolean): Promise<void> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    await Promise.all(
      names.map(async (name) => {
        const file = path.join(this.dir, name);
        const jpg = /^(.+)\.jpg$/.exec(name);
        if (jpg && !keep(jpg[1]!) && !this.slots.has(jpg[1]!)) return rm(file, { force: true });
        if (!name.endsWith('.tmp')) return;
        const stats = await stat(file).catch(() => null);
        if (stats && this.now() - stats.mtimeMs >= STALE_TMP_MS) await rm(file, { force: true });
      }),
    ).catch(() => {});
  }

  /** Writes every frame still waiting, and resolves when all writes are done (shutdown). */
  async close(): Promise<void> {
    this.closed = true;
    const flush = async (id: string, slot: Slot) => {
      clearTimeout(slot.timer);
      while (slot.writing) await slot.writing;
      await this.write(id, slot);
    };
    await Promise.all([...this.slots].map(([id, slot]) => flush(id, slot)));
  }

  private schedule(cameraId: string, slot: Slot): void {
    const wait = slot.lastWriteAt + this.everyMs - this.now();
    if (wait <= 0) return own(this.write(cameraId, slot), (err) => this.options.onError?.(err));
    slot.timer = setTimeout(() => {
      slot.timer = undefined;
      own(this.write(cameraId, slot), (err) => this.options.onError?.(err));
    }, wait);
    slot.timer.unref();
  }

  private async write(cameraId: string, slot: Slot): Promise<void> {
    const frame = slot.waiting;
    const file = this.file(cameraId);
    if (!frame || !file || slot.removed || slot.writing) return;
    slot.waiting = null;
    slot.lastWriteAt = this.now();
    // A random name per write: nodes on different hosts sharing the folder may have the same pid.
    const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    slot.writing = (async () => {
      try {
        await writeFile(tmp, frame.jpeg, { mode: 0o600 });
        await utimes(tmp, frame.at / 1000, frame.at / 1000);
        await rename(tmp, file);
        this.written++;
        this.failing = false;
      } catch (err) {
        await rm(tmp, { force: true }).catch(() => {});
        if (!this.failing) this.options.onError?.(err as Error);
        this.failing = true;
      }
    })();
    await slot.writing;
    slot.writing = null;
    if (slot.waiting && !slot.removed && !this.closed) this.schedule(cameraId, slot);
  }

  private file(cameraId: string): string | null {
    // Ids are checked at every edge already; this keeps a path out of the folder whatever happens.
    return CAMERA_ID_PATTERN.test(cameraId) ? path.join(this.dir, `${cameraId}.jpg`) : null;
  }
}
