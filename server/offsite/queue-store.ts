/**
 * The copy queue's state in the data folder (`offsite/queue.json`), written through DataFile (whole,
 * flushed, one write at a time with the newest state after it, and a last good copy), so a relay
 * killed mid-write leaves the old state or the new, never half of one.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DataFile } from '../config/data-file.js';
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
  private readonly data: DataFile;
  private pending: QueueState | null = null;
  private queued = false;

  /** `name`: the file's name in `dir` (each node of a cluster sharing the data folder has its own). */
  constructor(
    dir: string,
    private readonly onError: (message: string) => void,
    name = 'queue.json',
  ) {
    this.file = path.join(dir, name);
    this.data = new DataFile(this.file, { warn: onError, check: (v) => typeof v === 'object' && v !== null && !Array.isArray(v) });
  }

  /** The saved state; null when there is none. A damaged file is restored from its last good copy, or reported and started afresh. */
  load(): QueueState | null {
    const raw = this.data.read() as Partial<QueueState> | undefined;
    if (!raw) return null;
    return { jobs: (Array.isArray(raw.jobs) ? raw.jobs : []).filter(isJob), day: String(raw.day ?? ''), bytesToday: Number(raw.bytesToday) || 0 };
  }

  save(state: QueueState): void {
    // A copy now: the queue goes on changing its jobs while this waits.
    this.pending = { ...state, jobs: state.jobs.map((j) => ({ ...j, status: { ...j.status } })) };
    if (this.queued) return; // the write waiting takes this state when its turn comes
    this.queued = true;
    const write = this.data.write(() => {
      this.queued = false;
      mkdirSync(path.dirname(this.file), { recursive: true });
      return JSON.stringify(this.pending);
    });
    // The queue goes on from memory; the next save tries again.
    write.catch((err: Error) => this.onError(`${this.file} cannot be written: ${err.message}`));
  }

  /** Resolves when the newest state is on disk. */
  async flush(): Promise<void> {
    await this.data.flush();
  }
}
