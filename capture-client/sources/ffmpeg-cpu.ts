/** The CPU share of a child process (ffmpeg re-encoding), from Linux's /proc; null where there is no /proc. */
import { readFileSync } from 'node:fs';

/** utime + stime in clock ticks from a /proc/<pid>/stat line; the command name may hold spaces and ")" so parse after the last ")". */
export function cpuTicks(stat: string): number | null {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the name: state is field 3, utime 14 and stime 15 (proc(5)), so indexes 11 and 12 here.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return Number.isFinite(utime) && Number.isFinite(stime) ? utime + stime : null;
}

/** Samples a process's CPU use between calls: percent of one core since the previous sample. */
export class CpuSampler {
  private last: { ticks: number; at: number } | null = null;

  constructor(
    private readonly pid: number,
    private readonly readStat: (pid: number) => string = (pid) => readFileSync(`/proc/${pid}/stat`, 'utf8'),
    // USER_HZ is 100 on every Linux architecture Node runs on.
    private readonly ticksPerSecond = 100,
  ) {}

  /** null on the first call, when the process is gone, or without /proc (Windows, macOS). */
  sample(now = Date.now()): number | null {
    let ticks: number | null;
    try {
      ticks = cpuTicks(this.readStat(this.pid));
    } catch {
      return null;
    }
    if (ticks === null) return null;
    const prev = this.last;
    this.last = { ticks, at: now };
    if (!prev || now <= prev.at) return null;
    return Math.round(((ticks - prev.ticks) / this.ticksPerSecond / ((now - prev.at) / 1000)) * 100);
  }
}
