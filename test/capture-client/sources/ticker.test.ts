import { afterEach, describe, expect, it } from 'vitest';
import { Ticker } from '../../../capture-client/sources/ticker.js';
import { waitFor } from '../../helpers/wait.js';

describe('Ticker', () => {
  const tickers: Ticker[] = [];
  const make = (...args: ConstructorParameters<typeof Ticker>): Ticker => {
    const t = new Ticker(...args);
    tickers.push(t);
    return t;
  };
  afterEach(async () => {
    await Promise.all(tickers.splice(0).map((t) => t.stop()));
  });

  describe('#ctor', () => {
    it('throws if fps is not a positive finite number', () => {
      for (const fps of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => new Ticker(fps, async () => {}, () => {})).toThrow(TypeError);
    });
  });

  describe('#start', () => {
    it('runs the first tick at once and then one tick per interval on the wall clock', async () => {
      const at: number[] = [];
      const t0 = performance.now();
      make(50, async () => void at.push(performance.now() - t0), () => {}).start();
      await waitFor(() => at.length >= 6, '6 ticks', 10_000);
      expect(at[0]!).toBeLessThan(15);
      // Tick k is due at k * 20 ms: never early, and lateness does not add up.
      at.slice(0, 6).forEach((ms, k) => expect(ms).toBeGreaterThanOrEqual(k * 20 - 1));
      expect(at[5]!).toBeLessThan(5 * 20 + 60);
    });

    it('never runs two tasks at once and skips the ticks a slow task overran', async () => {
      let inFlight = 0;
      let maxInFlight = 0;
      const ticks: number[] = [];
      const ticker = make(100, async (tick) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        ticks.push(tick);
        await new Promise((r) => setTimeout(r, 35)); // 3.5 intervals
        inFlight--;
      }, () => {});
      ticker.start();
      await waitFor(() => ticks.length >= 4, '4 runs', 10_000);
      expect(maxInFlight).toBe(1);
      expect(ticker.skipped).toBeGreaterThanOrEqual(6);
      // Each run starts at the tick that is due, not at the next one in a backlog.
      for (let i = 1; i < ticks.length; i++) expect(ticks[i]! - ticks[i - 1]!).toBeGreaterThanOrEqual(3);
    });

    it('stops and reports when a task rejects', async () => {
      const errors: Error[] = [];
      let runs = 0;
      make(100, async () => {
        runs++;
        throw new Error('boom');
      }, (e) => errors.push(e)).start();
      await waitFor(() => errors.length === 1, 'onError', 10_000);
      expect(errors[0]!.message).toBe('boom');
      expect(runs).toBe(1);
    });
  });

  describe('#stop', () => {
    it('waits for the task in progress, and no task starts after it resolves', async () => {
      let running = false;
      let runs = 0;
      const ticker = make(100, async () => {
        running = true;
        runs++;
        await new Promise((r) => setTimeout(r, 30));
        running = false;
      }, () => {});
      ticker.start();
      await waitFor(() => running, 'a run', 10_000);
      await ticker.stop();
      expect(running).toBe(false);
      const after = runs;
      await new Promise((r) => setTimeout(r, 50));
      expect(runs).toBe(after);
    });
  });
});
