/**
 * Which tracked objects a look crops around (#57): moving ones on every look, stationary ones (a parked
 * car) once per `everyMs` per camera, so an object standing still costs a region once in a while, not
 * on every look. The tracker is told which regions were looked at, so a look that leaves a resting
 * object out does not count it missed.
 */
import type { Box } from '../../common/detect/boxes.js';
import type { TrackedObject } from '../../common/detect/tracked-object.js';

/** Often enough that a car driving off is seen within seconds even where motion gives no box. */
export const RESTING_LOOK_MS = 5_000;

export class RestingLooks {
  /** When each camera's resting objects were last looked around. */
  private readonly lastAt = new Map<string, number>();

  constructor(private readonly everyMs = RESTING_LOOK_MS) {
    if (!(everyMs > 0)) throw new TypeError(`everyMs must be a positive number of milliseconds, not ${everyMs}.`);
  }

  /** The boxes to look around on `camera`'s look at `now`: every moving object's, and the resting ones' when their turn has come. */
  boxes(camera: string, objects: readonly Pick<TrackedObject, 'state' | 'lastBox'>[], now: number): Box[] {
    const moving = objects.filter((o) => o.state !== 'stationary').map((o) => o.lastBox);
    const resting = objects.filter((o) => o.state === 'stationary').map((o) => o.lastBox);
    if (resting.length === 0) return moving;
    const last = this.lastAt.get(camera);
    if (last !== undefined && now - last < this.everyMs) return moving;
    this.lastAt.set(camera, now);
    return [...moving, ...resting];
  }

  forget(camera: string): void {
    this.lastAt.delete(camera);
  }
}
