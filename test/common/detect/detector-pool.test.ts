/**
 * A pool of two real workers on the real model: two looks run at once (one in each worker), one
 * worker's crash leaves the other serving while it restarts, and a size the machine cannot run is refused.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badWorkerCount, DetectorPool } from '../../../common/detect/detector-pool.js';
import { CamrelayError } from '../../../shared/errors.js';
import { detectModelDir } from '../../helpers/detect-model.js';
import { waitFor } from '../../helpers/wait.js';

const photo = (name: string) => readFileSync(new URL(`../../fixtures/detect/${name}`, import.meta.url));

describe('DetectorPool', () => {
  describe('#ctor', () => {
    it('refuses a number of workers that is not a whole number from 1 to the machine’s cores', () => {
      const cores = availableParallelism();
      for (const n of [0, cores + 1, 1.5]) {
        expect(() => new DetectorPool({ workers: n })).toThrow(
          `The number of detection workers must be a whole number from 1 to ${cores} (this machine's cores), not ${n}.`,
        );
      }
      expect(badWorkerCount(2, 2)).toBeNull();
      expect(badWorkerCount(3, 2)).toContain('from 1 to 2');
    });
  });

  describe('with two workers', () => {
    let pool: DetectorPool;
    const logged: string[] = [];

    beforeAll(async () => {
      pool = new DetectorPool({ workers: 2, modelDir: await detectModelDir(), log: (l) => logged.push(l), restartDelayMs: 50 });
      await pool.start();
    }, 120_000);

    afterAll(() => pool?.close());

    it('runs two looks at once, one in each worker, with the same boxes as one at a time', async () => {
      const first = pool.detect(photo('jockey.jpg'));
      const second = pool.detect(photo('taxis.jpg'));
      // Both are in a worker now: neither waits behind the other.
      expect(pool.workers.map((w) => w.held)).toEqual([1, 1]);
      const [a, b] = await Promise.all([first, second]);
      expect(a.detections.some((d) => d.label === 'person')).toBe(true);
      expect(b.detections.some((d) => d.label === 'car')).toBe(true);
    }, 60_000);

    it('goes on serving with one worker while the other restarts after a crash', async () => {
      const held = pool.detect(photo('taxis.jpg')).catch((e: unknown) => e);
      pool.crashForTest(0);
      const outcome = (await held) as CamrelayError | { detections: unknown };
      // The crash may come before or after the frame's answer: either it failed with the code or it was answered.
      if (outcome instanceof CamrelayError) expect(outcome.code).toBe('DETECT_FAILED');
      // The pool stays ready on the other worker, and the next look goes to a ready one, not behind the restart.
      expect(pool.status).toBe('ready');
      const look = pool.detect(photo('jockey.jpg'));
      expect(pool.workers.find((w) => w.held === 1)!.status).toBe('ready');
      expect((await look).detections.some((d) => d.label === 'horse')).toBe(true);
      await waitFor(() => pool.crashes === 1 && pool.workers.every((w) => w.status === 'ready'), 'worker 0 to start again', 60_000);
      expect(logged.filter((l) => l.includes('DETECT_FAILED'))).toHaveLength(1);
      expect(pool.workers[1]!.crashes).toBe(0);
    }, 120_000);
  });
});
