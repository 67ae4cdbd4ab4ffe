/**
 * `npx tsx bench/tracker-cost.ts`: the object tracker's CPU per look (#57 item 3), with 20 people
 * standing in view and with a flood of 100 new boxes a look, and how many objects it makes of a
 * person swaying in place over 60 looks at uneven times (seeds 1-20). Pure: no relay, no model.
 * Also the rows of `npm run bench -- --only=detect-objects` (bench/detect-object-rows.ts).
 */
import { pathToFileURL } from 'node:url';
import { ObjectTracker } from '../common/detect/object-tracker.js';
import { flood, standingCrowd, swayingPerson, type Look } from '../test/helpers/tracker-scenes.js';

/** CPU µs per look over `looks`, after a warm-up of the same scene. */
function cpuPerLook(scene: Look[]): number {
  const run = () => {
    let now = 0;
    const tracker = new ObjectTracker({ now: () => now });
    for (const l of scene) {
      now += l.afterMs;
      tracker.update(l.dets);
    }
  };
  run();
  const before = process.cpuUsage();
  run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / scene.length;
}

function swayObjects(): number[] {
  return Array.from({ length: 20 }, (_, i) => {
    let now = 0;
    const tracker = new ObjectTracker({ now: () => now });
    const ids = new Set<number>();
    for (const l of swayingPerson(60, i + 1)) {
      now += l.afterMs;
      for (const o of tracker.update(l.dets).started) ids.add(o.id);
    }
    return ids.size;
  });
}

/** The tracker's CPU per look (µs) with 20 people standing and with a flood of new boxes, and objects made of one swaying person per seed 1-20. */
export interface TrackerFigures {
  crowdUs: number;
  floodUs: number;
  swayObjects: number[];
}

export function runTrackerCost(): TrackerFigures {
  return { crowdUs: cpuPerLook(standingCrowd(20, 2_000)), floodUs: cpuPerLook(flood(500)), swayObjects: swayObjects() };
}

// Run as a script (`npx tsx bench/tracker-cost.ts`): the table docs/detection.md quotes.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { crowdUs, floodUs, swayObjects: sway } = runTrackerCost();
  console.log('| row | figure |');
  console.log('|---|---|');
  console.log(`| tracker CPU per look, 20 people in view | ${crowdUs.toFixed(1)} µs |`);
  console.log(`| tracker CPU per look, 100 new boxes a look (flood) | ${floodUs.toFixed(1)} µs |`);
  console.log(
    `| objects made of one swaying person, 60 uneven looks, seeds 1-20 | ${Math.min(...sway)}-${Math.max(...sway)} (mean ${(sway.reduce((a, b) => a + b) / sway.length).toFixed(2)}) |`,
  );
}
