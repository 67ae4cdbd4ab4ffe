/**
 * `npm run bench -- --only=detect-objects`: #57's rows of following objects, on a fake clock through the relay's own
 * CameraDetection and ObjectTracker (bench/object-events.ts, bench/tracker-cost.ts): one person in view for 20 s, a
 * person swaying in place at uneven looks, a car parked for 10 min that moves 3 times, and the tracker's CPU per look.
 * Pure: no relay, no model, no clock waited on; in the full run too.
 */
import { runObjectEvents, type ObjectEventFigures } from './object-events.js';
import { runTrackerCost, type TrackerFigures } from './tracker-cost.js';

export type DetectObjectRows = ObjectEventFigures & { tracker: TrackerFigures };

export async function runDetectObjectRows(log: (m: string) => void): Promise<DetectObjectRows> {
  log('  detect-objects: a person for 20 s, a car parked for 10 min, one swaying person at 20 seeds (fake clocks)…');
  return { ...(await runObjectEvents()), tracker: runTrackerCost() };
}

export function renderDetectObjectRows(r: DetectObjectRows): string {
  const sway = r.tracker.swayObjects;
  const mean = (sway.reduce((a, b) => a + b, 0) / sway.length).toFixed(2);
  return [
    '### Following objects (#57, fake clocks, 2 looks a second)',
    '',
    '| row | figure | target |',
    '|---|---|---|',
    `| one person in view for 20 s: objects; notifications from a rule with labels; told she left, after her last sighting | ${r.person.objects}; ${r.person.objects}; ${r.person.toldAfterLastSightingMs} ms ("${r.person.leftText}") | 1 object, 1 notification |`,
    `| one person swaying in place, 60 looks at uneven times, seeds 1-20: objects made | ${Math.min(...sway)}-${Math.max(...sway)} (mean ${mean}) | 1 |`,
    `| a car parked for 10 min, moved 3 times: events started; notifications with newObjectsOnly | ${r.car.eventStarts}; ${r.car.notificationsNewObjectsOnly} | 1 event while it stays (a new one when it moves) |`,
    `| the tracker's CPU per look: 20 people in view / 100 new boxes a look | ${r.tracker.crowdUs.toFixed(1)} / ${r.tracker.floodUs.toFixed(1)} µs | reported |`,
  ].join('\n');
}
