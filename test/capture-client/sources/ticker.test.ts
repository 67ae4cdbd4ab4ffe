/** The sources' frame loop, on fake timers: when ticks run, what is skipped, what a stop guarantees. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Ticker } from '../../../capture-client/sources/ticker.js';

/** A promise with its resolve and reject outside, to finish a task when the test says so. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const fail = (err: Error): never => {
  throw err;
};

describe('Ticker', () => {
  const tickers: Ticker[] = [];
  const make = (fps: number): Ticker => {
    const t = new Ticker(fps);
    tickers.push(t);
    return t;
  };
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(async () => {
    const stops = Promise.all(tickers.splice(0).map((t) => t.stop()));
    // A task still waiting on a fake timer must finish for its stop() to resolve.
    await vi.runAllTimersAsync();
    await stops;
    vi.useRealTimers();
  });

  describe('#ctor', () => {
    it('throws if fps is not a positive finite number', () => {
      for (const fps of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => new Ticker(fps)).toThrow(TypeError);
    });
  });

  describe('#start', () => {
    it('runs the first tick at once and then one tick per interval on the wall clock', async () => {
      const at: number[] = [];
      const t0 = performance.now();
      make(50).start(
        async (tick) => tick,
        () => void at.push(performance.now() - t0),
        fail,
      );
      await vi.advanceTimersByTimeAsync(100);
      // Tick k is due at k * 20 ms, to the millisecond.
      expect(at).toEqual([0, 20, 40, 60, 80, 100]);
    });

    it('never runs two tasks at once and skips the ticks a slow task overran', async () => {
      let inFlight = 0;
      let maxInFlight = 0;
      const ticks: number[] = [];
      const ticker = make(100);
      ticker.start(
        async (tick) => {
          inFlight++;
          maxInFlight = Math.max(maxInFlight, inFlight);
          ticks.push(tick);
          await new Promise((r) => setTimeout(r, 35)); // 3.5 intervals
          inFlight--;
        },
        () => {},
        fail,
      );
      await vi.advanceTimersByTimeAsync(140);
      expect(maxInFlight).toBe(1);
      // Each run starts at the tick that is due when the previous one ends (35, 70, 105, 140 ms), not at the next one in a backlog.
      expect(ticks).toEqual([0, 3, 7, 10, 14]);
      expect(ticker.skipped).toBe(2 + 3 + 2 + 3);
    });

    it('hands each value to deliver in tick order', async () => {
      const got: number[] = [];
      make(10).start(
        async (tick) => tick * 10,
        (v) => void got.push(v),
        fail,
      );
      await vi.advanceTimersByTimeAsync(300);
      expect(got).toEqual([0, 10, 20, 30]);
    });

    it('stops and reports when a task rejects, and can be started again', async () => {
      const errors: Error[] = [];
      let runs = 0;
      const ticker = make(100);
      ticker.start(
        async () => {
          runs++;
          throw new Error('boom');
        },
        () => {},
        (e) => errors.push(e),
      );
      await vi.advanceTimersByTimeAsync(1000);
      expect(errors.map((e) => e.message)).toEqual(['boom']);
      expect(runs).toBe(1);
      expect(ticker.running).toBe(false);
      ticker.start(
        async () => void runs++,
        () => {},
        fail,
      );
      await vi.advanceTimersByTimeAsync(0);
      expect(runs).toBe(2);
    });

    it('stops and reports when deliver throws', async () => {
      const errors: Error[] = [];
      const ticker = make(100);
      ticker.start(
        async () => 1,
        () => fail(new Error('the consumer broke')),
        (e) => errors.push(e),
      );
      await vi.advanceTimersByTimeAsync(500);
      expect(errors.map((e) => e.message)).toEqual(['the consumer broke']);
      expect(ticker.running).toBe(false);
    });

    it('throws if it is already running', () => {
      const ticker = make(10);
      ticker.start(
        async () => {},
        () => {},
        fail,
      );
      expect(() =>
        ticker.start(
          async () => {},
          () => {},
          fail,
        ),
      ).toThrow(/already running/);
    });
  });

  describe('#stop', () => {
    it('waits for the task in progress, and no task starts after it resolves', async () => {
      const task = deferred();
      let runs = 0;
      const ticker = make(100);
      ticker.start(
        () => {
          runs++;
          return task.promise;
        },
        () => {},
        fail,
      );
      await vi.advanceTimersByTimeAsync(0);
      expect(runs).toBe(1);
      let stopped = false;
      const stopping = ticker.stop().then(() => (stopped = true));
      await vi.advanceTimersByTimeAsync(50);
      expect(stopped).toBe(false);
      task.resolve();
      await stopping;
      await vi.advanceTimersByTimeAsync(1000);
      expect(runs).toBe(1);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('drops the value of the task that was running when it was called', async () => {
      const task = deferred<string>();
      const got: string[] = [];
      const ticker = make(100);
      ticker.start(
        () => task.promise,
        (v) => void got.push(v),
        fail,
      );
      await vi.advanceTimersByTimeAsync(0);
      const stopping = ticker.stop();
      task.resolve('stale');
      await stopping;
      expect(got).toEqual([]);
    });

    it('does not report the failure of a task that was running when it was called', async () => {
      const task = deferred();
      const errors: Error[] = [];
      const ticker = make(100);
      ticker.start(
        () => task.promise,
        () => {},
        (e) => errors.push(e),
      );
      await vi.advanceTimersByTimeAsync(0);
      const stopping = ticker.stop();
      task.reject(new Error('the device went away as we closed it'));
      await stopping;
      expect(errors).toEqual([]);
    });
  });
});
