import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bareRecord, listDir, readJson } from '../../../server/recording/day-folder.js';
import { STALE_OPEN_MS } from '../../../server/recording/writer-gone.js';

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'camrelay-day-folder-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('listDir', () => {
  it('lists a folder, and answers none for a folder that is gone', async () => {
    writeFileSync(path.join(dir, '1000.json'), '{}');
    expect(await listDir(dir)).toEqual(['1000.json']);
    expect(await listDir(path.join(dir, 'gone'))).toEqual([]);
  });
});

describe('readJson', () => {
  it('reads a whole file, and answers null for a half-written or missing one', async () => {
    writeFileSync(path.join(dir, 'whole.json'), '{"id":"1"}');
    writeFileSync(path.join(dir, 'half.json'), '{"id":');
    expect(await readJson(path.join(dir, 'whole.json'))).toEqual({ id: '1' });
    expect(await readJson(path.join(dir, 'half.json'))).toBeNull();
    expect(await readJson(path.join(dir, 'missing.json'))).toBeNull();
  });
});

describe('bareRecord', () => {
  const now = 10_000_000;
  it('calls a media file still growing an open segment, its end its last write', () => {
    const r = bareRecord('cam', '9000000', 'mp4', { size: 42, mtimeMs: now - 1000 }, now);
    expect(r).toMatchObject({ id: '9000000', camera: 'cam', start: 9_000_000, end: now - 1000, bytes: 42, format: 'h264', state: 'open', endReason: null });
  });

  it('calls one left alone past the stale limit closed as relay-down', () => {
    const r = bareRecord('cam', '1000', 'mkv', { size: 7, mtimeMs: now - STALE_OPEN_MS - 1 }, now);
    expect(r).toMatchObject({ state: 'closed', endReason: 'relay-down', frames: 0, end: now - STALE_OPEN_MS - 1 });
  });
});
