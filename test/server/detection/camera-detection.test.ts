/**
 * One camera's detection on the relay with scripted detector answers (the detector's verdicts are the
 * point here; test/integration/detection.test.ts runs the real one): motion gates it, its rate bounds
 * it, confirmed objects join the event with their frame's boxes, and failures are counted, said once.
 */
import { describe, expect, it } from 'vitest';
import type { QueueOutcome } from '../../../common/detect/detect-queue.js';
import { DETECT_DEFAULTS, type DetectSettings } from '../../../common/detect/detect-settings.js';
import type { Detection } from '../../../common/detect/nanodet-decode.js';
import { CamrelayError } from '../../../shared/errors.js';
import type { BetterSighting, ObjectSighting } from '../../../server/events/event-record.js';
import { CameraDetection, type DetectFrame, type LeftAlert, type LoiterAlert } from '../../../server/detection/camera-detection.js';

const T0 = Date.parse('2026-11-25T10:00:00Z');
const person: Detection = { label: 'person', score: 0.8, box: [100, 50, 80, 200] };
const driveway = {
  name: 'Driveway',
  points: [
    { x: 0, y: 0.5 },
    { x: 1, y: 0.5 },
    { x: 1, y: 1 },
    { x: 0, y: 1 },
  ],
};

function rig(settings: Partial<DetectSettings> = {}) {
  let clock = T0;
  let moving = true;
  const answers: Array<(jpeg: Buffer) => QueueOutcome> = [];
  const offered: string[] = [];
  const objects: ObjectSighting[] = [];
  const tracked: string[][] = [];
  const errors: string[] = [];
  const loiters: LoiterAlert[] = [];
  const lefts: LeftAlert[] = [];
  const betters: BetterSighting[] = [];
  let answer: (jpeg: Buffer) => QueueOutcome = () => ({ kind: 'detected', cameraId: 'cam', waitedMs: 0, detections: [], timings: {} as never });
  const c = new CameraDetection(
    'cam',
    { ...DETECT_DEFAULTS, enabled: true, ...settings },
    {
      offer: (jpeg) => {
        offered.push(jpeg.toString());
        return Promise.resolve((answers.shift() ?? answer)(jpeg));
      },
      moving: () => moving,
      onObjects: (s) => objects.push(s),
      onTracked: (list) => tracked.push(list.map((o) => o.label)),
      onError: (m) => errors.push(m),
      onLoiter: (a) => loiters.push(a),
      onLeft: (a) => lefts.push(a),
      onBetter: (b) => betters.push(b),
      now: () => clock,
    },
  );
  /** One frame `ms` after the last; resolves once any run it started is settled. */
  const frame = async (ms: number, name = `f${clock + ms - T0}`) => {
    clock += ms;
    const f: DetectFrame = { jpeg: Buffer.from(name), width: 640, height: 360, at: clock };
    c.offer(f);
    await new Promise((r) => setImmediate(r));
  };
  return {
    c,
    offered,
    objects,
    tracked,
    errors,
    loiters,
    lefts,
    betters,
    frame,
    set moving(v: boolean) {
      moving = v;
    },
    sees: (dets: Detection[]) => (answer = () => ({ kind: 'detected', cameraId: 'cam', waitedMs: 0, detections: dets, timings: {} as never })),
    answers,
  };
}

describe('CameraDetection', () => {
  it('offers frames only while motion lasts, at most `rate` a second', async () => {
    const r = rig({ rate: 2 });
    r.moving = false;
    for (let i = 0; i < 10; i++) await r.frame(100);
    expect(r.offered).toEqual([]);
    r.moving = true;
    for (let i = 0; i < 20; i++) await r.frame(100);
    // 2 s of frames at 10 fps: one every 500 ms.
    expect(r.offered).toHaveLength(4);
  });

  it('adds a person confirmed by two runs to the event, with the zones it stands in and the boxes of its frame', async () => {
    const r = rig({ rate: 2, zones: [driveway] });
    r.sees([person]);
    for (let i = 0; i < 6; i++) await r.frame(500);
    expect(r.objects).toHaveLength(1);
    const [s] = r.objects;
    expect(s!.started).toEqual([{ label: 'person', tracked: 'person', score: 0.8, box: [100, 50, 80, 200], zones: ['Driveway'], at: s!.at, id: 1 }]);
    expect(s!.jpeg.toString()).toBe(`f${s!.at - T0}`);
    expect(s!.boxes).toEqual({ width: 640, height: 360, boxes: [{ label: 'person', score: 0.8, box: [100, 50, 80, 200] }] });
    expect(r.tracked.at(-1)).toEqual(['person']);
  });

  it('looks again in half the time at a sighting that waits for its confirmation', async () => {
    const r = rig({ rate: 2 });
    r.sees([person]);
    for (let i = 0; i < 4; i++) await r.frame(125);
    // A run at 125 ms sees her (tentative); the next comes 250 ms later, not 500, and confirms her.
    expect(r.offered).toEqual(['f125', 'f375']);
    expect(r.objects).toHaveLength(1);
  });

  it('keeps looking without motion while a person is new, and sees it leave', async () => {
    const r = rig({ rate: 2 });
    r.sees([person]);
    await r.frame(500);
    await r.frame(500);
    r.moving = false;
    r.sees([]);
    const before = r.offered.length;
    for (let i = 0; i < 14; i++) await r.frame(500);
    expect(r.offered.length).toBeGreaterThan(before);
    expect(r.tracked.at(-1)).toEqual([]);
    // Gone and not moving: no more looks.
    const after = r.offered.length;
    for (let i = 0; i < 4; i++) await r.frame(500);
    expect(r.offered.length).toBe(after);
  });

  it('does not miss an object outside the regions a look cropped to: a parked car left out of the crops stays one object', async () => {
    const r = rig({ rate: 2, stationarySeconds: 5 });
    const car: Detection = { label: 'car', score: 0.8, box: [400, 200, 120, 80] };
    r.sees([car]);
    for (let i = 0; i < 16; i++) await r.frame(500);
    expect(r.c.objects.map((o) => [o.label, o.state])).toEqual([['car', 'stationary']]);
    const id = r.c.objects[0]!.id;
    // 10 s of looks at a region around motion far from the car: they neither see nor miss it.
    const looked: [number, number, number, number][] = [[0, 0, 200, 200]];
    r.sees([]);
    const answer = () => ({ kind: 'detected', cameraId: 'cam', waitedMs: 0, looked, detections: [], timings: {} as never }) as QueueOutcome;
    for (let i = 0; i < 20; i++) {
      r.answers.push(answer);
      await r.frame(500);
    }
    expect(r.c.objects.map((o) => [o.id, o.state])).toEqual([[id, 'stationary']]);
    expect(r.objects).toHaveLength(1);
  });

  it('ignores a label the camera does not follow and a person under its minimum score', async () => {
    const r = rig({ rate: 2, labels: ['person'] });
    r.sees([
      { label: 'dog', score: 0.9, box: [0, 0, 50, 50] },
      { label: 'person', score: 0.3, box: [300, 0, 50, 100] },
    ]);
    for (let i = 0; i < 6; i++) await r.frame(500);
    expect(r.objects).toEqual([]);
  });

  it('counts failed and skipped runs, and says a failure once until it changes', async () => {
    const r = rig({ rate: 2 });
    const missing = new CamrelayError('DETECT_MODEL_MISSING', 'The model is missing: run npm run detect:model.');
    r.answers.push(
      () => ({ kind: 'failed', cameraId: 'cam', error: missing }),
      () => ({ kind: 'failed', cameraId: 'cam', error: missing }),
      () => ({ kind: 'skipped', cameraId: 'cam' }),
    );
    for (let i = 0; i < 4; i++) await r.frame(500);
    expect(r.c.counts).toEqual({ detected: 1, skipped: 1, failed: 2 });
    expect(r.errors).toEqual(['object detection failed: The model is missing: run npm run detect:model.']);
  });

  it('counts a turn that comes while the detector still has the last frame as skipped', async () => {
    const r = rig({ rate: 2 });
    let release: (o: QueueOutcome) => void = () => {};
    r.answers.push(() => new Promise<QueueOutcome>((resolve) => (release = resolve)) as never);
    await r.frame(500);
    await r.frame(500);
    await r.frame(500);
    expect(r.offered).toHaveLength(1);
    expect(r.c.counts.skipped).toBe(2);
    release({ kind: 'detected', cameraId: 'cam', waitedMs: 0, detections: [], timings: {} as never });
  });

  it('does nothing once disabled', async () => {
    const r = rig({ rate: 2 });
    r.c.configure({ ...DETECT_DEFAULTS, enabled: false });
    for (let i = 0; i < 4; i++) await r.frame(500);
    expect(r.offered).toEqual([]);
  });

  describe('leaving', () => {
    it('tells a person leaving once, with her id, her last zone and how long she was in view', async () => {
      const r = rig({ rate: 2, zones: [driveway] });
      r.sees([person]);
      for (let i = 0; i < 240; i++) await r.frame(500); // 2 min in the driveway
      expect(r.lefts).toEqual([]);
      r.sees([]);
      for (let i = 0; i < 16; i++) await r.frame(500); // looks that miss her for the tracker's 5 s
      expect(r.lefts).toHaveLength(1);
      expect(r.lefts[0]).toMatchObject({ zone: 'Driveway', text: 'Person left Driveway after 2 min', object: { id: 1, label: 'person', zones: ['Driveway'] } });
      expect(r.objects[0]!.started[0]!.id).toBe(1);
    });

    it('tells each better sighting of an object with its frame, and no worse one', async () => {
      const r = rig({ rate: 2 });
      r.sees([{ ...person, score: 0.6 }]);
      for (let i = 0; i < 6; i++) await r.frame(500);
      r.sees([{ ...person, score: 0.85, box: [104, 50, 80, 200] }]);
      await r.frame(500);
      const at = T0 + 3500;
      r.sees([{ ...person, score: 0.7 }]);
      for (let i = 0; i < 4; i++) await r.frame(500);
      expect(r.betters.map((b) => [b.object.id, b.object.score, b.object.box, b.jpeg.toString(), b.boxes.boxes.length])).toEqual([
        [1, 0.85, [104, 50, 80, 200], `f${at - T0}`, 1],
      ]);
    });

    it('names the camera when she was in no zone', async () => {
      const r = rig({ rate: 2 });
      r.sees([person]);
      for (let i = 0; i < 20; i++) await r.frame(500);
      r.sees([]);
      for (let i = 0; i < 16; i++) await r.frame(500);
      expect(r.lefts.map((a) => [a.zone, a.text])).toEqual([[null, 'Person left cam after 9 s']]);
    });

    it('marks a parked car that moves again as not new', async () => {
      const car: Detection = { label: 'car', score: 0.9, box: [300, 200, 160, 100] };
      const r = rig({ rate: 2, labels: ['car'], stationarySeconds: 5 });
      r.sees([car]);
      for (let i = 0; i < 30; i++) await r.frame(500); // parked: stationary after 5 s still
      expect(r.c.objects.map((o) => o.state)).toEqual(['stationary']);
      r.sees([{ ...car, box: [340, 200, 160, 100] }]);
      for (let i = 0; i < 6; i++) await r.frame(500);
      const started = r.objects.flatMap((s) => s.started);
      expect(started.map((o) => [o.id, o.again])).toEqual([
        [1, undefined],
        [1, true],
      ]);
    });
  });

  describe('stationary and loitering', () => {
    it('tells a person staying in the driveway past its loitering time once, between looks too', async () => {
      const r = rig({ rate: 2, zones: [{ ...driveway, loiterSeconds: 30 }] });
      r.sees([person]);
      for (let i = 0; i < 40; i++) await r.frame(500); // 20 s of looks while she moves in
      expect(r.loiters).toEqual([]);
      // Motion stops and she stands still: she becomes stationary at 30 s, and no look is due.
      r.moving = false;
      for (let i = 0; i < 60; i++) await r.frame(500);
      expect(r.loiters).toHaveLength(1);
      expect(r.loiters[0]).toMatchObject({ zone: 'Driveway', text: 'Person in Driveway for 30 s', object: { label: 'person', zones: ['Driveway'] } });
      expect(r.loiters[0]!.forMs).toBeGreaterThanOrEqual(30_000);
      expect(r.loiters[0]!.at - T0).toBeLessThanOrEqual(31_000);
    });

    it("takes the camera's stationary time, and a new one keeps the objects followed", async () => {
      const r = rig({ rate: 2, stationarySeconds: 60, zones: [driveway] });
      r.sees([person]);
      for (let i = 0; i < 8; i++) await r.frame(500);
      expect(r.c.objects.map((o) => o.state)).toEqual(['active']);
      const id = r.c.objects[0]!.id;
      // A loitering time is not a new zone: she is the same object, now stationary after 5 s still.
      r.c.configure({ ...DETECT_DEFAULTS, enabled: true, rate: 2, stationarySeconds: 5, zones: [{ ...driveway, loiterSeconds: 600 }] });
      for (let i = 0; i < 8; i++) await r.frame(500);
      expect(r.c.objects.map((o) => [o.id, o.state])).toEqual([[id, 'stationary']]);
    });
  });
});
