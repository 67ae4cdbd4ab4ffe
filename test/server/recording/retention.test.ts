import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Retention } from '../../../server/recording/retention.js';
import { SegmentFiles, type SegmentRecord } from '../../../server/recording/segment-files.js';
import { SegmentIndex } from '../../../server/recording/segment-index.js';
import { CAMERA_DEFAULTS, type CameraRecording } from '../../../server/recording/settings.js';

const MB = 1024 * 1024;
// The real clock: an open segment's sidecar is judged stale by its file's mtime.
const NOW = Date.now();
const HOUR = 3_600_000;
let dir: string;
let files: SegmentFiles;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'camrelay-ret-'));
  files = new SegmentFiles(dir);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A closed 1 MB segment of `camera` starting `hoursAgo` hours before NOW. */
async function segment(camera: string, hoursAgo: number, state: 'open' | 'closed' = 'closed'): Promise<SegmentRecord> {
  const start = NOW - hoursAgo * HOUR;
  const record: SegmentRecord = {
    id: String(start),
    camera,
    start,
    end: start + 60_000,
    frames: 900,
    bytes: MB,
    format: 'h264',
    width: 1280,
    height: 720,
    state,
    endReason: state === 'open' ? null : 'rotate',
  };
  mkdirSync(path.dirname(files.mediaPath(record)), { recursive: true });
  writeFileSync(files.mediaPath(record), Buffer.alloc(MB));
  await files.writeSidecar(record);
  return record;
}

function retention(settings: Record<string, Partial<CameraRecording>>, minFreeMb: number, free: () => number) {
  return new Retention({
    index: new SegmentIndex(files, () => NOW),
    settingsOf: (c) => ({ ...CAMERA_DEFAULTS, ...settings[c] }),
    minFreeMb,
    freeBytes: async () => free(),
    now: () => NOW,
  });
}

const left = (...records: SegmentRecord[]) => records.map((r) => existsSync(files.mediaPath(r)));

describe('Retention', () => {
  it('deletes a camera’s segments older than its retention days', async () => {
    const old = await segment('a', 49);
    const recent = await segment('a', 47);
    const r = retention({ a: { retentionDays: 2 } }, 0, () => 100 * MB);
    await r.sweep();
    expect(left(old, recent)).toEqual([false, true]);
    expect(r.deleted).toEqual({ age: 1, quota: 0, floor: 0 });
  });

  it('deletes the detector’s looks kept beside a segment with it', async () => {
    const old = await segment('a', 49);
    const recent = await segment('a', 47);
    for (const s of [old, recent]) writeFileSync(files.looksPath(s), '{"at":1,"width":2,"height":2,"boxes":[]}\n');
    await retention({ a: { retentionDays: 2 } }, 0, () => 100 * MB).sweep();
    expect([existsSync(files.looksPath(old)), existsSync(files.looksPath(recent))]).toEqual([false, true]);
  });

  it('deletes motion events older than the retention days with their recordings', async () => {
    const old = { id: String(NOW - 50 * HOUR), camera: 'a', start: NOW - 50 * HOUR, end: NOW - 50 * HOUR + 5000, peakScore: 0.5 };
    const recent = { ...old, id: String(NOW - HOUR), start: NOW - HOUR, end: NOW - HOUR + 5000 };
    for (const e of [old, recent]) {
      mkdirSync(path.dirname(files.eventPath(e)), { recursive: true });
      await files.writeEvent(e);
    }
    await retention({ a: { retentionDays: 1 } }, 0, () => 100 * MB).sweep();
    expect([existsSync(files.eventPath(old)), existsSync(files.eventPath(recent))]).toEqual([false, true]);
  });

  it('keeps a camera under its quota, oldest first', async () => {
    const s = [await segment('a', 5), await segment('a', 4), await segment('a', 3), await segment('b', 6)];
    const r = retention({ a: { quotaMb: 2 } }, 0, () => 100 * MB);
    await r.sweep();
    expect(left(...s)).toEqual([false, true, true, true]);
    expect(r.bytes.get('a')).toBe(2 * MB);
  });

  it('under the free-space floor deletes the oldest of any camera first, until the floor is met', async () => {
    const s = [await segment('a', 5), await segment('b', 4), await segment('a', 3), await segment('b', 2)];
    let free = 8 * MB;
    const r = retention({}, 10, () => free);
    await r.sweep();
    expect(left(...s)).toEqual([false, false, true, true]);
    expect(r.deleted.floor).toBe(2);
    expect(r.diskFull).toBe(false);
    free = 10 * MB;
    await r.sweep();
    expect(left(...s)).toEqual([false, false, true, true]);
  });

  it('says the disk is full when nothing is left to delete, and never deletes a segment being written', async () => {
    const open = await segment('a', 1, 'open');
    const r = retention({}, 10, () => MB);
    await r.sweep();
    expect(left(open)).toEqual([true]);
    expect(r.diskFull).toBe(true);
  });
});
