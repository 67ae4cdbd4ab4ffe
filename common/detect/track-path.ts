/**
 * Where a tracked object has been: the bottom-centre of its box (where it stands, as zones read it)
 * at its sightings, at most MAX_PATH points however long it stays. Pure.
 */
import type { Box } from './boxes.js';

/** One point of a path: source pixels, and the wall clock of the sighting. */
export interface PathPoint {
  x: number;
  y: number;
  at: number;
}

/** A path holds at most this many points: a car parked all day costs what one passing does. */
export const MAX_PATH = 40;
/** A sighting closer than this share of the object's size to the last point adds none (a swayer draws no scribble). */
const MIN_STEP = 0.4;

export class TrackPath {
  private readonly points: PathPoint[] = [];

  constructor(box: Readonly<Box>, at: number) {
    this.points.push(foot(box, at));
  }

  add(box: Readonly<Box>, at: number): void {
    const p = foot(box, at);
    const last = this.points.at(-1)!;
    if (Math.hypot(p.x - last.x, p.y - last.y) < (MIN_STEP * (box[2] + box[3])) / 2) return;
    // Full: every other point goes (the first and newest stay), so the whole way is kept, more coarsely.
    if (this.points.length >= MAX_PATH) for (let i = this.points.length - 2; i > 0; i -= 2) this.points.splice(i, 1);
    this.points.push(p);
  }

  /** A copy, oldest first. */
  list(): PathPoint[] {
    return this.points.map((p) => ({ ...p }));
  }
}

const foot = (b: Readonly<Box>, at: number): PathPoint => ({ x: Math.round(b[0] + b[2] / 2), y: Math.round(b[1] + b[3]), at });
