/** The object tracker on made-up detector runs with a fake clock: confirmation, identity, ending, stationary objects, crops and bounds. */
import { describe, expect, it } from 'vitest';
import type { CountedDetection } from '../../../common/detect/detect-filter.js';
import { ObjectTracker, type TrackerRun } from '../../../common/detect/object-tracker.js';
import { MAX_PATH } from '../../../common/detect/track-path.js';
import { flood, seeded, swayingPerson } from '../../helpers/tracker-scenes.js';

type Box = [number, number, number, number];
const person = (box: Box, score = 0.8, zones: string[] = []): CountedDetection => ({ label: 'person', tracked: 'person', score, box, zones });
const vehicle = (label: 'car' | 'truck' | 'bus', box: Box, score = 0.6): CountedDetection => ({ label, tracked: 'vehicle', score, box, zones: [] });

/** A tracker on a clock the test moves, and a run helper that advances it first. */
function setup(options: ConstructorParameters<typeof ObjectTracker>[0] = {}) {
  let now = 1_000_000;
  const tracker = new ObjectTracker({ now: () => now, ...options });
  const run = (afterMs: number, dets: CountedDetection[], looked?: Box): TrackerRun => {
    now += afterMs;
    return tracker.update(dets, looked && [looked]);
  };
  const tick = (afterMs: number): TrackerRun => {
    now += afterMs;
    return tracker.tick();
  };
  return { tracker, run, tick, now: () => now };
}

const ids = (objs: { id: number }[]) => objs.map((o) => o.id);

describe('ObjectTracker', () => {
  describe('#ctor', () => {
    it('throws if confirmHits is more than confirmRuns', () => {
      expect(() => new ObjectTracker({ confirmHits: 4, confirmRuns: 3 })).toThrow(TypeError);
    });
    it('throws if an IoU is not in (0, 1]', () => {
      expect(() => new ObjectTracker({ minIou: 0 })).toThrow(TypeError);
    });
  });

  describe('#update', () => {
    it('does not count an object seen in one run only (a flicker)', () => {
      const { run, tracker } = setup();
      expect(run(0, [person([100, 100, 50, 120])]).started).toEqual([]);
      expect(run(500, []).started).toEqual([]);
      expect(run(500, []).started).toEqual([]);
      expect(run(500, [person([400, 100, 50, 120])]).started).toEqual([]); // elsewhere: a new flicker
      expect(tracker.objects).toEqual([]);
    });

    it('starts an object seen in 2 of the last 3 runs, with its first and last sighting', () => {
      const { run, now } = setup();
      const t0 = now();
      run(0, [person([100, 100, 50, 120], 0.6, ['Porch'])]);
      expect(run(500, []).started).toEqual([]);
      const { started } = run(500, [person([104, 102, 50, 120], 0.9, ['Porch', 'Path'])]);
      expect(started).toHaveLength(1);
      expect(started[0]).toMatchObject({
        label: 'person',
        tracked: 'person',
        score: 0.9,
        box: [104, 102, 50, 120],
        zones: ['Porch', 'Path'],
        firstSeen: t0,
        lastSeen: t0 + 1000,
        state: 'active',
        starts: 1,
      });
    });

    it('tracks two people as two objects with stable ids as they walk past each other', () => {
      const { run } = setup();
      run(0, [person([100, 100, 50, 120]), person([400, 100, 50, 120])]);
      const { started } = run(500, [person([120, 100, 50, 120]), person([380, 100, 50, 120])]);
      expect(started).toHaveLength(2);
      const [left, right] = started.sort((a, b) => a.lastBox[0] - b.lastBox[0]);
      let l = 120;
      let r = 380;
      for (let i = 0; i < 8; i++) {
        l += 20;
        r -= 20;
        const { updated, started: more, ended } = run(500, [person([r, 100, 50, 120]), person([l, 100, 50, 120])]);
        expect([more, ended]).toEqual([[], []]);
        expect(updated.find((o) => o.id === left!.id)!.lastBox[0]).toBe(l);
        expect(updated.find((o) => o.id === right!.id)!.lastBox[0]).toBe(r);
      }
    });

    it('keeps one object when the detector calls one vehicle car, then truck, then bus', () => {
      const { run } = setup();
      run(0, [vehicle('car', [100, 100, 200, 100], 0.5)]);
      const { started } = run(500, [vehicle('truck', [102, 100, 200, 100], 0.7)]);
      const { updated } = run(500, [vehicle('bus', [104, 100, 200, 100], 0.55)]);
      expect(started).toHaveLength(1);
      expect(updated.map((o) => [o.id, o.label, o.score])).toEqual([[started[0]!.id, 'truck', 0.7]]); // the best sighting's label
    });

    it('does not match a person with a car in the same place', () => {
      const { run } = setup();
      run(0, [person([100, 100, 200, 100])]);
      expect(run(500, [vehicle('car', [100, 100, 200, 100])]).started).toEqual([]); // each seen once
    });

    it('ends an object unseen for 5 s of runs, and one coming back after that is a new event', () => {
      const { run } = setup();
      run(0, [person([100, 100, 50, 120])]);
      const first = run(500, [person([100, 100, 50, 120])]).started[0]!;
      for (let i = 0; i < 9; i++) expect(run(500, []).ended).toEqual([]); // 4.5 s unseen
      const { ended } = run(500, []);
      expect(ids(ended)).toEqual([first.id]);
      run(500, [person([100, 100, 50, 120])]);
      const again = run(500, [person([100, 100, 50, 120])]).started;
      expect(again).toHaveLength(1);
      expect(again[0]!.id).not.toBe(first.id);
    });

    it('keeps an object missed for under 5 s as the same one', () => {
      const { run } = setup();
      run(0, [person([100, 100, 50, 120])]);
      const first = run(500, [person([100, 100, 50, 120])]).started[0]!;
      for (let i = 0; i < 8; i++) run(500, []);
      const back = run(500, [person([105, 100, 50, 120])]);
      expect([back.started, back.ended]).toEqual([[], []]);
      expect(ids(back.updated)).toEqual([first.id]);
    });

    it('does not end an object on the clock alone: absence needs a run that looked', () => {
      const { run, tracker } = setup();
      run(0, [person([100, 100, 50, 120])]);
      run(500, [person([100, 100, 50, 120])]);
      // Motion stopped: no runs for a minute; the person stepped aside and is seen at once when runs resume.
      const later = run(60_000, [person([130, 100, 50, 120])]);
      expect(later.ended).toEqual([]);
      expect(later.updated).toHaveLength(1);
      expect(tracker.needsLook).toBe(true);
    });

    it('ends an object after 5 s of runs even when the wall clock is set back an hour meanwhile', () => {
      const { run } = setup();
      run(0, [person([100, 100, 50, 120])]);
      const first = run(500, [person([100, 100, 50, 120])]).started[0]!;
      const ended = [run(-3_600_000, [])];
      for (let i = 0; i < 10; i++) ended.push(run(500, []));
      expect(ids(ended.flatMap((r) => r.ended))).toEqual([first.id]);
    });

    it('forgets an unconfirmed sighting from long ago rather than confirming it with a new one', () => {
      const { run } = setup();
      run(0, [person([100, 100, 50, 120])]);
      expect(run(10_000, [person([100, 100, 50, 120])]).started).toEqual([]);
      expect(run(500, [person([100, 100, 50, 120])]).started).toHaveLength(1);
    });

    it('neither sees nor misses objects outside the crop the detector looked at', () => {
      const { run } = setup();
      run(0, [person([100, 100, 50, 120])]);
      const first = run(500, [person([100, 100, 50, 120])]).started[0]!;
      // Ten seconds of runs on a crop on the right side, where something else moves.
      for (let i = 0; i < 20; i++) expect(run(500, [], [500, 0, 500, 500]).ended).toEqual([]);
      expect(ids(run(500, [], [0, 0, 1000, 500]).ended)).toEqual([first.id]);
    });

    it('gathers the zones an object entered, in order, and the zones it is in now', () => {
      const { run } = setup();
      run(0, [person([100, 100, 50, 120], 0.8, ['Path'])]);
      run(500, [person([110, 100, 50, 120], 0.8, ['Path'])]);
      run(500, [person([120, 100, 50, 120], 0.8, ['Path', 'Porch'])]);
      const { updated } = run(500, [person([130, 100, 50, 120], 0.8, ['Porch'])]);
      expect(updated[0]).toMatchObject({ zones: ['Path', 'Porch'], zonesNow: ['Porch'] });
    });

    it('tracks at most maxObjects objects', () => {
      const { run, tracker } = setup({ maxObjects: 3 });
      const crowd = Array.from({ length: 10 }, (_, i) => person([i * 100, 0, 50, 120]));
      run(0, crowd);
      expect(run(500, crowd).started).toHaveLength(3);
      expect(tracker.objects).toHaveLength(3);
    });

    it('reads at most 100 detections of one run', () => {
      const { run } = setup({ maxObjects: 1000 });
      const crowd = Array.from({ length: 150 }, (_, i) => person([(i % 15) * 100, Math.floor(i / 15) * 200, 50, 120]));
      run(0, crowd);
      expect(run(500, crowd).started).toHaveLength(100);
    });
  });

  describe('stationary objects', () => {
    /** A car parking at [200, 200, 300, 150] with the detector's few pixels of jitter, at 2 runs a second. */
    const parked = (i: number) => vehicle('car', [200 + (i % 3), 200 - (i % 2), 300 + (i % 4), 150]);

    it('makes a parked car one event over 10 minutes of runs, quiet once stationary', () => {
      const { run, tracker } = setup();
      const all: TrackerRun[] = [];
      for (let i = 0; i < 1200; i++) all.push(run(500, [parked(i)]));
      expect(all.flatMap((r) => r.started)).toHaveLength(1);
      expect(all.flatMap((r) => r.ended)).toEqual([]);
      const stationary = all.flatMap((r) => r.stationary);
      expect(stationary).toHaveLength(1);
      expect(stationary[0]!.lastSeen - stationary[0]!.firstSeen).toBe(30_000);
      // Updates only while it was news: the runs between its start and its 30th second.
      expect(all.flatMap((r) => r.updated).length).toBeLessThan(61);
      expect(tracker.objects.map((o) => o.state)).toEqual(['stationary']);
      expect(tracker.needsLook).toBe(false);
    });

    it('does not wake a parked car for one run where a passer-by hides part of it', () => {
      const { run } = setup();
      for (let i = 0; i < 70; i++) run(500, [parked(i)]);
      const hidden = run(500, [vehicle('car', [200, 200, 150, 150]), person([300, 150, 60, 200])]);
      const after = run(500, [parked(0), person([400, 150, 60, 200])]);
      expect([...hidden.started, ...after.started].filter((o) => o.label === 'car')).toEqual([]);
    });

    it('wakes a parked car that drives off: a new start of the same object, then its end', () => {
      const { run } = setup();
      const first = run(500, [parked(0)]).started.concat(run(500, [parked(1)]).started)[0]!.id;
      for (let i = 2; i < 70; i++) run(500, [parked(i)]);
      const moves: TrackerRun[] = [];
      for (let x = 240; x <= 400; x += 40) moves.push(run(500, [vehicle('car', [x, 200, 300, 150])]));
      const restarted = moves.flatMap((r) => r.started);
      expect(restarted.map((o) => [o.id, o.state, o.starts])).toEqual([[first, 'active', 2]]);
      // The new event's box is where it moved to, not where it stood.
      expect(restarted[0]!.box).toEqual([320, 200, 300, 150]);
      expect(restarted[0]!.since).toBe(restarted[0]!.lastSeen);
      const gone: TrackerRun[] = [];
      for (let i = 0; i < 10; i++) gone.push(run(500, []));
      expect(ids(gone.flatMap((r) => r.ended))).toEqual([first]);
    });

    it('ends a parked car that is no longer there, moving or not', () => {
      const { run } = setup();
      for (let i = 0; i < 70; i++) run(500, [parked(i)]);
      const gone: TrackerRun[] = [];
      for (let i = 0; i < 10; i++) gone.push(run(500, []));
      expect(gone.flatMap((r) => r.ended).map((o) => o.state)).toEqual(['stationary']);
      expect(gone.flatMap((r) => r.started)).toEqual([]);
    });

    it('makes a car that parks one event, then stationary, then a new event of the same id when it drives off', () => {
      const { run, tracker } = setup();
      const all: TrackerRun[] = [];
      // It drives in for 4 s, parks for 5 min with the detector's jitter, then drives off.
      for (let x = 0; x < 160; x += 20) all.push(run(500, [vehicle('car', [x, 200, 300, 150])]));
      for (let i = 0; i < 600; i++) all.push(run(500, [parked(i)]));
      expect(tracker.resting).toHaveLength(1);
      for (let x = 240; x <= 600; x += 40) all.push(run(500, [vehicle('car', [x, 200, 300, 150])]));
      const events = all.flatMap((r) => r.started).map((o) => [o.id, o.starts]);
      expect(events).toEqual([
        [1, 1],
        [1, 2],
      ]);
      expect(all.flatMap((r) => r.stationary).map((o) => o.id)).toEqual([1]);
      expect(tracker.resting).toEqual([]);
    });

    it('never wakes a stationary object for jitter of a few pixels in place and size, over 10 minutes', () => {
      const { run } = setup();
      const rand = seeded(7);
      const j = (px: number) => Math.round((rand() - 0.5) * 2 * px);
      const all: TrackerRun[] = [];
      for (let i = 0; i < 1200; i++) all.push(run(400 + j(200), [vehicle('car', [200 + j(6), 200 + j(6), 300 + j(10), 150 + j(8)])]));
      expect(all.flatMap((r) => r.started)).toHaveLength(1);
      expect(all.flatMap((r) => r.stationary)).toHaveLength(1);
    });

    it('lets a person who keeps walking stay active', () => {
      const { run } = setup();
      const all: TrackerRun[] = [];
      for (let i = 0; i < 120; i++) all.push(run(500, [person([100 + (i % 40) * 20, 100, 50, 120])]));
      expect(all.flatMap((r) => r.stationary)).toEqual([]);
    });
  });

  describe('prediction', () => {
    it('keeps a person swaying in place over 60 looks at uneven times, some 2-3 times late, as one object', () => {
      // The overlap-only tracker made 2-10 objects of these (6.25 on average over seeds 1-20).
      for (const seed of [13, 57, 3]) {
        const { run } = setup();
        const all = swayingPerson(60, seed).map((l) => run(l.afterMs, l.dets));
        expect(new Set(all.flatMap((r) => [...r.started, ...r.updated]).map((o) => o.id)).size, `seed ${seed}`).toBe(1);
        expect(all.flatMap((r) => r.started)).toHaveLength(1);
        expect(all.flatMap((r) => r.ended)).toEqual([]);
      }
    });

    it('keeps the ids of two people crossing on a diagonal when looks come late', () => {
      const { run } = setup();
      const at = (i: number): CountedDetection[] => [person([100 + i * 30, 100 + i * 6, 50, 120]), person([600 - i * 30, 160 - i * 6, 50, 120])];
      const gaps = [500, 500, 1200, 500, 1400, 600, 500, 1300, 500, 500, 1000, 500, 500, 1500, 500, 500, 500];
      let i = 0;
      run(0, at(0));
      const started = run(gaps[0]!, at((i += 1)));
      const [left, right] = started.started.sort((a, b) => a.lastBox[0] - b.lastBox[0]).map((o) => o.id);
      for (const gap of gaps.slice(1)) {
        i += gap / 500;
        const r = run(gap, at(i));
        expect([r.started, r.ended]).toEqual([[], []]);
        // Left is the one going right: its x grows with i.
        expect(r.updated.find((o) => o.id === left)!.lastBox[0]).toBe(100 + i * 30);
        expect(r.updated.find((o) => o.id === right)!.lastBox[0]).toBe(600 - i * 30);
      }
      expect(100 + i * 30).toBeGreaterThan(600 - i * 30); // they did cross
    });
  });

  describe('ids', () => {
    it('gives an id once an object is confirmed, so flickers use none and ids count objects', () => {
      const { run } = setup();
      run(0, [person([100, 100, 50, 120]), person([600, 100, 50, 120])]); // two sightings; the right one a flicker
      run(500, [person([800, 300, 50, 120])]); // another flicker
      const { started } = run(500, [person([104, 100, 50, 120]), person([400, 300, 50, 120])]);
      const second = run(500, [person([108, 100, 50, 120]), person([404, 300, 50, 120])]).started;
      expect([...started, ...second].map((o) => o.id)).toEqual([1, 2]);
    });
  });

  describe('paths and bounds', () => {
    it("keeps a walker's path, where it stood, oldest first", () => {
      const { run } = setup();
      run(0, [person([100, 100, 50, 120])]);
      run(500, [person([140, 100, 50, 120])]);
      const { updated } = run(500, [person([180, 100, 50, 120])]);
      expect(updated[0]!.path.map((p) => [p.x, p.y])).toEqual([
        [125, 220],
        [165, 220],
        [205, 220],
      ]);
    });

    it("adds a point only for a step of 0.4 of its size: a swayer's 60 looks make a handful", () => {
      const { run } = setup();
      const all = swayingPerson(60).map((l) => run(l.afterMs, l.dets));
      expect(all.at(-1)!.updated[0]!.path.length).toBeLessThan(15);
    });

    it('holds at most MAX_PATH points of an object pacing to and fro all day, its first and newest kept', () => {
      const { run } = setup();
      const x = (i: number) => 100 + Math.abs((i % 40) - 20) * 40;
      let last: TrackerRun | null = null;
      for (let i = 0; i < 2_000; i++) last = run(500, [person([x(i), 100, 50, 120])]);
      const path = last!.updated[0]!.path;
      expect(path.length).toBeLessThanOrEqual(MAX_PATH);
      expect(path.length).toBeGreaterThan(MAX_PATH / 2);
      expect(path[0]).toMatchObject({ x: x(0) + 25 });
      expect(path.at(-1)!.x).toBe(x(1999) + 25);
    });

    it('tracks at most maxObjects under a flood of 100 new boxes a look', () => {
      const { run, tracker } = setup({ maxObjects: 100 });
      let sightings = 0;
      for (const l of flood(300)) {
        const r = run(l.afterMs, l.dets);
        sightings += r.updated.length + r.started.length;
        expect(tracker.objects.length).toBeLessThanOrEqual(100);
      }
      expect(sightings).toBeGreaterThan(0);
      for (const o of tracker.objects) expect(o.path.length).toBeLessThanOrEqual(MAX_PATH);
    });
  });

  describe('loitering', () => {
    const loiterMs = new Map([['Driveway', 30_000]]);

    it("tells a stay in a zone once, when it passes the zone's time, and not before", () => {
      const { run } = setup({ loiterMs });
      const all: TrackerRun[] = [];
      // A person standing in the driveway for 60 s, seen twice a second; timed from the first sighting.
      for (let i = 0; i < 120; i++) all.push(run(i ? 500 : 0, [person([300 + (i % 3), 200, 60, 160], 0.8, ['Driveway'])]));
      const told = all.flatMap((r, i) => r.loitering.map((l) => ({ i, ...l })));
      expect(told).toHaveLength(1);
      expect(told[0]).toMatchObject({ i: 60, zone: 'Driveway', forMs: 30_000, object: { label: 'person', zonesNow: ['Driveway'] } });
    });

    it('tells a new stay after the object left the zone and came back, and none for a zone without a time', () => {
      const { run } = setup({ loiterMs });
      const told: string[] = [];
      const stay = (looks: number, zones: string[]) => {
        for (let i = 0; i < looks; i++) told.push(...run(500, [person([300, 200, 60, 160], 0.8, zones)]).loitering.map((l) => l.zone));
      };
      stay(70, ['Driveway', 'Garden']);
      stay(4, ['Garden']);
      stay(70, ['Driveway']);
      expect(told).toEqual(['Driveway', 'Driveway']);
    });

    it('times a stay between looks with tick, without seeing or missing anything', () => {
      const { tracker, run, tick } = setup({ loiterMs });
      run(0, [person([300, 200, 60, 160], 0.8, ['Driveway'])]);
      run(500, [person([300, 200, 60, 160], 0.8, ['Driveway'])]);
      expect(tracker.timingStays).toBe(true);
      const ticks = Array.from({ length: 40 }, () => tick(1000));
      expect(ticks.findIndex((r) => r.loitering.length > 0)).toBe(29); // at 30.5 s, the first tick past 30 s
      expect(ticks.flatMap((r) => r.loitering.map((l) => l.zone))).toEqual(['Driveway']);
      expect(ticks.flatMap((r) => [...r.ended, ...r.started])).toEqual([]);
      expect(tracker.timingStays).toBe(false);
    });
  });

  describe('#clear', () => {
    it('ends every counted object and forgets unconfirmed ones', () => {
      const { run, tracker } = setup();
      run(0, [person([100, 100, 50, 120])]);
      run(500, [person([100, 100, 50, 120]), person([500, 100, 50, 120])]);
      expect(tracker.clear().map((o) => o.lastBox[0])).toEqual([100]);
      expect(tracker.objects).toEqual([]);
      expect(tracker.needsLook).toBe(false);
    });
  });
});
