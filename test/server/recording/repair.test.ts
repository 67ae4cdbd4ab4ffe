import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cutShort } from '../../../server/recording/repair.js';
import { SegmentFiles, type EventRecord, type SegmentRecord } from '../../../server/recording/segment-files.js';
import { SegmentIndex } from '../../../server/recording/segment-index.js';

let dir: string;
let files: SegmentFiles;
const NOW = Date.now();
/** A pid no process holds: above Linux's default pid_max of 4194304. */
const DEAD_PID = 4_194_305;
const here = (pid: number) => ({ host: hostname(), pid });

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'camrelay-repair-'));
  files = new SegmentFiles(dir);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function segment(start: number, over: Partial<SegmentRecord>): Promise<SegmentRecord> {
  const record: SegmentRecord = {
    ...{ id: String(start), camera: 'cam', start, end: start + 2000, frames: 20, bytes: 0, format: 'jpeg', width: 320, height: 180 },
    ...{ state: 'open', endReason: null },
    ...over,
  };
  mkdirSync(path.dirname(files.mediaPath(record)), { recursive: true });
  // An empty Matroska file: the scan finds no frame, whatever the sidecar noted.
  writeFileSync(files.mediaPath(record), Buffer.alloc(0));
  await files.writeSidecar(record);
  return record;
}

async function event(start: number, over: Partial<EventRecord>): Promise<EventRecord> {
  const record: EventRecord = { id: String(start), camera: 'cam', start, end: null, peakScore: 3, peakAt: start + 500, ...over };
  await files.writeEvent(record);
  return record;
}

const read = <T>(file: string) => JSON.parse(readFileSync(file, 'utf8')) as T;

describe('SegmentIndex#repair', () => {
  it('closes a segment of this host whose process is gone, with the frames its file holds rather than the sidecar’s count', async () => {
    const s = await segment(NOW - 5000, { writer: here(DEAD_PID) });
    expect(await new SegmentIndex(files).repair()).toEqual({ closed: 1, removed: 0, events: 0, cutEvents: [] });
    expect(read<SegmentRecord>(files.sidecarPath(s))).toMatchObject({ state: 'closed', endReason: 'relay-down', frames: 0, end: s.start });
  });

  it('closes a segment of this host left by an earlier process that had this pid (a restarted container), written before this one started', async () => {
    const s = await segment(NOW - 5000, { writer: here(process.pid) });
    const before = new Date(Date.now() - process.uptime() * 1000 - 2000);
    utimesSync(files.sidecarPath(s), before, before);
    await new SegmentIndex(files).repair();
    expect(read<SegmentRecord>(files.sidecarPath(s)).state).toBe('closed');
  });

  it('leaves open what a running process writes: this one, a live one started before its last write, another host', async () => {
    const mine = await segment(NOW - 5000, { writer: here(process.pid) });
    const parent = await segment(NOW - 4000, { writer: here(process.ppid) });
    const other = await segment(NOW - 3000, { writer: { host: `not-${hostname()}`, pid: DEAD_PID } });
    expect(await new SegmentIndex(files).repair()).toEqual({ closed: 0, removed: 0, events: 0, cutEvents: [] });
    for (const s of [mine, parent, other]) expect(read<SegmentRecord>(files.sidecarPath(s)).state).toBe('open');
  });

  it('closes an event under way as cut short when its writer is gone or unknown, and leaves another host’s', async () => {
    // Its file holds no frame, so the recording cut ends where it began, before the event: the event ends at its peak.
    await segment(NOW - 60_000, { writer: here(DEAD_PID) });
    const e = await event(NOW - 59_000, { writer: here(DEAD_PID) });
    const old = await event(NOW - 50_000, {});
    const elsewhere = await event(NOW - 40_000, { writer: { host: `not-${hostname()}`, pid: 1 } });
    const done = await event(NOW - 30_000, { end: NOW - 29_000 });
    const repaired = await new SegmentIndex(files).repair();
    expect(repaired).toMatchObject({ closed: 1, removed: 0, events: 2 });
    // The events closed are handed on as written (off-site copies them).
    expect(repaired.cutEvents.map((x) => x.id).sort()).toEqual([e.id, old.id].sort());
    expect(repaired.cutEvents.every((x) => x.cutShort === true && x.end !== null)).toBe(true);
    expect(read<EventRecord>(files.eventPath(e))).toEqual({ ...e, end: e.peakAt, cutShort: true, writer: undefined });
    expect(read<EventRecord>(files.eventPath(old))).toMatchObject({ end: old.peakAt, cutShort: true });
    expect(read<EventRecord>(files.eventPath(elsewhere)).end).toBeNull();
    expect(read<EventRecord>(files.eventPath(done))).toEqual(done);
  });
});

describe('cutShort', () => {
  const e: EventRecord = { id: '1', camera: 'cam', start: 10_000, end: null, peakScore: 3, peakAt: 11_000 };
  const cut = (start: number, end: number) => ({ start, end }) as SegmentRecord;

  it('removes a looks file whose segment is gone, and keeps the looks of a segment still there', async () => {
    const kept = await segment(NOW - 9000, { state: 'closed', endReason: 'rotate' });
    writeFileSync(files.looksPath(kept), '{}\n');
    const orphan = { camera: 'cam', id: String(NOW - 5000), start: NOW - 5000 };
    writeFileSync(files.looksPath(orphan), '{}\n');
    expect(await new SegmentIndex(files).repair()).toMatchObject({ removed: 1 });
    expect(existsSync(files.looksPath(orphan))).toBe(false);
    expect(existsSync(files.looksPath(kept))).toBe(true);
  });

  it('ends an event at the end of a recording the crash cut after it started, else at its peak', () => {
    expect(cutShort(e, [cut(0, 9000), cut(8000, 14_000)])).toMatchObject({ end: 14_000, cutShort: true });
    expect(cutShort(e, [cut(0, 9000)])).toMatchObject({ end: 11_000, cutShort: true });
    expect(cutShort({ ...e, peakAt: null }, [])).toMatchObject({ end: 10_000, cutShort: true });
  });
});
