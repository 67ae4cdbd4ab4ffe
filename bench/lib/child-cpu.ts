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
  for (const child of childrenOf(pid)) {
    const fields = statFields(child);
    // A pid reused since the list was read is another process's: only a child of `pid` counts.
    if (fields && Number(fields[1]) === pid) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}

/**
 * The pids of `pid`'s children, from its threads' `children` lists: reading every process's stat instead took the
 * bench's server 4-20% of its busy time (profiles, a box running 500 processes; four times a second), counted as the relay's.
 */
function childrenOf(pid: number): string[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) => readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ').filter(Boolean));
  } catch {
    // A kernel without CONFIG_PROC_CHILDREN: every process's parent is read.
    return readdirSync('/proc').filter((name) => /^\d+$/.test(name) && Number(statFields(name)?.[1]) === pid);
  }
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
