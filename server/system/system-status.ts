/** What `GET /api/system` answers: read from the relay, the recordings and the process when asked. */
import { statfs } from 'node:fs/promises';
import os from 'node:os';
import type { SystemStatus } from '../../shared/system.js';
import type { RecordingManager } from '../recording/recording-manager.js';
import type { Relay } from '../relay/relay.js';
import { VERSION } from '../version.js';
import type { CpuMeter } from './cpu-meter.js';
import { bytesPerDay, DAY_MS, forecast, type RecordedSpan } from './forecast.js';
import type { LogRing } from '../log-ring/log-ring.js';
import { redactText } from '../log-ring/redact.js';

export interface StatusSources {
  relay: Relay;
  /** Null when the table has no recording module. */
  recording: RecordingManager | null;
  /** recording.minFreeMb. */
  minFreeMb: number;
  cpu: CpuMeter;
  ring: LogRing;
  /** Secret values to take out of the log wherever they turn up (the capture token, the admin password…). */
  known: () => readonly string[];
  /** Epoch ms the relay started (tests run many relays in one process: not process.uptime()). */
  startedAt: number;
  now?: () => number;
}

/** Free and total bytes of the filesystem `dir` lies on, or nulls when it cannot be read. */
export async function diskOf(dir: string): Promise<{ freeBytes: number | null; totalBytes: number | null }> {
  try {
    const s = await statfs(dir);
    return { freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
  } catch {
    return { freeBytes: null, totalBytes: null };
  }
}

/** The recordings' part of the status: the bytes they take, the disk, the last day's segments and the forecast. */
async function recordings(s: StatusSources, now: number): Promise<SystemStatus['disk']> {
  const floorBytes = s.minFreeMb * 1024 * 1024;
  const m = s.recording;
  if (!m)
    return {
      recordingsBytes: 0,
      freeBytes: null,
      totalBytes: null,
      forecast: forecast({ rate: null, usedBytes: 0, freeBytes: null, floorBytes, retentionDays: [] }),
    };
  const disk = await diskOf(m.files.root);
  const cameras = new Set([...(await m.cameras()), ...s.relay.cameras.listLocal().map((c) => c.id)]);
  const spans: RecordedSpan[] = [];
  const retentionDays: number[] = [];
  for (const camera of cameras) {
    const settings = m.settingsOf(camera);
    if (settings.mode !== 'off') retentionDays.push(settings.retentionDays);
    for (const seg of (await m.index.range(camera, now - DAY_MS, now)).segments) spans.push({ start: seg.start, end: seg.end, bytes: seg.bytes });
  }
  let usedBytes = 0;
  for (const b of m.retention.bytes.values()) usedBytes += b;
  const rate = bytesPerDay(spans, now);
  return { recordingsBytes: usedBytes, ...disk, forecast: forecast({ rate, usedBytes, freeBytes: disk.freeBytes, floorBytes, retentionDays }) };
}

export async function systemStatus(s: StatusSources): Promise<SystemStatus> {
  const now = (s.now ?? Date.now)();
  const known = s.known();
  return {
    version: VERSION,
    node: process.version,
    uptimeS: Math.max(0, Math.round((now - s.startedAt) / 1000)),
    cpu: s.cpu.read(),
    memory: { rssBytes: process.memoryUsage.rss(), totalBytes: os.totalmem() },
    disk: await recordings(s, now),
    clients: {
      capture: s.relay.cameras.listLocal().filter((c) => c.ingest).length,
      viewers: s.relay.viewerLoad().length,
    },
    log: s.ring.entries().map((e) => ({ ...e, message: redactText(e.message, known), detail: e.detail === null ? null : redactText(e.detail, known) })),
  };
}
