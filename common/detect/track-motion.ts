/**
 * Where a tracked object is and where it is going: its box's centre and size with a speed, carried
 * to the time of the next look (looks come at uneven times) and corrected by each sighting. An
 * alpha-beta filter: the steady-state form of SORT's constant-velocity Kalman filter, with the
 * look's own interval in place of a fixed frame step. Pure.
 */
import type { Box } from './boxes.js';

/** How much of a sighting's surprise moves the position, the speed and the size (0-1). */
const ALPHA = 0.6;
const BETA = 0.15;
const SIZE_GAIN = 0.4;
/** A prediction further ahead than this is no better than none: people turn, cars stop. */
export const MAX_PREDICT_MS = 1_500;
/** At most this speed, in object sizes per second: a person runs about 2 of their heights a second. */
const MAX_SIZES_PER_S = 3;

export class TrackMotion {
  /** Centre, in source pixels. */
  private cx: number;
  private cy: number;
  private w: number;
  private h: number;
  /** Pixels per ms of the centre. */
  private vx = 0;
  private vy = 0;
  private at: number;
  private sightings = 1;

  constructor(box: Readonly<Box>, at: number) {
    this.cx = box[0] + box[2] / 2;
    this.cy = box[1] + box[3] / 2;
    this.w = box[2];
    this.h = box[3];
    this.at = at;
  }

  /** Its mean side in pixels: the yardstick for distances (a step of 10 px is a lot for a far person, nothing for a near car). */
  get size(): number {
    return (this.w + this.h) / 2;
  }

  /** Its box where it should be at `at` if it kept its speed. */
  predict(at: number): Box {
    const dt = Math.min(Math.max(0, at - this.at), MAX_PREDICT_MS);
    const cx = this.cx + this.vx * dt;
    const cy = this.cy + this.vy * dt;
    return [cx - this.w / 2, cy - this.h / 2, this.w, this.h];
  }

  /** A sighting at `at`: position, speed and size move towards it. */
  correct(box: Readonly<Box>, at: number): void {
    const dt = at - this.at;
    const [px, py] = centre(this.predict(at));
    const rx = box[0] + box[2] / 2 - px;
    const ry = box[1] + box[3] / 2 - py;
    // The second sighting sets position and speed outright: nothing is known of its speed before it.
    const alpha = this.sightings === 1 ? 1 : ALPHA;
    this.cx = px + alpha * rx;
    this.cy = py + alpha * ry;
    if (dt > 0) {
      const beta = this.sightings === 1 ? 1 : BETA;
      // Over a long gap the residual says little about speed: spread it over the gap, capped at the prediction's reach.
      const span = Math.min(dt, MAX_PREDICT_MS);
      this.vx += (beta * rx) / span;
      this.vy += (beta * ry) / span;
      this.limitSpeed();
    }
    this.w += SIZE_GAIN * (box[2] - this.w);
    this.h += SIZE_GAIN * (box[3] - this.h);
    this.at = Math.max(this.at, at);
    this.sightings++;
  }

  /** Its speed in sizes per second, for telling a walker from a swayer. */
  get sizesPerSecond(): number {
    return (Math.hypot(this.vx, this.vy) * 1000) / this.size;
  }

  private limitSpeed(): void {
    const max = (MAX_SIZES_PER_S * this.size) / 1000;
    const speed = Math.hypot(this.vx, this.vy);
    if (speed <= max) return;
    this.vx *= max / speed;
    this.vy *= max / speed;
  }
}

/** The centre of a box. */
export function centre(b: Readonly<Box>): [number, number] {
  return [b[0] + b[2] / 2, b[1] + b[3] / 2];
}
