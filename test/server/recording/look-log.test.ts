import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LiveObjects } from '../../../shared/live-objects.js';
import { ObjectsTrack } from '../../../server/relay/objects-track.js';
import { LookLog, LOOKS_FILE_MAX, LOOKS_QUEUE_MAX, readLooks } from '../../../server/recording/look-log.js';
import { SegmentFiles, type SegmentRecord } from '../../../server/recording/segment-files.js';

const T0 = Date.parse('2026-11-27T10:00:00Z');
let dir: string;
let files: SegmentFiles;
let track: ObjectsTrack;
/** The recorder's state as the log asks it: segments opened so far (null: none open), and the open one. */
let opened: number | null;
let open: { id: string; start: number } | null;
let said: string[];
let log: LookLog;

const look = (at: number, label = 'person'): LiveObjects => ({
  cameraId: 'door',
  at,
  width: 640,
  height: 360,
  boxes: [{ label, score: 0.9, box: [10, 20, 30, 40] }],
});
const seg = (start: number): Pick<SegmentRecord, 'camera' | 'id' | 'start'> => ({ camera: 'door', id: String(start), start });

/** Opens segment `start` as the recorder would: its day folder and media file exist. */
function openSegment(start: number): void {
  mkdirSync(files.dayDir('door', '2026-11-27'), { recursive: true });
  writeFileSync(path.join(files.dayDir('door', '2026-11-27'), `${start}.mp4`), '');
  opened = (opened ?? 0) + 1;
  open = { id: String(start), start };
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'camrelay-looks-'));
  files = new SegmentFiles(dir);
  track = new ObjectsTrack(
    () => {},
    () => T0,
  );
  track.setPublishing('door', true);
  track.setPublishing('yard', true);
  opened = null;
  open = null;
  said = [];
  log = new LookLog({
    files,
    track,
    opened: () => opened,
    openSegment: () => Promise.resolve(open),
    onError: (_camera, message) => said.push(message),
  });
  log.follow(['door']);
});
afterEach(async () => {
  await log.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('LookLog', () => {
  describe('#follow', () => {
    it('keeps each look of a recorded camera as one line beside the open segment, stamped with its time', async () => {
      openSegment(T0);
      track.publish(look(T0 + 100));
      track.publish({ ...look(T0 + 600), boxes: [] });
      await log.written();
      const lines = readFileSync(files.looksPath(seg(T0)), 'utf8')
        .trim()
        .split('\n');
      expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual([
        { at: T0 + 100, width: 640, height: 360, boxes: [{ label: 'person', score: 0.9, box: [10, 20, 30, 40] }] },
        { at: T0 + 600, width: 640, height: 360, boxes: [] },
      ]);
      expect(log.counts.written).toBe(2);
    });

    it('keeps nothing while no segment is open, nor of a camera it does not follow', async () => {
      track.publish(look(T0));
      track.publish({ ...look(T0), cameraId: 'yard' });
      await log.written();
      expect(log.counts).toMatchObject({ written: 0, noSegment: 1 });
      expect(existsSync(files.dayDir('door', '2026-11-27'))).toBe(false);
    });

    it('puts a look taken before the open segment began into the file of the one before', async () => {
      openSegment(T0);
      track.publish(look(T0 + 100));
      await log.written();
      openSegment(T0 + 5000);
      track.publish(look(T0 + 4900, 'car'));
      track.publish(look(T0 + 5100, 'dog'));
      await log.written();
      const labels = async (start: number) => (await readLooks(files, [seg(start)], start, start + 5000)).looks.map((l) => l.boxes[0]!.label);
      expect(await labels(T0)).toEqual(['person', 'car']);
      expect(await labels(T0 + 5000)).toEqual(['dog']);
    });

    it('stops writing a segment past its byte cap, and says so once', async () => {
      openSegment(T0);
      writeFileSync(files.looksPath(seg(T0)), 'x'.repeat(LOOKS_FILE_MAX - 100));
      for (let i = 0; i < 5; i++) track.publish(look(T0 + i * 200));
      await log.written();
      expect(readFileSync(files.looksPath(seg(T0))).length).toBeLessThanOrEqual(LOOKS_FILE_MAX);
      expect(log.counts.fileFull).toBe(5);
      expect(said).toEqual([`segment ${T0} holds ${LOOKS_FILE_MAX} bytes of detected objects: its later looks are not kept`]);
    });

    it('drops looks past its queue byte cap while the disk is slow, and writes the rest', async () => {
      openSegment(T0);
      let release!: () => void;
      const slow = new Promise<void>((r) => (release = r));
      await log.close();
      log = new LookLog({ files, track, opened: () => opened, openSegment: () => slow.then(() => open), onError: () => {} });
      log.follow(['door']);
      const big: LiveObjects = {
        ...look(T0),
        boxes: Array.from({ length: 50 }, () => ({ label: 'person', score: 0.5, box: [1, 2, 3, 4] as [number, number, number, number] })),
      };
      const lineBytes = JSON.stringify({ at: T0, width: 640, height: 360, boxes: big.boxes }).length + 1;
      const n = Math.ceil(LOOKS_QUEUE_MAX / lineBytes) + 10;
      for (let i = 0; i < n; i++) track.publish({ ...big, at: T0 + i });
      release();
      await log.written();
      expect(log.counts.queueFull).toBeGreaterThan(0);
      expect(log.counts.written + log.counts.queueFull).toBe(n);
      expect((await readLooks(files, [seg(T0)], T0, T0 + n)).looks).toHaveLength(log.counts.written);
    });
  });

  describe('readLooks', () => {
    it('skips a torn last line, as a crash leaves it, and lines that are not looks', async () => {
      openSegment(T0);
      track.publish(look(T0 + 100));
      await log.written();
      appendFileSync(files.looksPath(seg(T0)), '{"at":1,"width":2}\n{"at":' + (T0 + 200) + ',"width":640,"hei');
      const { looks, cut } = await readLooks(files, [seg(T0)], T0, T0 + 1000);
      expect(looks.map((l) => l.at)).toEqual([T0 + 100]);
      expect(cut).toBe(false);
    });

    it('gives the looks of the range, and one still shown at its start', async () => {
      openSegment(T0);
      for (const at of [T0, T0 + 2000, T0 + 4000, T0 + 9000]) track.publish(look(at));
      await log.written();
      const { looks } = await readLooks(files, [seg(T0)], T0 + 4500, T0 + 9000);
      expect(looks.map((l) => l.at)).toEqual([T0 + 2000, T0 + 4000]);
    });
  });

  describe('SegmentFiles#remove', () => {
    it('removes the looks with their segment (retention)', async () => {
      openSegment(T0);
      track.publish(look(T0 + 100));
      await log.written();
      const record = {
        ...seg(T0),
        end: T0 + 5000,
        frames: 1,
        bytes: 0,
        format: 'h264',
        width: 640,
        height: 360,
        state: 'closed',
        endReason: 'rotate',
      } as const;
      await files.remove(record);
      expect(existsSync(files.looksPath(record))).toBe(false);
    });
  });
});
