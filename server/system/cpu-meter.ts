/** The relay process's CPU over the last interval, from process.cpuUsage(): sampled on a timer, read at any time. */

export interface CpuMeterOptions {
  everyMs?: number;
  /** Tests: the clock (ms) and the process's CPU (µs), as process.cpuUsage() gives it. */
  now?: () => number;
  usage?: () => NodeJS.CpuUsage;
}

interface Sample {
  at: number;
  micros: number;
}

export class CpuMeter {
  private readonly now: () => number;
  private readonly usage: () => NodeJS.CpuUsage;
  private previous: Sample;
  private last: { percent: number; overMs: number };
  private readonly timer: NodeJS.Timeout | null;

  constructor(o: CpuMeterOptions = {}, start = true) {
    const everyMs = o.everyMs ?? 10_000;
    this.now = o.now ?? (() => performance.now());
    this.usage = o.usage ?? (() => process.cpuUsage());
    this.previous = this.sample();
    // Until the first interval ends, the figure is since the meter started (the relay's first seconds).
    this.last = { percent: 0, overMs: 0 };
    this.timer = start ? setInterval(() => this.tick(), everyMs) : null;
    this.timer?.unref();
  }

  /** Takes a sample: the figure read next is over the time since the previous one. */
  tick(): void {
    const next = this.sample();
    this.last = CpuMeter.between(this.previous, next);
    this.previous = next;
  }

  /** % of one core over the last interval (200 = two cores busy); before the first interval ends, over what there is. */
  read(): { percent: number; overMs: number } {
    return this.last.overMs > 0 ? this.last : CpuMeter.between(this.previous, this.sample());
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private sample(): Sample {
    const u = this.usage();
    return { at: this.now(), micros: u.user + u.system };
  }

  /** Pure: the % of one core between two samples (0 over no time). */
  static between(a: Sample, b: Sample): { percent: number; overMs: number } {
    const overMs = b.at - a.at;
    if (overMs <= 0) return { percent: 0, overMs: 0 };
    return { percent: Math.round(((b.micros - a.micros) / 1000 / overMs) * 1000) / 10, overMs: Math.round(overMs) };
  }
}
