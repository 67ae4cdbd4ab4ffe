import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CopyQueue, type CopyJob, type CopyOutcome, type CopyQueueOptions, type QueueState } from '../../../server/offsite/copy-queue.js';

const T0 = Date.UTC(2026, 10, 24, 10, 0, 0);
const MB = 1024 * 1024;

/** A queue whose copies answer from a script, one outcome per try (copied 1 MB when the script is empty). */
function queueWith(script: CopyOutcome[] = [], o: Partial<CopyQueueOptions> = {}, saved: QueueState | null = null) {
  const tries: { job: string; allowance: number }[] = [];
  const saves: QueueState[] = [];
  const queue = new CopyQueue(
    {
      copy: async (job: CopyJob, allowance: number) => {
        tries.push({ job: job.id, allowance });
        return script.shift() ?? { kind: 'copied', bytes: MB };
      },
      save: (s) => saves.push(structuredClone(s)),
      maxWaiting: 500,
      parallel: 1,
      capBytes: 0,
      ...o,
    },
    saved,
  );
  return { queue, tries, saves };
}

const settle = () => vi.advanceTimersByTimeAsync(0);

describe('CopyQueue', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
  });
  afterEach(() => vi.useRealTimers());

  describe('#add', () => {
    it('copies an event once, and shows it copied', async () => {
      const { queue, tries } = queueWith();
      queue.add('door', '1', T0 - 5000, T0);
      queue.add('door', '1', T0 - 5000, T0);
      expect(queue.status('door', '1')).toMatchObject({ state: 'copying' });
      await settle();
      expect(tries.map((t) => t.job)).toEqual(['1']);
      expect(queue.status('door', '1')).toEqual({ state: 'copied', at: T0 });
      expect(queue.counts).toMatchObject({ copied: 1, bytes: MB });
    });

    it('waits until notBefore (the post-roll), then copies', async () => {
      const { queue, tries } = queueWith();
      queue.add('door', '1', T0 - 5000, T0, T0 + 10_000);
      expect(queue.status('door', '1')?.state).toBe('queued');
      await vi.advanceTimersByTimeAsync(9_999);
      expect(tries).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(1);
      expect(queue.status('door', '1')?.state).toBe('copied');
    });

    it('copies one at a time, first in first out', async () => {
      const order: string[] = [];
      let release: () => void = () => {};
      const { queue } = queueWith([], {
        copy: (job) => {
          order.push(job.id);
          return new Promise((resolve) => (release = () => resolve({ kind: 'copied', bytes: 1 })));
        },
      });
      for (const id of ['1', '2', '3']) queue.add('door', id, 0, 1);
      expect(queue.waiting()).toEqual({ queued: 2, copying: 1, failed: 0, held: 0 });
      for (let i = 0; i < 3; i++) {
        release();
        await settle();
      }
      expect(order).toEqual(['1', '2', '3']);
    });

    it('drops the oldest waiting event when the queue is full, and says so on it', async () => {
      const { queue } = queueWith([], { maxWaiting: 2, copy: () => new Promise(() => {}) });
      for (const id of ['1', '2', '3', '4']) queue.add('door', id, 0, 1);
      // 1 is under way; 2 made room for 4.
      expect(queue.status('door', '1')?.state).toBe('copying');
      expect(queue.status('door', '2')).toEqual({ state: 'failed', detail: 'queue full', at: T0 });
      expect(queue.status('door', '3')?.state).toBe('queued');
      expect(queue.status('door', '4')?.state).toBe('queued');
      expect(queue.counts.dropped).toBe(1);
    });
  });

  describe('retries', () => {
    it('retries after 10 s, 30 s, 2 min, 10 min, then every 30 min, with the reason and the time', async () => {
      const fail = (n: number): CopyOutcome[] => Array.from({ length: n }, () => ({ kind: 'failed', error: 'connection refused' }));
      const { queue, tries } = queueWith(fail(6));
      queue.add('door', '1', 0, 1);
      await settle();
      expect(queue.status('door', '1')).toEqual({ state: 'failed', detail: 'connection refused', at: T0, retryAt: T0 + 10_000 });
      const waits = [10_000, 30_000, 120_000, 600_000, 1_800_000, 1_800_000];
      for (const [i, ms] of waits.entries()) {
        await vi.advanceTimersByTimeAsync(ms - 1);
        expect(tries, `try ${i + 2} not before ${ms} ms`).toHaveLength(i + 1);
        await vi.advanceTimersByTimeAsync(1);
        expect(tries).toHaveLength(i + 2);
      }
      expect(queue.status('door', '1')?.state).toBe('copied');
      expect(queue.counts.failures).toBe(6);
    });

    it('gives up after 24 h of failures, and says so', async () => {
      const { queue } = queueWith([], { copy: async () => ({ kind: 'failed', error: 'no route to host' }) });
      queue.add('door', '1', 0, 1);
      await vi.advanceTimersByTimeAsync(24 * 3_600_000 + 60_000);
      const status = queue.status('door', '1')!;
      expect(status.state).toBe('failed');
      expect(status.detail).toBe('gave up after 24 h: no route to host');
      expect(status.retryAt).toBeUndefined();
      expect(queue.counts.gaveUp).toBe(1);
    });

    it('fails at once without retrying what can never be copied', async () => {
      const { queue, tries } = queueWith([{ kind: 'failed', error: 'the event was deleted', final: true }]);
      queue.add('door', '1', 0, 1);
      await vi.advanceTimersByTimeAsync(3_600_000);
      expect(tries).toHaveLength(1);
      expect(queue.status('door', '1')).toEqual({ state: 'failed', detail: 'the event was deleted', at: T0 });
    });

    it('keeps a clip that waits for its post-roll queued, without counting a failure', async () => {
      const { queue, tries } = queueWith([{ kind: 'wait', ms: 3000, why: 'waiting for the post-roll to be recorded' }]);
      queue.add('door', '1', 0, 1);
      await settle();
      expect(queue.status('door', '1')).toEqual({ state: 'queued', detail: 'waiting for the post-roll to be recorded', at: T0 });
      await vi.advanceTimersByTimeAsync(3000);
      expect(tries).toHaveLength(2);
      expect(queue.counts.failures).toBe(0);
    });
  });

  describe('the daily cap', () => {
    it('tells each copy what is left today, holds an event past it until the next UTC day', async () => {
      const script: CopyOutcome[] = [
        { kind: 'copied', bytes: 6 * MB },
        { kind: 'over', bytes: 6 * MB },
      ];
      const { queue, tries } = queueWith(script, { capBytes: 10 * MB });
      queue.add('door', '1', 0, 1);
      await settle();
      queue.add('door', '2', 0, 1);
      await settle();
      expect(tries.map((t) => t.allowance)).toEqual([10 * MB, 4 * MB]);
      const midnight = Date.UTC(2026, 10, 25);
      expect(queue.status('door', '2')).toEqual({ state: 'held', detail: 'daily cap of 10 MB reached', at: T0, retryAt: midnight });
      expect(queue.usedToday).toBe(6 * MB);
      await vi.advanceTimersByTimeAsync(midnight - T0);
      expect(tries.at(-1)).toEqual({ job: '2', allowance: 10 * MB });
      expect(queue.status('door', '2')?.state).toBe('copied');
    });

    it('fails an event larger than the whole cap (it would be held for ever)', async () => {
      const { queue } = queueWith([{ kind: 'over', bytes: 12 * MB }], { capBytes: 10 * MB });
      queue.add('door', '1', 0, 1);
      await settle();
      expect(queue.status('door', '1')).toEqual({ state: 'failed', detail: 'the event (12 MB) is larger than the daily cap of 10 MB', at: T0 });
    });
  });

  describe('restart', () => {
    it('goes on from the saved state: a copy cut short is redone, copied events stay copied, the day total holds', async () => {
      const { queue, saves } = queueWith([], { copy: () => new Promise(() => {}), capBytes: 10 * MB });
      queue.add('door', '1', 0, 1);
      queue.add('door', '2', 0, 1);
      const saved = { ...saves.at(-1)!, bytesToday: 3 * MB };
      saved.jobs.push({ camera: 'yard', id: '0', start: 0, end: 1, status: { state: 'copied', at: T0 }, failures: 0, failingSince: null, notBefore: 0 });
      queue.close();
      const next = queueWith([], { capBytes: 10 * MB }, saved);
      expect(next.queue.status('yard', '0')?.state).toBe('copied');
      await settle();
      await settle();
      expect(next.tries.map((t) => t.job)).toEqual(['1', '2']);
      expect(next.tries[0]!.allowance).toBe(7 * MB);
      expect(next.queue.status('door', '1')?.state).toBe('copied');
    });
  });
});
