/** The System section's words (#42 item 3), from `GET /api/system`: pure, so they are tested without a DOM. */
import type { RelayLogEntry, SystemStatus } from '../../../shared/system.js';
import type { Unchecked } from '../api.js';
import { formatBytes } from './recording-data.js';

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});

function parseEntry(v: unknown): RelayLogEntry | null {
  const e = obj(v) as Unchecked<RelayLogEntry>;
  const level = e.level === 'warn' || e.level === 'error' || e.level === 'fatal' ? e.level : null;
  if (!level || num(e.time) === null) return null;
  return {
    time: num(e.time)!,
    lastTime: num(e.lastTime) ?? num(e.time)!,
    count: num(e.count) ?? 1,
    level,
    code: str(e.code),
    module: typeof e.module === 'string' ? e.module : null,
    message: str(e.message),
    detail: typeof e.detail === 'string' ? e.detail : null,
  };
}

/** The answer's `system`, field by field; null when it is not one. */
export function parseSystem(body: unknown): SystemStatus | null {
  const s = obj(obj(body).system) as Unchecked<SystemStatus>;
  if (typeof s.version !== 'string') return null;
  const cpu = obj(s.cpu);
  const memory = obj(s.memory);
  const disk = obj(s.disk);
  const f = obj(disk.forecast);
  const clients = obj(s.clients);
  return {
    version: s.version,
    node: str(s.node),
    uptimeS: num(s.uptimeS) ?? 0,
    cpu: { percent: num(cpu.percent) ?? 0, overMs: num(cpu.overMs) ?? 0 },
    memory: { rssBytes: num(memory.rssBytes) ?? 0, totalBytes: num(memory.totalBytes) ?? 0 },
    disk: {
      recordingsBytes: num(disk.recordingsBytes) ?? 0,
      freeBytes: num(disk.freeBytes),
      totalBytes: num(disk.totalBytes),
      forecast: { bytesPerDay: num(f.bytesPerDay), daysFit: num(f.daysFit), retentionDays: num(f.retentionDays), floorBytes: num(f.floorBytes) ?? 0 },
    },
    clients: { capture: num(clients.capture) ?? 0, viewers: num(clients.viewers) ?? 0 },
    log: Array.isArray(s.log) ? s.log.map(parseEntry).filter((e): e is RelayLogEntry => e !== null) : [],
  };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** `3 days 4 h`, `5 h 12 min`, `7 min`, `40 s`: the two largest units. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return h > 0 ? `${plural(d, 'day')} ${h} h` : plural(d, 'day');
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  if (m > 0) return `${m} min`;
  return `${s} s`;
}

/** "4% of one core over the last 10 s". */
export function cpuText(cpu: SystemStatus['cpu']): string {
  const over = cpu.overMs > 0 ? ` over the last ${Math.max(1, Math.round(cpu.overMs / 1000))} s` : '';
  const pct = cpu.percent < 10 ? Number(cpu.percent.toFixed(1)) : Math.round(cpu.percent);
  return `${pct}% of one core${over}`;
}

/** "Disk: 3.2 GB used by recordings, 41 GB free — at today's rate, 11 days fit". */
export function diskText(disk: SystemStatus['disk']): string {
  const used = disk.recordingsBytes > 0 ? `${formatBytes(disk.recordingsBytes)} used by recordings` : 'no recordings yet';
  const free = disk.freeBytes === null ? 'free space unknown' : `${formatBytes(disk.freeBytes)} free`;
  const { daysFit, bytesPerDay } = disk.forecast;
  const fit =
    daysFit === null || bytesPerDay === null
      ? ''
      : ` — at today's rate (${formatBytes(bytesPerDay)} a day), ${daysFit === 1 ? '1 day fits' : `${daysFit} days fit`}`;
  return `Disk: ${used}, ${free}${fit}`;
}

/** What retention does with that room, in one sentence. */
export function retentionText(disk: SystemStatus['disk']): string {
  const { daysFit, retentionDays, bytesPerDay, floorBytes } = disk.forecast;
  if (retentionDays === null) return 'No camera records, so nothing fills the disk.';
  const floor = `once free space falls to ${formatBytes(floorBytes)}`;
  if (bytesPerDay === null) return 'Too little is recorded yet to tell a daily rate: look again once a camera has recorded for 15 minutes.';
  if (retentionDays === 0) return `Recordings are kept until the disk needs room: the oldest go first ${floor}.`;
  if (daysFit !== null && daysFit >= retentionDays) return `Recordings are kept ${plural(retentionDays, 'day')}, and they fit.`;
  return `Recordings are kept ${plural(retentionDays, 'day')}, but only ${daysFit ?? 0} fit: the oldest go first ${floor}.`;
}

/** "2 capture clients sending, 1 viewer watching". */
export function clientsText(c: SystemStatus['clients']): string {
  return `${plural(c.capture, 'capture client')} sending, ${plural(c.viewers, 'viewer')} watching`;
}

/** "160 MB (of 8.3 GB on this machine)". */
export function memoryText(m: SystemStatus['memory']): string {
  return m.totalBytes > 0 ? `${formatBytes(m.rssBytes)} (of ${formatBytes(m.totalBytes)} on this machine)` : formatBytes(m.rssBytes);
}

/** When an entry came, and how often: "14:02:11", "14:02:11 to 14:09:40, 37 times". */
export function entryWhen(e: RelayLogEntry, timeOf: (ms: number) => string): string {
  return e.count > 1 ? `${timeOf(e.time)} to ${timeOf(e.lastTime)}, ${e.count} times` : timeOf(e.time);
}
