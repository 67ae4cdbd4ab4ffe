/**
 * The copy queue's state in the data folder (`offsite/queue.json`), replaced whole and atomically
 * (a temp file renamed over it), so a relay killed mid-write leaves the old state or the new, never
 * half of one. Writes are coalesced: one under way, the newest state written after it.
 */
import { readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { OFFSITE_STATES } from '../../shared/events.js';
import type { CopyJob, QueueState } from './copy-queue.js';

const isJob = (j: unknown): j is CopyJob => {
  const o = j as Partial<CopyJob> | null;
  return (
    typeof o?.camera === 'string' &&
    typeof o.id === 'string' &&
    typeof o.start === 'number' &&
    typeof o.end === 'number' &&
    typeof o.notBefore === 'number' &&
    typeof o.failures === 'number' &&
    OFFSITE_STATES.includes(o.status?.state as CopyJob['status']['state'])
  );
};

export class QueueStore {
  readonly file: string;
  private pending: QueueState | null = null;
  private writing: Promise<void> | null = null;

  /** `name`: the file's name in `dir` (each node of a cluster sharing the data folder has its own). */
  constructor(
    dir: string,
    private readonly onError: (message: string) => void,
    name = 'queue.json',
  ) {
    this.file = path.join(dir, name);
  }

  /** The saved state; null when there is none. A damaged file is reported and started afresh (its events are not copied). */
  load(): QueueState | null {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return null;
    }
    try {
      const raw = JSON.parse(text) as Partial<QueueState>;
      return { jobs: (Array.isArray(raw.jobs) ? raw.jobs : []).filter(isJob), day: String(raw.day ?? ''), bytesToday: Number(raw.bytesToday) || 0 };
    } catch (err) {
      this.onError(`${this.file} cannot be read (${(err as Error).message}): the off-site queue starts empty`);
      return null;
    }
  }

  save(state: QueueState): void {
    // A copy now: the queue goes on changing its jobs while this waits.
    this.pending = { ...state, jobs: state.jobs.map((j) => ({ ...j, status: { ...j.status } })) };
    this.writing ??= this.drain();
  }

  /** Resolves when the newest state is on disk. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending) {
        const state = this.pending;
        this.pending = null;
        await mkdir(path.dirname(this.file), { recursive: true });
        await writeFile(`${this.file}.tmp`, JSON.stringify(state));
        await rename(`${this.file}.tmp`, this.file);
      }
    } catch (err) {
      this.onError(`${this.file} cannot be written: ${(err as Error).message}`);
    } finally {
      this.writing = null;
    }
  }
}
