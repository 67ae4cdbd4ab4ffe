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
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // After "pid (comm) ": state ppid … utime is field 14, stime 15 (1-based), i.e. 11 and 12 here.
    const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
    if (Number(fields[1]) !== pid) continue;
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}
