/**
 * One camera recorder's write queue (camera-recorder.ts's seam, #56 item 8): what passed the motion gate waits here,
 * bounded in items and bytes, its overflow dropped and counted, while one pump writes it through the segment writer,
 * so a slow disk or encoder costs recorded frames, never live ones. A write that fails fails this camera's recorder
 * for `retryMs` (said once), never the relay.
 */
import type { ByteBudget } from './byte-budget.js';
import type { EndReason } from './segment-files.js';
import type { SegmentWriter } from './segment-writer.js';
import type { Queued, RecorderDeps, RecorderDrop } from './recorder-types.js';
import type { CameraRecording } from './settings.js';

type Item = Queued | { close: EndReason };

/** What the queue counts, shared with its recorder's status. */
export interface WriteCounts {
  kept: number;
  dropped: Record<RecorderDrop, number>;
}

export interface WriteQueueDeps extends Pick<RecorderDeps, 'diskFull' | 'onError' | 'retryMs'> {
  writer: SegmentWriter;
  bytes: ByteBudget;
  counts: WriteCounts;
  now: () => number;
  /** The camera's settings now (its format and fps), and the most items that may wait. */
  settings: () => CameraRecording;
  limit: () => number;
  /** An H.264 unit was lost here: the recorder's intake drops up to the next keyframe. */
  lostH264: () => void;
}

export class WriteQueue {
  private queue: Item[] = [];
  private pumping = false;
  /** Told when the pump has emptied the queue: each close() under way. */
  private readonly idle = new Set<() => void>();
  private failedUntil = 0;
  private lastError: string | null = null;

  constructor(private readonly deps: WriteQueueDeps) {}

  get length(): number {
    return this.queue.length;
  }

  get bytes(): number {
    return this.deps.bytes.used;
  }

  /** True while a failure holds the recorder off (it retries after `retryMs`). */
  get failing(): boolean {
    return this.deps.now() < this.failedUntil;
  }

  get error(): string | null {
    return this.lastError;
  }

  /** An item to write, or dropped and counted (the disk full, a failure, the queue full). */
  push(item: Queued): void {
    const lost = (reason: RecorderDrop) => {
      this.deps.counts.dropped[reason]++;
      if (item.h264) this.deps.lostH264();
    };
    if (this.deps.diskFull()) {
      lost('disk_full');
      this.closeAfter('disk-full');
      return;
    }
    if (this.failing) return lost('error');
    if (this.queue.length >= this.deps.limit() || this.deps.bytes.take(item.jpeg.length) !== null) return lost('queue_full');
    this.queue.push(item);
    this.pump();
  }

  /** Ends the open segment as `reason` once what is queued before is written. */
  closeAfter(reason: EndReason): void {
    const last = this.queue.at(-1);
    if (last && 'close' in last) return;
    if (!this.deps.writer.record && this.queue.length === 0) return;
    this.queue.push({ close: reason });
    this.pump();
  }

  /** Until the pump has written what is queued, or `graceMs` has passed: a stuck encoder must not hold up the relay's stop. */
  drained(graceMs: number): Promise<void> {
    if (!this.pumping && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.idle.delete(done);
        resolve();
      };
      const timer = setTimeout(done, graceMs);
      this.idle.add(done);
    });
  }

  /** Lets go of the frames waiting (a failure, the relay stopping): only the queued closes stay. */
  drop(): void {
    for (const item of this.queue) if (!('close' in item)) this.deps.bytes.give(item.jpeg.length);
    this.queue = this.queue.filter((i) => 'close' in i);
  }

  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    // The pump's owner: a throw anywhere in a write fails this camera's recorder (stated, retried after
    // retryMs), never the relay (#37: a RangeError here used to be an unhandled rejection that ended it).
    this.drain()
      .catch((err: unknown) => this.failed(`the recorder failed: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        this.pumping = false;
        for (const told of [...this.idle]) told();
      })
      .catch(() => {});
  }

  private async drain(): Promise<void> {
    const { writer, counts, bytes } = this.deps;
    while (this.queue.length > 0) {
      const item = this.queue.shift()!;
      if ('close' in item) {
        writer.end(item.close);
        continue;
      }
      bytes.give(item.jpeg.length);
      const settings = this.deps.settings();
      const outcome = await writer.write(item, settings.format, Math.round(1000 / settings.fps));
      if (outcome === 'written') counts.kept += item.aac ? 0 : 1;
      else if (outcome === 'size_change' || outcome === 'start_limit' || outcome === 'uplink') counts.dropped[outcome]++;
      else this.failed(writer.failure ?? 'the recorder failed');
    }
  }

  private failed(why: string): void {
    this.lastError = why;
    this.deps.onError(why);
    this.failedUntil = this.deps.now() + (this.deps.retryMs ?? 5000);
    this.deps.writer.failure = null;
    this.deps.writer.end('error');
    this.drop();
  }
}
