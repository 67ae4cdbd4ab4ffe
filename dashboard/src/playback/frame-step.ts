/**
 * Frame steps in playback: one frame on (+1) or back (-1), paused, and into the next or previous
 * segment past a file's last frame. Its own file because stepping is a small state machine of its
 * own (steps that wait for the frame on screen to be known, a step that seeks on past a long frame)
 * beside the player's loading and playing, which it reaches only through `StepHost`.
 */
import type { Segment } from '../../../shared/segments.js';
import { fpsOf, lastFrameAt } from './day-data.js';

/** How long a frame step waits for the frame on screen to be known (a seek's frame callback). */
const STEP_WAIT_MS = 300;
/** Key repeats beyond this while a step waits are dropped, not queued. */
const MAX_WAITING_STEPS = 8;
/** Media times closer than this are the same frame (rounding in the frame callback's mediaTime). */
const SAME_FRAME_S = 0.0005;
/** 1 ms past a frame's time shows that frame, safe from rounding. */
const INTO_FRAME_S = 0.001;

/** What the stepper needs of the player. */
export interface StepHost {
  readonly video: HTMLVideoElement;
  segment(): Segment | null;
  /** The day's segments, in order. */
  segments(): readonly Segment[];
  /** The camera's fps cap, which places a segment's last frame (day-data.ts). */
  capFps(): number;
  /** Media time of the frame on screen, from requestVideoFrameCallback; null when not known yet. */
  presented(): number | null;
  forgetPresented(): void;
  /** Shows `media` seconds into segment `s`, paused. */
  load(s: Segment, media: number): void;
}

export class FrameStepper {
  /** Steps asked before the frame on screen was known, run when its callback comes (or after STEP_WAIT_MS). */
  private waiting: Array<1 | -1> = [];
  private waitTimer: ReturnType<typeof setTimeout> | undefined;
  /**
   * A forward step still looking for the next frame: its seek landed inside the frame it left (that
   * frame lasted more than 1.5 intervals: a camera that paused, seen on a loaded box), so it seeks on.
   */
  private seekingOn: { from: number; timer?: ReturnType<typeof setTimeout> } | null = null;

  constructor(private readonly host: StepHost) {}

  /**
   * The next frame starts about one interval d after this one: 1.5 d on (or 0.5 d back) lands inside
   * its span whatever the jitter, and never past the file's last frame.
   */
  step(dir: 1 | -1): void {
    if (!this.host.segment()) return;
    this.endSeekingOn();
    this.host.video.pause();
    // Right after a seek the frame on screen is not known yet, and a step from currentTime alone may
    // pass a short frame by (seen on a loaded box): wait briefly for its callback, then step from it.
    const frames = 'requestVideoFrameCallback' in this.host.video;
    if ((this.host.presented() === null || this.waiting.length > 0) && frames && this.waiting.length < MAX_WAITING_STEPS) {
      this.waiting.push(dir);
      clearTimeout(this.waitTimer);
      this.waitTimer = setTimeout(() => this.runWaiting(true), STEP_WAIT_MS);
      return;
    }
    this.stepNow(dir);
  }

  /** A frame was presented at `mediaTime`: a step seeking on has arrived, a waiting step can run. */
  framePresented(mediaTime: number): void {
    if (this.seekingOn && mediaTime > this.seekingOn.from + SAME_FRAME_S) this.endSeekingOn();
    this.runWaiting();
  }

  /** A seek ended: if it was a step's and no new frame shows within STEP_WAIT_MS, seek on. */
  seeked(): void {
    if (!this.seekingOn) return;
    clearTimeout(this.seekingOn.timer);
    this.seekingOn.timer = setTimeout(() => this.seekOn(), STEP_WAIT_MS);
  }

  /** Another file or moment was loaded, or playback stopped: no step goes on. */
  reset(): void {
    this.endSeekingOn();
    this.waiting = [];
    clearTimeout(this.waitTimer);
  }

  private endSeekingOn(): void {
    clearTimeout(this.seekingOn?.timer);
    this.seekingOn = null;
  }

  /** The forward step's seek showed no new frame: one interval further, or into the next file past this one's last frame. */
  private seekOn(): void {
    const s = this.host.segment();
    const from = this.seekingOn?.from;
    const shown = this.host.presented();
    if (from === undefined || !s || !this.host.video.paused || (shown !== null && shown > from + SAME_FRAME_S)) return this.endSeekingOn();
    const last = lastFrameAt(s, this.host.capFps());
    const t = this.host.video.currentTime;
    if (t >= last - INTO_FRAME_S) {
      this.endSeekingOn();
      return this.stepNow(1);
    }
    // The frame reported so far is the one this seek leaves: forgotten, or a step back pressed once the next frame
    // shows but before its callback has come (a loaded page) would start from the long frame and land one before it.
    this.host.forgetPresented();
    this.host.video.currentTime = Math.min(t + 1 / fpsOf(s, this.host.capFps()), last + INTO_FRAME_S);
  }

  /** The steps that waited for the frame on screen, one per presented frame (or all, once the wait is over). */
  private runWaiting(timedOut = false): void {
    if (timedOut) {
      // No callback came (a seek within the frame on screen presents nothing new): step from currentTime.
      for (const dir of this.waiting.splice(0)) this.stepNow(dir);
      return;
    }
    const dir = this.waiting.shift();
    if (dir === undefined) return;
    clearTimeout(this.waitTimer);
    if (this.waiting.length > 0) this.waitTimer = setTimeout(() => this.runWaiting(true), STEP_WAIT_MS);
    this.stepNow(dir);
  }

  private stepNow(dir: 1 | -1): void {
    const { host } = this;
    const s = host.segment();
    if (!s) return;
    const cap = host.capFps();
    const d = 1 / fpsOf(s, cap);
    // The frame on screen starts at `presented`; before its callback has come, somewhere in [currentTime - d, currentTime].
    const shown = host.presented();
    const known = shown !== null;
    const m = shown ?? host.video.currentTime;
    const last = lastFrameAt(s, cap);
    const segments = host.segments();
    const i = segments.findIndex((x) => x.id === s.id);
    const prev = segments[i - 1];
    const next = segments[i + 1];
    if (dir < 0 && m - 0.5 * d < 0 && prev) return host.load(prev, lastFrameAt(prev, cap) + INTO_FRAME_S);
    if (dir > 0 && m >= last - INTO_FRAME_S && next) return host.load(next, INTO_FRAME_S);
    host.forgetPresented();
    if (dir > 0 && known) this.seekingOn = { from: m };
    const ahead = known ? 1.5 * d : d;
    host.video.currentTime = dir > 0 ? Math.min(m + ahead, last + INTO_FRAME_S) : Math.max(0, m - (known ? 0.5 : 1) * d);
  }
}
