/**
 * `npx tsx bench/object-events.ts`: what following the object (#57 item 5) tells, on a fake clock
 * with scripted detections through the relay's CameraDetection: one person in view for 20 s (objects
 * made, her leaving and how long after her last sighting it is told, better sightings), and a car
 * parked for 10 min that moves 3 times (events it starts, and the notifications a rule with labels
 * sends with and without newObjectsOnly). Pure: no relay, no model, no clock waited on.
 */
import { pathToFileURL } from 'node:url';
import { DETECT_DEFAULTS, type TrackedName } from '../common/detect/detect-settings.js';
import type { Detection } from '../common/detect/nanodet-decode.js';
import { CameraDetection } from '../server/detection/camera-detection.js';
import type { EventObject } from '../shared/events.js';

const T0 = Date.parse('2026-11-28T10:00:00Z');
const LOOK_MS = 500;

/** Runs `script` (the detections at each ms since the start) at 2 looks a second for `ms`. */
async function scene(labels: TrackedName[], script: (t: number) => Detection[], ms: number) {
  let clock = T0;
  let dets = script(0);
  const started: EventObject[] = [];
  const left: Array<{ text: string; at: number }> = [];
  let better = 0;
  const c = new CameraDetection(
    'cam',
    { ...DETECT_DEFAULTS, enabled: true, rate: 2, labels },
    {
      offer: async () => ({ kind: 'detected', cameraId: 'cam', waitedMs: 0, detections: dets, timings: {} as never }),
      moving: () => true,
      onObjects: (s) => started.push(...s.started),
      onTracked: () => {},
      onError: () => {},
      onLeft: (a) => left.push({ text: a.text, at: a.at }),
      onBetter: () => better++,
      now: () => clock,
    },
  );
  let lastSeen = T0;
  let toldAt: number | null = null;
  for (let t = 0; t <= ms; t += LOOK_MS) {
    clock = T0 + t;
    dets = script(t);
    if (dets.length > 0) lastSeen = clock;
    c.offer({ jpeg: Buffer.from(String(t)), width: 1280, height: 720, at: clock });
    await new Promise((r) => setImmediate(r));
    if (left.length > 0 && toldAt === null) toldAt = clock;
  }
  return { started, left, better, leftAfterLastSightingMs: toldAt === null ? null : toldAt - lastSeen };
}

/** What following the object tells (#57 item 5): a person in view for 20 s, a car parked for 10 min that moves 3 times. */
export interface ObjectEventFigures {
  person: { objects: number; leavings: number; leftText: string | null; toldAfterLastSightingMs: number | null; better: number };
  car: { eventStarts: number; notificationsByLabels: number; notificationsNewObjectsOnly: number };
}

export async function runObjectEvents(): Promise<ObjectEventFigures> {
  const person = await scene(
    ['person'],
    (t) => (t < 20_000 ? [{ label: 'person', score: 0.7 + 0.1 * Math.sin(t / 900), box: [400 + t / 100, 200, 80, 200] }] : []),
    30_000,
  );
  // Moves of 36 px a look for 3 s each (a third of its width and more): each wakes it.
  const moves = [150_000, 300_000, 450_000];
  let x = 300;
  const car = await scene(
    ['car'],
    (t) => {
      if (moves.some((m) => t >= m && t < m + 3000)) x += 36;
      return [{ label: 'car', score: 0.8, box: [x, 300, 200, 120] }];
    },
    600_000,
  );
  return {
    person: {
      objects: person.started.length,
      leavings: person.left.length,
      leftText: person.left[0]?.text ?? null,
      toldAfterLastSightingMs: person.leftAfterLastSightingMs,
      better: person.better,
    },
    car: {
      eventStarts: car.started.length,
      notificationsByLabels: car.started.length,
      notificationsNewObjectsOnly: car.started.filter((o) => !o.again).length,
    },
  };
}

// Run as a script (`npx tsx bench/object-events.ts`): the two lines docs/notifications.md quotes.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { person, car } = await runObjectEvents();
  console.log(
    `person in view 20 s: ${person.objects} object, ${person.leavings} leaving ("${person.leftText}"), told ${person.toldAfterLastSightingMs} ms after her last sighting, ${person.better} better sightings`,
  );
  console.log(
    `car parked 10 min, moved 3 times: ${car.eventStarts} event starts; notifications from a rule with labels: ${car.notificationsByLabels}, with newObjectsOnly: ${car.notificationsNewObjectsOnly}`,
  );
}
