/**
 * The frame loop of the sources that pace themselves (file, test pattern, webcam stills): one
 * run per tick on the wall clock, never two at once, late ticks skipped, nothing delivered once stopped.
 */

/** One start() to stop() span; a task of an earlier span can finish late but never deliver. */
interface Span {
  on: boolean;
  timer: NodeJS.Timeout | null;
  wake: (() => void) | null;
}

export class Ticker {
  readonly intervalMs: number;
  private span: Span | null = null;
  private loop: Promise<void> = Promise.resolve();
  private skippedTicks = 0;

  constructor(fps: number) {
    if (!(fps > 0) || !Number.isFinite(fps)) throw new TypeError(`fps must be a positive finite number, got ${fps}.`);
    this.intervalMs = 1000 / fps;
  }

  /** True from start() until stop() or the first failed task. */
  get running(): boolean {
    return this.span !== null;
  }

  /** Ticks dropped since start() because a run overran its slot. */
  get skipped(): number {
    return this.skippedTicks;
  }

  /**
   * Runs `produce` at once and then once per tick, handing what it resolves to `deliver` while still
   * running. The first rejection (of either) stops the loop, then goes to `onError`.
   */
  start<T>(produce: (tick: number) => Promise<T>, deliver: (value: T) => void, onError: (err: Error) => void): void {
    if (this.span) throw new Error('This ticker is already running: stop() it first.');
    const span: Span = { on: true, timer: null, wake: null };
    this.span = span;
    this.skippedTicks = 0;
    this.loop = this.run(span, produce, deliver, onError);
  }

  /** Stops ticking and waits for a run in progress, so no task runs after this resolves. */
  async stop(): Promise<void> {
    const span = this.span;
    this.span = null;
    if (span) {
      span.on = false;
      if (span.timer) clearTimeout(span.timer);
      span.wake?.();
    }
    await this.loop;
  }

  private async run<T>(span: Span, produce: (tick: number) => Promise<T>, deliver: (value: T) => void, onError: (err: Error) => void): Promise<void> {
    // Ticks are due at t0 + k * interval, so a slow run never shifts later ticks (no drift) nor queues them.
    const t0 = performance.now();
    let tick = 0;
    while (span.on) {
      const wait = t0 + tick * this.intervalMs - performance.now();
      if (wait > 0) {
        await this.sleep(span, wait); // timers may fire a fraction of a ms early: loop to check again
        continue;
      }
      const due = Math.floor((performance.now() - t0) / this.intervalMs);
      if (due > tick) {
        this.skippedTicks += due - tick;
        tick = due;
      }
      try {
        const value = await produce(tick);
        // stop() may have come while the task ran: its result is stale.
        if (span.on) deliver(value);
      } catch (err) {
        if (!span.on) return;
        span.on = false;
        if (this.span === span) this.span = null;
        onError(err instanceof Error ? err : new Error(String(err)));
        return;
      }
      tick++;
    }
  }

  private sleep(span: Span, ms: number): Promise<void> {
    return new Promise((resolve) => {
      span.wake = () => {
        span.wake = null;
        span.timer = null;
        resolve();
      };
      span.timer = setTimeout(span.wake, ms);
    });
  }
}
