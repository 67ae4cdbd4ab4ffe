/**
 * CPU used so far by a process's live children (the recorder's ffmpeg encoders), read from /proc.
 * process.cpuUsage() counts the process alone, and /proc/self/stat's cutime only children already
 * waited for, so a running encoder would be invisible to both. Linux only: elsewhere 0.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

/** Sum of user+system ms of every live direct child of `pid`. */
export function childrenCpuMs(pid = process.pid): number {
  if (process.platform !== 'linux') return 0;
  let ticks = 0;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const fields = statFields(name);
    if (!fields || Number(fields[1]) !== pid) continue;
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}

/** User+system ms of another process (a capture program) itself; 0 when it is gone or off Linux. */
export function processCpuMs(pid: number): number {
  const fields = process.platform === 'linux' ? statFields(String(pid)) : null;
  return fields ? ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND : 0;
}

/** The direct children of `pid` whose command name is `comm` (ffmpeg), by pid. */
export function childrenNamed(pid: number, comm: string): number[] {
  if (process.platform !== 'linux') return [];
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name) && Number(statFields(name)?.[1]) === pid && statComm(name) === comm)
    .map(Number);
}

/** The fields after "pid (comm) ": state ppid … utime is field 14, stime 15 (1-based), i.e. 11 and 12 here. */
function statFields(pid: string): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
  } catch {
    return null; // gone meanwhile
  }
}

function statComm(pid: string): string | null {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return null;
  }
}
