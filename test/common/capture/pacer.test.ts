/** The capture client's pacer: bounded sends in flight, the newest frame waiting, drops counted. */
import { describe, expect, it } from 'vitest';
import { Pacer } from '../../../common/capture/pacer.js';

function deferredSender() {
  const sent: number[] = [];
  const resolvers: Array<() => void> = [];
  const send = (n: number) => {
    sent.push(n);
    return new Promise<void>((r) => resolvers.push(r));
  };
  const finish = async () => {
    resolvers.shift()!();
    await new Promise((r) => setImmediate(r));
  };
  return { sent, send, finish };
}

describe('Pacer', () => {
  describe('#push', () => {
    it('keeps at most maxInFlight sends going and only the newest waiting frame', async () => {
      const s = deferredSender();
      const pacer = new Pacer(2, s.send);
      for (let i = 1; i <= 6; i++) pacer.push(i);
      expect(s.sent).toEqual([1, 2]);
      expect(pacer.dropped).toBe(3);
      await s.finish();
      expect(s.sent).toEqual([1, 2, 6]);
      await s.finish();
      await s.finish();
      expect(pacer.busy).toBe(0);
    });

    it('keeps going after a send rejects', async () => {
      const sent: number[] = [];
      const pacer = new Pacer(1, async (n: number) => {
        sent.push(n);
        throw new Error('network');
      });
      pacer.push(1);
      pacer.push(2);
      await new Promise((r) => setImmediate(r));
      await new Promise((r) => setImmediate(r));
      expect(sent).toEqual([1, 2]);
    });
  });

  describe('#clear', () => {
    it('forgets the waiting frame without counting it as dropped, and sends nothing more', async () => {
      const s = deferredSender();
      const drops: number[] = [];
      const pacer = new Pacer(1, s.send, () => drops.push(1));
      pacer.push(1);
      pacer.push(2);
      pacer.clear();
      await s.finish();
      expect(s.sent).toEqual([1]);
      expect(pacer.dropped).toBe(0);
      expect(drops).toEqual([]);
      expect(pacer.busy).toBe(0);
    });
  });

  describe('#ctor', () => {
    it('throws if maxInFlight is below 1', () => {
      expect(() => new Pacer(0, async () => {})).toThrow(TypeError);
    });
  });
});
