/** Runs an async task at a fixed rate on the wall clock, one run at a time, skipping ticks it is too late for. */

export class Ticker {
  readonly intervalMs: number;
  private running = false;
  private loop: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private wake: (() => void) | null = null;
  private skippedTicks = 0;

  /** `task` gets the tick number; a rejection stops the ticker and goes to `onError`. */
  constructor(
    fps: number,
    private readonly task: (tick: number) => Promise<void>,
    private readonly onError: (err: Error) => void,
  ) {
    if (!(fps > 0) || !Number.isFinite(fps)) throw new TypeError(`fps must be a positive finite number, got ${fps}.`);
    this.intervalMs = 1000 / fps;
  }

  /** Ticks dropped because a run overran its slot. */
  get skipped(): number {
    return this.skippedTicks;
  }

  /** Starts ticking; the first tick runs at once. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops ticking and waits for a run in progress, so no task runs after this resolves. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    // Ticks are due at t0 + k * interval, so a slow run never shifts later ticks (no drift) nor queues them.
    const t0 = performance.now();
    let tick = 0;
    while (this.running) {
      const wait = t0 + tick * this.intervalMs - performance.now();
      if (wait > 0) {
        await this.sleep(wait); // timers may fire a fraction of a ms early: loop to check again
        continue;
      }
      const due = Math.floor((performance.now() - t0) / this.intervalMs);
      if (due > tick) {
        this.skippedTicks += due - tick;
        tick = due;
      }
      try {
        await this.task(tick);
      } catch (err) {
        this.running = false;
        if (this.timer) clearTimeout(this.timer);
        this.onError(err instanceof Error ? err : new Error(String(err)));
        return;
      }
      tick++;
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = () => {
        this.wake = null;
        this.timer = null;
        resolve();
      };
      this.timer = setTimeout(this.wake, ms);
    });
  }
}
