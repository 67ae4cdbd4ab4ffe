/**
 * Whether the process that wrote an open segment or event is gone. A pid alone does not say: a
 * killed relay not yet reaped keeps its pid as a zombie, and a relay restarted in a container gets
 * the pid its predecessor had. So on this host the process holding the pid must also be running and
 * have started before the record was last written; other hosts' writers are judged by staleness.
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/** An open segment whose sidecar was not rewritten for this long has no recorder any more: the relay went down. */
export const STALE_OPEN_MS = 15_000;

/** Start ticks in /proc are 1/100 s (USER_HZ on every Linux), file times may be coarser: this much either way is one moment. */
const MARGIN_MS = 1000;
const TICK_MS = 10;

export interface Writer {
  host: string;
  pid: number;
}

/** How long ago a process started, in ticks since boot, and whether it is still running (null: no such process or no /proc). */
function procStat(pid: number | 'self'): { ticks: number; running: boolean } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: the fields after it are fixed (state is the 3rd, start time the 22nd).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ticks: Number(fields[19]), running: fields[0] !== 'Z' && fields[0] !== 'X' };
  } catch {
    return null;
  }
}

const STARTED_AT = Date.now() - process.uptime() * 1000;
const SELF = procStat('self');

/** When the process holding `pid` started (ms since the epoch) and whether it runs; null when it does not exist. */
function processOf(pid: number): { startedAt: number | null; running: boolean } | null {
  if (SELF) {
    const p = procStat(pid);
    return p && { startedAt: STARTED_AT + (p.ticks - SELF.ticks) * TICK_MS, running: p.running };
  }
  // No /proc (macOS, Windows): only whether the pid exists.
  try {
    process.kill(pid, 0);
    return { startedAt: null, running: true };
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH' ? null : { startedAt: null, running: true };
  }
}

/**
 * True when a record's writer on this host no longer runs: no process has its pid, or a zombie
 * does, or one that started after the record's last write (`writtenAt`, its file's mtime) does.
 * False for another host's writer: only staleness tells of those.
 */
export function localWriterGone(writer: Writer | undefined, writtenAt: number): boolean {
  if (!writer || writer.host !== hostname()) return false;
  if (writer.pid === process.pid) return writtenAt < STARTED_AT - MARGIN_MS;
  const p = processOf(writer.pid);
  if (!p || !p.running) return true;
  return p.startedAt !== null && p.startedAt > writtenAt + MARGIN_MS;
}

/** True when an open segment has no writer any more: its process on this host is gone, or its files went stale. */
export function writerGone(record: { end: number; writer?: Writer }, times: { mediaMs: number; sidecarMs: number }, now: number): boolean {
  if (now - Math.max(times.mediaMs, times.sidecarMs, record.end) >= STALE_OPEN_MS) return true;
  return localWriterGone(record.writer, times.sidecarMs);
}
