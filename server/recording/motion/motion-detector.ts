/**
 * Motion in a stream of small greyscale pictures: each is compared with a running background (an
 * exponential average), pixels that differ by `threshold` or more count as changed, masked
 * rectangles are left out, and the score is the % of the unmasked picture that changed; the boxes
 * say where (motion-boxes.ts), for object detection to crop regions around (#57). Pure code:
 * no decoding, no timers; the caller hands in pictures with their times (camera-motion.ts).
 */
import type { Box } from '../../../common/detect/boxes.js';
import type { MotionSignal } from '../recorder-types.js';
import type { MotionSettings } from '../settings.js';
import { motionBoxes } from './motion-boxes.js';

/** A change this large (% of the picture) is the light (a lamp, a cloud, the camera's exposure), not motion: the background starts again. */
export const LIGHTING_PERCENT = 60;
/** Motion ends when no detection has seen it for this long. */
export const QUIET_MS = 3000;
// The background follows still pixels within about a second (slow light, noise) and changed ones
// over about three: a moving thing leaves no lasting ghost, one that stops joins the scene in 5-10 s.
const TAU_STILL_MS = 1000;
const TAU_CHANGED_MS = 3000;

/** What one detection found. */
export interface MotionReading {
  at: number;
  /** % of the unmasked picture changed. */
  score: number;
  /** The picture jumped as a whole: the background was reset, nothing counted. */
  lighting: boolean;
  /** Over `minAreaPercent` (not lighting). */
  moving: boolean;
  /** Motion is on after this detection. */
  active: boolean;
  /** Motion started (at the first of the detections that confirmed it) or ended (at the last that saw it). */
  signal: MotionSignal | null;
  /** Where the picture changed, [x, y, w, h] in the compared picture's pixels, largest first; none on lighting. */
  boxes: Box[];
}

export class MotionDetector {
  private background: Float32Array | null = null;
  private width = 0;
  private height = 0;
  private mask: Uint8Array | null = null;
  /** 1 where the last picture changed (unmasked): kept between pictures, so a detection allocates nothing for it. */
  private changedAt: Uint8Array = new Uint8Array(0);
  private unmasked = 0;
  private lastAt = 0;
  private run = 0;
  private runStart = 0;
  private active = false;
  private lastMotionAt = 0;

  constructor(private settings: MotionSettings) {}

  get moving(): boolean {
    return this.active;
  }

  /** Motion under way or one reading into a possible start: what wakes object detection, which confirms by itself (#39). */
  get stirring(): boolean {
    return this.active || this.run > 0;
  }

  /** New settings: new masks take effect at the next picture; the background is kept. */
  configure(settings: MotionSettings): void {
    if (JSON.stringify(settings.masks) !== JSON.stringify(this.settings.masks)) this.mask = null;
    this.settings = settings;
  }

  /** Detections over the minimum area in a row before motion starts: two ignore one noisy picture, unless they are seconds apart. */
  private needed(): number {
    return this.settings.fps >= 2 ? 2 : 1;
  }

  /** Compares one `width`×`height` greyscale picture taken at `at` (ms) with the background. */
  detect(grey: Uint8Array, width: number, height: number, at: number): MotionReading {
    const bg = this.background;
    if (!bg || width !== this.width || height !== this.height) {
      this.background = Float32Array.from(grey);
      this.width = width;
      this.height = height;
      this.mask = null;
      this.lastAt = at;
      return this.reading(at, 0, false, false, []);
    }
    const mask = this.mask ?? this.buildMask();
    const dt = Math.max(1, at - this.lastAt);
    this.lastAt = at;
    const still = 1 - Math.exp(-dt / TAU_STILL_MS);
    const moved = 1 - Math.exp(-dt / TAU_CHANGED_MS);
    const { threshold } = this.settings;
    if (this.changedAt.length !== grey.length) this.changedAt = new Uint8Array(grey.length);
    const changedAt = this.changedAt;
    let changed = 0;
    for (let i = 0; i < grey.length; i++) {
      const v = grey[i]!;
      const d = v - bg[i]!;
      const over = d >= threshold || -d >= threshold;
      const counted = over && mask[i] === 0;
      if (counted) changed++;
      changedAt[i] = counted ? 1 : 0;
      bg[i] = bg[i]! + d * (over ? moved : still);
    }
    const score = this.unmasked > 0 ? Math.round((changed * 10_000) / this.unmasked) / 100 : 0;
    // Someone who asks for more than the lighting share to change wants whole-picture changes counted.
    if (score >= LIGHTING_PERCENT && this.settings.minAreaPercent < LIGHTING_PERCENT) {
      bg.set(grey);
      this.run = 0;
      return this.reading(at, score, true, false, []);
    }
    const boxes = changed > 0 ? motionBoxes(changedAt, width, height) : [];
    return this.reading(at, score, false, score >= this.settings.minAreaPercent, boxes);
  }

  /** No picture came (the camera went silent): motion ends once it has been quiet long enough. */
  quiet(at: number): MotionSignal | null {
    if (!this.active || at - this.lastMotionAt < QUIET_MS) return null;
    this.active = false;
    this.run = 0;
    return { type: 'end', at: this.lastMotionAt };
  }

  /** Forgets the background (the frame size or the camera's source changed). */
  reset(): void {
    this.background = null;
    this.run = 0;
  }

  private reading(at: number, score: number, lighting: boolean, moving: boolean, boxes: Box[]): MotionReading {
    let signal: MotionSignal | null = null;
    if (moving) {
      if (this.run++ === 0) this.runStart = at;
      this.lastMotionAt = at;
      if (!this.active && this.run >= this.needed()) {
        this.active = true;
        signal = { type: 'start', at: this.runStart, score };
      }
    } else {
      if (!lighting) this.run = 0;
      if (this.active && at - this.lastMotionAt >= QUIET_MS) {
        this.active = false;
        signal = { type: 'end', at: this.lastMotionAt, score };
      }
    }
    return { at, score, lighting, moving, active: this.active, signal, boxes };
  }

  /** 1 where a mask rectangle covers a pixel of the small picture. */
  private buildMask(): Uint8Array {
    const { width: w, height: h } = this;
    const mask = new Uint8Array(w * h);
    for (const m of this.settings.masks) {
      const x0 = Math.floor(m.x * w);
      const y0 = Math.floor(m.y * h);
      const x1 = Math.min(w, Math.ceil((m.x + m.w) * w));
      const y1 = Math.min(h, Math.ceil((m.y + m.h) * h));
      for (let y = y0; y < y1; y++) mask.fill(1, y * w + x0, y * w + x1);
    }
    this.unmasked = mask.length - mask.reduce((n, v) => n + v, 0);
    this.mask = mask;
    return mask;
  }
}
