/**
 * The queue in front of a detector: one waiting frame per camera, newest wins (a frame that waited
 * behind the detector is replaced by a newer one and counted as skipped), cameras served in turn,
 * up to `concurrency` frames in the detector at once (one per worker of a DetectorPool) and never
 * two of one camera. It never falls behind the live picture: at worst it detects fewer frames, and
 * says how many it skipped.
 */
import { CamrelayError } from '../../shared/errors.js';
import { NewestWins } from '../newest-wins.js';
import type { Box } from './boxes.js';
import type { DetectOutcome } from './detector.js';

export type QueueOutcome =
  /** `looked`: the regions the detector looked at (none: the whole picture), where an object unseen is missed. */
  | ({ kind: 'detected'; cameraId: string; waitedMs: number; looked?: readonly Box[] } & DetectOutcome)
  /** A newer frame of the same camera came before the detector was free. */
  | { kind: 'skipped'; cameraId: string }
  | { kind: 'failed'; cameraId: string; error: CamrelayError };

export interface CameraCounts {
  detected: number;
  skipped: number;
  failed: number;
}

interface Waiting {
  jpeg: Uint8Array;
  /** The regions to look at (regions.ts), or none: the whole picture. */
  regions: readonly Box[] | undefined;
  at: number;
  settle: (outcome: QueueOutcome) => void;
}

export class DetectQueue {
  private readonly slots = new Map<string, NewestWins<Waiting>>();
  private readonly counts = new Map<string, CameraCounts>();
  /** When each camera was last served, in frames served by the queue. */
  private readonly servedAt = new Map<string, number>();
  private served = 0;
  /** Cameras with a frame in the detector now. */
  private readonly inFlight = new Set<string>();
  private closed = false;

  /** `detect` is a Detector's or a DetectorPool's detect (or a stand-in in tests); `concurrency` its workers. */
  constructor(
    private readonly detect: (jpeg: Uint8Array, regions?: readonly Box[]) => Promise<DetectOutcome>,
    private readonly concurrency = 1,
  ) {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new TypeError(`concurrency must be a whole number of at least 1, not ${concurrency}.`);
  }

  /** Offers one frame of `cameraId`, to be looked at whole or at `regions`; resolves with its boxes, or as skipped or failed. It never rejects. */
  offer(cameraId: string, jpeg: Uint8Array, regions?: readonly Box[]): Promise<QueueOutcome> {
    if (this.closed) return Promise.resolve({ kind: 'failed', cameraId, error: new CamrelayError('DETECT_FAILED', 'The detection queue is closed.') });
    return new Promise((settle) => {
      let slot = this.slots.get(cameraId);
      if (!slot) {
        slot = new NewestWins<Waiting>((replaced) => {
          this.count(cameraId).skipped++;
          replaced.settle({ kind: 'skipped', cameraId });
        });
        this.slots.set(cameraId, slot);
      }
      slot.put({ jpeg, regions, at: performance.now(), settle });
      this.pump();
    });
  }

  /** Cameras with a look in the detector now: up to `concurrency`. */
  get running(): number {
    return this.inFlight.size;
  }

  /** Frames detected, skipped and failed per camera since the queue began (or the camera was forgotten). */
  stats(cameraId: string): CameraCounts {
    return { ...this.count(cameraId) };
  }

  /** Drops a camera's waiting frame (as skipped) and its counts: the camera is gone. */
  forget(cameraId: string): void {
    const waiting = this.slots.get(cameraId)?.take();
    waiting?.settle({ kind: 'skipped', cameraId });
    this.slots.delete(cameraId);
    this.counts.delete(cameraId);
    this.servedAt.delete(cameraId);
  }

  /** Settles every waiting frame as skipped; later offers fail. */
  close(): void {
    this.closed = true;
    for (const cameraId of [...this.slots.keys()]) this.forget(cameraId);
  }

  private count(cameraId: string): CameraCounts {
    let counts = this.counts.get(cameraId);
    if (!counts) this.counts.set(cameraId, (counts = { detected: 0, skipped: 0, failed: 0 }));
    return counts;
  }

  /** The waiting camera served longest ago (or never), so no camera starves another; none with a frame in the detector. */
  private next(): [string, Waiting] | null {
    let pick: string | null = null;
    for (const [cameraId, slot] of this.slots) {
      if (this.inFlight.has(cameraId)) continue;
      if (slot.waiting && (pick === null || (this.servedAt.get(cameraId) ?? -1) < (this.servedAt.get(pick) ?? -1))) pick = cameraId;
    }
    if (pick === null) return null;
    this.servedAt.set(pick, this.served++);
    return [pick, this.slots.get(pick)!.take()!];
  }

  private pump(): void {
    while (this.inFlight.size < this.concurrency) {
      const next = this.next();
      if (!next) return;
      this.send(...next);
    }
  }

  private send(cameraId: string, waiting: Waiting): void {
    this.inFlight.add(cameraId);
    const waitedMs = performance.now() - waiting.at;
    (waiting.regions?.length ? this.detect(waiting.jpeg, waiting.regions) : this.detect(waiting.jpeg))
      .then(
        (outcome) => {
          this.count(cameraId).detected++;
          const looked = waiting.regions?.length ? { looked: waiting.regions } : {};
          waiting.settle({ kind: 'detected', cameraId, waitedMs, ...looked, ...outcome });
        },
        (error: unknown) => {
          this.count(cameraId).failed++;
          const e = error instanceof CamrelayError ? error : new CamrelayError('DETECT_FAILED', error instanceof Error ? error.message : String(error));
          waiting.settle({ kind: 'failed', cameraId, error: e });
        },
      )
      .finally(() => {
        this.inFlight.delete(cameraId);
        this.pump();
      })
      .catch(() => {}); // settle and pump do not throw; this keeps the chain owned all the same
  }
}
