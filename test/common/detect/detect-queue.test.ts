/** The queue in front of the detector, with a stand-in detector whose answers the test releases. */
import { describe, expect, it } from 'vitest';
import { DetectQueue, type QueueOutcome } from '../../../common/detect/detect-queue.js';
import type { DetectOutcome } from '../../../common/detect/detector.js';
import { CamrelayError } from '../../../shared/errors.js';

/** A detector that holds each frame until the test answers it, and records the order frames came in. */
function heldDetector() {
  const seen: string[] = [];
  const held: { answer: () => void; fail: (e: unknown) => void }[] = [];
  const detect = (jpeg: Uint8Array) =>
    new Promise<DetectOutcome>((resolve, reject) => {
      seen.push(Buffer.from(jpeg).toString());
      held.push({ answer: () => resolve({ detections: [], timings: { prepareMs: 1, inferMs: 2, decodeMs: 3 } }), fail: reject });
    });
  return { seen, held, detect };
}

const frame = (name: string) => Buffer.from(name);
/** Lets the queue's promise chain run. */
const settle = () => new Promise((r) => setImmediate(r));

describe('DetectQueue', () => {
  describe('#offer', () => {
    it('hands the detector the regions offered with a frame, and none for a frame offered without', async () => {
      const asked: Array<readonly unknown[] | undefined> = [];
      const q = new DetectQueue((_jpeg, regions) => {
        asked.push(regions);
        return Promise.resolve({ detections: [], timings: { prepareMs: 0, inferMs: 0, decodeMs: 0 } });
      });
      const cropped = await q.offer('door', frame('1'), [[10, 20, 416, 416]]);
      const whole = await q.offer('door', frame('2'));
      await q.offer('door', frame('3'), []);
      expect(asked).toEqual([[[10, 20, 416, 416]], undefined, undefined]);
      // The outcome says where it looked, so the tracker misses no object outside the crops.
      expect(cropped.kind === 'detected' && cropped.looked).toEqual([[10, 20, 416, 416]]);
      expect(whole.kind === 'detected' && whole.looked).toBeUndefined();
    });

    it('keeps only the newest waiting frame of a camera and settles the replaced ones as skipped', async () => {
      const d = heldDetector();
      const q = new DetectQueue(d.detect);
      const first = q.offer('door', frame('1'));
      const second = q.offer('door', frame('2'));
      const third = q.offer('door', frame('3'));
      expect(await second).toEqual({ kind: 'skipped', cameraId: 'door' });
      d.held[0]!.answer();
      expect((await first).kind).toBe('detected');
      await settle();
      d.held[1]!.answer();
      expect((await third).kind).toBe('detected');
      expect(d.seen).toEqual(['1', '3']);
      expect(q.stats('door')).toEqual({ detected: 2, skipped: 1, failed: 0 });
    });

    it('serves cameras in turn, so a busy camera does not starve another', async () => {
      const d = heldDetector();
      const q = new DetectQueue(d.detect);
      const outcomes: Promise<QueueOutcome>[] = [q.offer('a', frame('a1')), q.offer('a', frame('a2')), q.offer('b', frame('b1'))];
      for (let i = 0; i < 3 && d.held[i]; i++) {
        d.held[i]!.answer();
        await settle();
        outcomes.push(q.offer('a', frame(`a${i + 3}`)));
      }
      expect(d.seen.slice(0, 3)).toEqual(['a1', 'b1', 'a3']);
      for (const h of d.held.slice(3)) h.answer();
      q.close();
      await Promise.all(outcomes);
    });

    it('gives one frame to the detector at a time', async () => {
      const d = heldDetector();
      const q = new DetectQueue(d.detect);
      void q.offer('a', frame('a'));
      void q.offer('b', frame('b'));
      await settle();
      expect(d.seen).toEqual(['a']);
      d.held[0]!.answer();
      await settle();
      expect(d.seen).toEqual(['a', 'b']);
    });

    it('gives up to `concurrency` cameras to the detector at once, never two frames of one camera', async () => {
      const d = heldDetector();
      const q = new DetectQueue(d.detect, 2);
      for (const name of ['a1', 'a2', 'b1', 'c1']) void q.offer(name[0]!, frame(name));
      await settle();
      // a1 and b1 run at once; a2 waits for a1 although a worker is free for it, c1 waits for a worker.
      expect(d.seen).toEqual(['a1', 'b1']);
      d.held[0]!.answer();
      await settle();
      expect(d.seen).toEqual(['a1', 'b1', 'c1']);
      d.held[1]!.answer();
      await settle();
      expect(d.seen).toEqual(['a1', 'b1', 'c1', 'a2']);
      q.close();
    });

    it('refuses a concurrency that is not a whole number of at least 1', () => {
      expect(() => new DetectQueue(heldDetector().detect, 0)).toThrow('concurrency must be a whole number of at least 1, not 0.');
    });

    it('settles a frame the detector fails as failed with its code, counts it, and goes on to the next', async () => {
      const d = heldDetector();
      const q = new DetectQueue(d.detect);
      const bad = q.offer('a', frame('bad'));
      const good = q.offer('b', frame('good'));
      d.held[0]!.fail(new CamrelayError('DETECT_BAD_IMAGE'));
      const failed = await bad;
      expect(failed.kind === 'failed' && failed.error.code).toBe('DETECT_BAD_IMAGE');
      await settle();
      d.held[1]!.answer();
      expect((await good).kind).toBe('detected');
      expect(q.stats('a')).toEqual({ detected: 0, skipped: 0, failed: 1 });
    });

    it('wraps a failure that is not a CamrelayError as DETECT_FAILED', async () => {
      const q = new DetectQueue(() => Promise.reject(new Error('boom')));
      const out = await q.offer('a', frame('x'));
      expect(out.kind === 'failed' && [out.error.code, out.error.message]).toEqual(['DETECT_FAILED', 'boom']);
    });
  });

  describe('#close', () => {
    it('settles waiting frames as skipped and fails later offers', async () => {
      const d = heldDetector();
      const q = new DetectQueue(d.detect);
      void q.offer('a', frame('a'));
      const waiting = q.offer('b', frame('b'));
      q.close();
      expect(await waiting).toEqual({ kind: 'skipped', cameraId: 'b' });
      const late = await q.offer('c', frame('c'));
      expect(late.kind === 'failed' && late.error.code).toBe('DETECT_FAILED');
    });
  });
});
