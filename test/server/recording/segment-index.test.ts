import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SegmentFiles, type SegmentRecord } from '../../../server/recording/segment-files.js';
import { SegmentIndex, STALE_OPEN_MS } from '../../../server/recording/segment-index.js';

let dir: string;
let files: SegmentFiles;
const NOW = Date.now();

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'camrelay-idx-'));
  files = new SegmentFiles(dir);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function put(start: number, over: Partial<SegmentRecord> = {}, sidecar = true): Promise<SegmentRecord> {
  const record: SegmentRecord = {
    id: String(start),
    camera: 'cam',
    start,
    end: start + 5000,
    frames: 50,
    bytes: 0,
    format: 'h264',
    width: 320,
    height: 180,
    state: 'closed',
    endReason: 'rotate',
    ...over,
  };
  mkdirSync(path.dirname(files.mediaPath(record)), { recursive: true });
  writeFileSync(files.mediaPath(record), Buffer.alloc(100));
  if (sidecar) await files.writeSidecar(record);
  return record;
}

const age = (file: string, ms: number) => utimesSync(file, new Date(NOW - ms), new Date(NOW - ms));

describe('SegmentIndex', () => {
  it('lists the segments overlapping a range, with their real sizes, across a day boundary', async () => {
    const midnight = Date.parse(new Date(NOW).toISOString().slice(0, 10));
    await put(midnight - 3000);
    await put(midnight + 2000);
    await put(midnight + 60_000);
    const { segments } = await new SegmentIndex(files).range('cam', midnight, midnight + 10_000);
    expect(segments.map((s) => [s.start - midnight, s.bytes])).toEqual([
      [-3000, 100],
      [2000, 100],
    ]);
  });

  it('finds a segment only by camera and 13-digit id: nothing else becomes a path', async () => {
    const s = await put(NOW - 60_000);
    const index = new SegmentIndex(files);
    expect((await index.segment('cam', s.id))?.id).toBe(s.id);
    for (const [camera, id] of [
      ['cam', '../cam'],
      ['cam', `${s.id}.json`],
      ['cam', String(NOW)],
      ['..', s.id],
      ['cam/..', s.id],
      ['other', s.id],
    ])
      expect(await index.segment(camera!, id!), `${camera} ${id}`).toBeNull();
  });

  describe('#repair', () => {
    it('closes a segment a killed relay left open as relay-down, keeps what the file holds, and drops sidecars without media', async () => {
      const open = await put(NOW - 120_000, { state: 'open', endReason: null, end: NOW - 100_000 });
      age(files.mediaPath(open), STALE_OPEN_MS + 1000);
      age(files.sidecarPath(open), STALE_OPEN_MS + 1000);
      const orphan = await put(NOW - 200_000);
      rmSync(files.mediaPath(orphan));
      const bare = await put(NOW - 300_000, {}, false);
      const index = new SegmentIndex(files);
      expect(await index.repair()).toEqual({ closed: 2, removed: 1, events: 0, cutEvents: [] });
      expect(JSON.parse(readFileSync(files.sidecarPath(open), 'utf8'))).toMatchObject({ state: 'closed', endReason: 'relay-down', bytes: 100 });
      expect(existsSync(files.sidecarPath(orphan))).toBe(false);
      const { segments } = await index.range('cam', NOW - 400_000, NOW);
      expect(segments.map((s) => [s.id, s.endReason])).toEqual([
        [bare.id, 'relay-down'],
        [open.id, 'relay-down'],
      ]);
    });

    it('leaves alone a segment another node is still writing (its sidecar is fresh)', async () => {
      const open = await put(NOW - 10_000, { state: 'open', endReason: null });
      expect(await new SegmentIndex(files).repair()).toEqual({ closed: 0, removed: 0, events: 0, cutEvents: [] });
      expect((await new SegmentIndex(files).segment('cam', open.id))?.state).toBe('open');
    });
  });

  it('lists a media file still growing with no sidecar yet as open (a segment just opened), and one left alone as relay-down', async () => {
    const fresh = await put(NOW - 1000, {}, false);
    const left = await put(NOW - 100_000, {}, false);
    age(files.mediaPath(left), STALE_OPEN_MS + 1000);
    const { segments } = await new SegmentIndex(files).range('cam', NOW - 200_000, NOW + 1000);
    expect(segments.map((s) => [s.id, s.state, s.endReason])).toEqual([
      [left.id, 'closed', 'relay-down'],
      [fresh.id, 'open', null],
    ]);
  });

  it('sees a segment another node added to a day it has read', async () => {
    const index = new SegmentIndex(files);
    await put(NOW - 60_000);
    expect((await index.all('cam')).length).toBe(1);
    const later = await put(NOW - 30_000);
    // A folder's mtime has a coarse clock on some file systems: make the change visible.
    utimesSync(path.dirname(files.mediaPath(later)), new Date(), new Date(NOW + 5000));
    expect((await index.all('cam')).length).toBe(2);
  });
});
