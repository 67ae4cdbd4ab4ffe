import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventType } from '../../../server/events/event-record.js';
import { EventLog } from '../../../server/events/event-log.js';
import { SegmentFiles, type EventRecord } from '../../../server/recording/segment-files.js';

const T0 = Date.parse('2026-11-23T10:00:00Z');
let dir: string;
let files: SegmentFiles;
let heard: Array<{ type: EventType; record: EventRecord; snapshot: string | null }>;
let log: EventLog;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'camrelay-events-'));
  files = new SegmentFiles(dir);
  heard = [];
  log = new EventLog({
    files,
    onError: (_camera, message) => {
      throw new Error(message);
    },
    // What was on disk when the listener heard: the files come first.
    onEvent: (type, record) => {
      const file = files.picturePath(record, 'snapshot');
      heard.push({ type, record, snapshot: existsSync(file) ? readFileSync(file, 'latin1') : null });
    },
    thumbnail: async (jpeg) => Buffer.concat([Buffer.from('thumb:'), jpeg]),
  });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const sight = (at: number, score: number) => ({ at, score, jpeg: Buffer.from(`frame@${at - T0}`) });

describe('EventLog', () => {
  it('writes the event with its best picture at the start, then the peak’s picture and the end', async () => {
    log.signal('cam', { type: 'start', at: T0 }, sight(T0 + 200, 3));
    log.reading('cam', true, sight(T0 + 400, 9));
    log.reading('cam', true, sight(T0 + 600, 4));
    log.signal('cam', { type: 'end', at: T0 + 5000 });
    await log.idle();
    expect(heard.map((h) => [h.type, h.record.end, h.record.peakScore, h.snapshot])).toEqual([
      ['start', null, 3, 'frame@200'],
      ['end', T0 + 5000, 9, 'frame@400'],
    ]);
    expect(readFileSync(files.picturePath(heard[1]!.record, 'thumbnail'), 'latin1')).toBe('thumb:frame@400');
    expect(JSON.parse(readFileSync(files.eventPath(heard[1]!.record), 'utf8'))).toEqual({
      id: String(T0),
      camera: 'cam',
      start: T0,
      end: T0 + 5000,
      peakScore: 9,
      peakAt: T0 + 400,
      pictures: true,
    });
  });

  it('keeps one event per camera while motion lasts, and ends what is open when closed', async () => {
    log.signal('a', { type: 'start', at: T0 }, sight(T0, 2));
    log.signal('a', { type: 'start', at: T0 + 1000 }, sight(T0 + 1000, 5));
    log.signal('b', { type: 'start', at: T0 + 500 }, sight(T0 + 500, 2));
    log.reading('b', true, sight(T0 + 2500, 1));
    expect(log.current('a')).toMatchObject({ start: T0, peakScore: 5 });
    await log.close();
    const ends = heard.filter((h) => h.type === 'end').map((h) => [h.record.camera, h.record.end]);
    expect(ends.sort()).toEqual([
      ['a', T0 + 1000],
      ['b', T0 + 2500],
    ]);
  });

  it('takes a score from a signal with no picture (an outside detector), and writes no pictures', async () => {
    log.signal('cam', { type: 'start', at: T0, score: 0.3 });
    log.signal('cam', { type: 'end', at: T0 + 2000 });
    await log.idle();
    expect(heard.at(-1)!.record).toMatchObject({ peakScore: 0.3, pictures: false, end: T0 + 2000 });
  });

  it('adds confirmed objects to the event under way, makes their frame the snapshot, and keeps it against more motion', async () => {
    const person = {
      label: 'person',
      tracked: 'person',
      score: 0.8,
      box: [10, 20, 30, 60] as [number, number, number, number],
      zones: ['Driveway'],
      at: T0 + 700,
    };
    const boxes = { width: 640, height: 360, boxes: [{ label: 'person', score: 0.8, box: person.box }] };
    expect(log.objects('cam', { started: [person], at: T0 + 700, jpeg: Buffer.from('nobody'), boxes })).toBe(false);
    log.signal('cam', { type: 'start', at: T0 }, sight(T0 + 200, 3));
    expect(log.objects('cam', { started: [person], at: T0 + 700, jpeg: Buffer.from('frame@700'), boxes })).toBe(true);
    log.reading('cam', true, sight(T0 + 900, 12));
    log.signal('cam', { type: 'end', at: T0 + 5000 });
    await log.idle();
    expect(heard.map((h) => [h.type, h.record.objects?.map((o) => o.label) ?? [], h.snapshot])).toEqual([
      ['start', [], 'frame@200'],
      ['object', ['person'], 'frame@700'],
      ['end', ['person'], 'frame@700'],
    ]);
    const saved = JSON.parse(readFileSync(files.eventPath(heard[2]!.record), 'utf8')) as EventRecord;
    expect(saved.peakScore).toBe(12);
    expect(saved.boxes).toEqual(boxes);
    expect(saved.objects).toEqual([person]);
  });

  it('marks an object that left with when it did, written with the event, and leaves earlier writes as they were', async () => {
    const car = { label: 'car', tracked: 'car', score: 0.9, box: [1, 2, 3, 4] as [number, number, number, number], zones: [], at: T0 + 700, id: 4 };
    const boxes = { width: 640, height: 360, boxes: [] };
    log.signal('cam', { type: 'start', at: T0 }, sight(T0 + 200, 3));
    log.objects('cam', { started: [car], at: T0 + 700, jpeg: Buffer.from('frame@700'), boxes });
    log.left('cam', 4, T0 + 3000);
    log.left('cam', 9, T0 + 3100); // not on this event: nothing to mark
    log.signal('cam', { type: 'end', at: T0 + 5000 });
    await log.idle();
    expect(heard.map((h) => [h.type, h.record.objects?.map((o) => o.left) ?? []])).toEqual([
      ['start', []],
      ['object', [undefined]],
      ['end', [T0 + 3000]],
    ]);
    const saved = JSON.parse(readFileSync(files.eventPath(heard[2]!.record), 'utf8')) as EventRecord;
    expect(saved.objects).toEqual([{ ...car, left: T0 + 3000, picture: true }]);
  });

  it('makes an object’s better sighting the snapshot, with its boxes and score, written with the event (#57)', async () => {
    const person = { label: 'person', tracked: 'person', score: 0.6, box: [1, 2, 3, 4] as [number, number, number, number], zones: [], at: T0 + 700, id: 2 };
    const boxesAt = (score: number) => ({ width: 640, height: 360, boxes: [{ label: 'person', score, box: person.box }] });
    log.signal('cam', { type: 'start', at: T0 }, sight(T0 + 200, 3));
    log.objects('cam', { started: [person], at: T0 + 700, jpeg: Buffer.from('frame@700'), boxes: boxesAt(0.6) });
    const better = { object: { ...person, score: 0.9, box: [5, 6, 7, 8] as [number, number, number, number] }, at: T0 + 1500, boxes: boxesAt(0.9) };
    log.better('cam', { ...better, jpeg: Buffer.from('frame@1500') });
    log.better('cam', { ...better, object: { ...better.object, score: 0.8 }, at: T0 + 1800, jpeg: Buffer.from('frame@1800') }); // not better than the snapshot
    log.signal('cam', { type: 'end', at: T0 + 5000 });
    await log.idle();
    expect(heard.map((h) => [h.type, h.snapshot, h.record.boxes?.boxes[0]?.score ?? null])).toEqual([
      ['start', 'frame@200', null],
      ['object', 'frame@700', 0.6],
      ['end', 'frame@1500', 0.9],
    ]);
    const saved = JSON.parse(readFileSync(files.eventPath(heard[2]!.record), 'utf8')) as EventRecord;
    expect(saved.objects).toEqual([{ ...person, score: 0.9, box: [5, 6, 7, 8], picture: true }]);
  });

  it('keeps each object’s own best picture beside the event, on disk before the record says so, and deletes it with the event (#57)', async () => {
    const box: [number, number, number, number] = [1, 2, 3, 4];
    const person = { label: 'person', tracked: 'person', score: 0.9, box, zones: [], at: T0 + 700, id: 1 };
    const car = { label: 'car', tracked: 'vehicle', score: 0.5, box, zones: [], at: T0 + 900, id: 2 };
    const boxes = { width: 640, height: 360, boxes: [] };
    const onDisk = (record: EventRecord, id: number) => {
      const file = files.picturePath(record, `object-${id}`);
      return existsSync(file) ? readFileSync(file, 'latin1') : null;
    };
    const told: Array<[EventType, Array<[number | undefined, boolean, string | null]>]> = [];
    log = new EventLog({
      files,
      onError: (_camera, message) => {
        throw new Error(message);
      },
      onEvent: (type, record) => void told.push([type, (record.objects ?? []).map((o) => [o.id, o.picture === true, onDisk(record, o.id!)])]),
      thumbnail: async (jpeg) => jpeg,
    });
    log.signal('cam', { type: 'start', at: T0 }, sight(T0 + 200, 3));
    log.objects('cam', { started: [person], at: T0 + 700, jpeg: Buffer.from('frame@700'), boxes });
    log.objects('cam', { started: [car], at: T0 + 900, jpeg: Buffer.from('frame@900'), boxes });
    // The car seen better, then the person: each keeps its own best frame, the event's snapshot is the last better one.
    log.better('cam', { object: { ...car, score: 0.7 }, at: T0 + 1500, jpeg: Buffer.from('frame@1500'), boxes });
    log.better('cam', { object: { ...person, score: 0.95 }, at: T0 + 1800, jpeg: Buffer.from('frame@1800'), boxes });
    log.signal('cam', { type: 'end', at: T0 + 5000 });
    await log.idle();
    expect(told).toEqual([
      ['start', []],
      ['object', [[1, true, 'frame@700']]],
      [
        'object',
        [
          [1, true, 'frame@700'],
          [2, true, 'frame@900'],
        ],
      ],
      [
        'end',
        [
          [1, true, 'frame@1800'],
          [2, true, 'frame@1500'],
        ],
      ],
    ]);
    const saved = JSON.parse(readFileSync(files.eventPath({ camera: 'cam', id: String(T0), start: T0 }), 'utf8')) as EventRecord;
    expect(readFileSync(files.picturePath(saved, 'snapshot'), 'latin1')).toBe('frame@1800');
    await files.removeEvent(saved);
    expect([onDisk(saved, 1), onDisk(saved, 2)]).toEqual([null, null]);
  });
});

describe('EventLog plates (#58)', () => {
  const car = (at: number) => ({ id: 4, label: 'car', tracked: 'vehicle', score: 0.6, box: [1, 2, 3, 4] as [number, number, number, number], zones: [], at });
  const boxes = { width: 10, height: 10, boxes: [] };

  it("puts a plate read on the object's entry of the event under way, written and told again as object news", async () => {
    log.signal('cam', { type: 'start', at: T0 }, sight(T0, 3));
    log.objects('cam', { started: [car(T0 + 100)], at: T0 + 100, jpeg: Buffer.from('car'), boxes });
    expect(log.identify('cam', 4, { plate: { text: 'AB123C', confidence: 0.93, name: "Mum's car" } })).toBe(true);
    await log.idle();
    expect(heard.map((h) => h.type)).toEqual(['start', 'object', 'object']);
    expect(heard[1]!.record.objects![0]!.plate).toBeUndefined();
    expect(heard[2]!.record.objects![0]!.plate).toEqual({ text: 'AB123C', confidence: 0.93, name: "Mum's car" });
    expect(JSON.parse(readFileSync(files.eventPath(heard[2]!.record), 'utf8')).objects[0].plate.text).toBe('AB123C');
  });

  it('keeps a plate read before its car joined an event for when it joins', async () => {
    expect(log.identify('cam', 4, { plate: { text: 'KX58PT', confidence: 0.8 } })).toBe(false);
    log.signal('cam', { type: 'start', at: T0 }, sight(T0, 3));
    log.objects('cam', { started: [car(T0 + 100)], at: T0 + 100, jpeg: Buffer.from('car'), boxes });
    await log.idle();
    expect(heard.at(-1)!.record.objects![0]!.plate).toEqual({ text: 'KX58PT', confidence: 0.8 });
  });
});
