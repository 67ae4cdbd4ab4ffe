/** Talk's pieces on their way: kept while the back channel opens (the first word not lost), then sent under the relay's limit. */
import { describe, expect, it } from 'vitest';
import { TALK_PIECE_MAX_BYTES, TALK_PIECES_PER_S_MAX } from '../../../shared/talk.js';
import { BACKLOG_BYTES, SENDS_PER_S, TalkQueue } from '../../../dashboard/src/talk/talk-queue.js';

/** A 20 ms piece (160 samples) whose samples count on from `first`, so order and losses show. */
const piece = (first: number): ArrayBuffer => Int16Array.from({ length: 160 }, (_, i) => (first + i) % 32768).buffer;
const samplesOf = (sent: ArrayBuffer[]): number[] => sent.flatMap((p) => [...new Int16Array(p)]);

/** Pushes `n` pieces 20 ms apart on the queue's clock, from sample `from`. */
function speak(queue: TalkQueue, clock: { t: number }, n: number, from: number): number {
  for (let i = 0; i < n; i++, from += 160, clock.t += 20) queue.push(piece(from));
  return from;
}

describe('TalkQueue', () => {
  describe('#push', () => {
    it('keeps what is said before the back channel opens, and sends it first, in order, once it does', () => {
      const clock = { t: 0 };
      const queue = new TalkQueue(() => clock.t);
      const sent: ArrayBuffer[] = [];
      const next = speak(queue, clock, 12, 0);
      expect(sent).toEqual([]);
      queue.open((p) => sent.push(p));
      speak(queue, clock, 10, next);
      expect(samplesOf(sent)).toEqual(Array.from({ length: 22 * 160 }, (_, i) => i));
      expect(queue.dropped).toBe(0);
    });

    it('keeps at most a second, dropping the oldest (a late word is worse than a lost one)', () => {
      const clock = { t: 0 };
      const queue = new TalkQueue(() => clock.t);
      const sent: ArrayBuffer[] = [];
      speak(queue, clock, 75, 0);
      queue.open((p) => sent.push(p));
      const kept = samplesOf(sent);
      expect(kept.length * 2).toBe(BACKLOG_BYTES);
      expect(kept[0]).toBe(25 * 160);
      expect(queue.dropped).toBe(25 * 320);
    });

    it('sends a piece at once when the back channel is open', () => {
      const queue = new TalkQueue(() => 0);
      const sent: ArrayBuffer[] = [];
      queue.open((p) => sent.push(p));
      queue.push(piece(7));
      expect(sent.map((p) => p.byteLength)).toEqual([320]);
    });
  });

  describe('#open', () => {
    it('sends a second of backlog as pieces of 100 ms, and stays under the relay limit in every second after', () => {
      const clock = { t: 0 };
      const queue = new TalkQueue(() => clock.t);
      const sends: Array<{ t: number; bytes: number }> = [];
      let next = speak(queue, clock, 50, 0);
      queue.open((p) => sends.push({ t: clock.t, bytes: p.byteLength }));
      expect(sends.length).toBe(10);
      expect(sends.every((s) => s.bytes === TALK_PIECE_MAX_BYTES)).toBe(true);
      next = speak(queue, clock, 150, next);
      for (const s of sends) expect(sends.filter((o) => o.t >= s.t && o.t < s.t + 1000).length).toBeLessThanOrEqual(SENDS_PER_S + 1);
      expect(SENDS_PER_S + 1).toBeLessThan(TALK_PIECES_PER_S_MAX);
      expect(sends.every((s) => s.bytes <= TALK_PIECE_MAX_BYTES && s.bytes % 2 === 0)).toBe(true);
      // Nothing lost but what is still held to be merged with the next piece.
      expect(sends.reduce((a, s) => a + s.bytes, 0)).toBeGreaterThan(next * 2 - TALK_PIECE_MAX_BYTES);
    });
  });
});
