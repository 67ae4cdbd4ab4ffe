/**
 * Plays a camera's recording in one `<video>`: moment t of the day is segment s's file at
 * `currentTime = (t - s.start) / 1000` (docs/recording.md); at a file's end it goes on with the
 * next segment, across a gap with a word about it. Frame steps (frame-step.ts) use the presented frame's
 * own time (requestVideoFrameCallback) and the segment's fps, so a step lands inside the next frame's span.
 */
import type { Segment } from '../../../shared/segments.js';
import { codecSupport } from './codec-support.js';
import { nearestRecorded, segmentAt, type DayData } from './day-data.js';
import { FrameStepper } from './frame-step.js';
import { duration, gapWords } from './time.js';

export interface PlayerHooks {
  /** The moment shown changed (null: stopped). */
  time(t: number | null): void;
  /** Something to tell the person (a gap skipped, the end, a failure); null clears it. */
  notice(text: string | null): void;
  /** Why the moment chosen cannot be shown in this browser, said where the picture would be; null clears it. */
  unplayable(text: string | null): void;
  /** Playing, paused, rate or segment changed. */
  state(): void;
}

export const RATES = [1, 2, 4, 8] as const;
/** The next segment may start this much before a file's end (the end is an estimate: last frame plus one interval). */
const JOIN_MS = 2500;
/** A moment asked after a recording's end plays this much of what came before it. */
const LEAD_IN_MS = 3000;
/** A segment being written gains a fragment every 2 s (the keyframe interval): asked for again this often at its end. */
const FOLLOW_MS = 1000;
/** A frame callback's media time below this is a file's first frame (segment files start at 0). */
const FIRST_FRAME_S = 0.0005;

type VideoWithFrames = HTMLVideoElement & {
  requestVideoFrameCallback?: (cb: (now: number, meta: { mediaTime: number }) => void) => number;
};

function mediaSourceSupports(type: string): boolean {
  return typeof MediaSource !== 'undefined' && MediaSource.isTypeSupported(type);
}

export class Player {
  private day: DayData | null = null;
  private segment: Segment | null = null;
  /** The moment chosen where no file can play (a JPEG-kept segment): kept so export and the clock still know it. */
  private parked: number | null = null;
  /** Media time of the frame on screen, from requestVideoFrameCallback. */
  private presented: number | null = null;
  private follow: ReturnType<typeof setTimeout> | undefined;
  rate: number = 1;
  private readonly stepper: FrameStepper;

  constructor(
    readonly video: HTMLVideoElement,
    private readonly url: (path: string) => string,
    private readonly hooks: PlayerHooks,
  ) {
    this.stepper = new FrameStepper({
      video: this.video,
      segment: () => this.segment,
      segments: () => this.day?.segments ?? [],
      capFps: () => this.day?.recording?.settings.fps ?? 15,
      presented: () => this.presented,
      forgetPresented: () => void (this.presented = null),
      load: (s, media) => this.load(s, media, false),
    });
    video.muted = true;
    video.playsInline = true;
    video.preload = 'auto';
    video.addEventListener('ended', () => this.onEnded());
    video.addEventListener('timeupdate', () => this.hooks.time(this.time));
    video.addEventListener('seeked', () => {
      this.hooks.time(this.time);
      this.stepper.seeked();
    });
    for (const e of ['play', 'pause', 'ratechange']) video.addEventListener(e, () => this.hooks.state());
    video.addEventListener('error', () => {
      if (!this.segment) return;
      this.hooks.notice(`This recording could not be played (${this.video.error?.message || 'the browser refused the file'}).`);
    });
    this.watchFrames();
  }

  private watchFrames(): void {
    const v = this.video as VideoWithFrames;
    if (!v.requestVideoFrameCallback) return;
    const loop = (_now: number, meta: { mediaTime: number }) => {
      v.requestVideoFrameCallback!(loop);
      // A new file presents its first frame (media time 0) while its seek to the moment chosen is still under way; the
      // sought frame's callback comes later (after 'seeked', later still on a loaded box). Taken as the frame on screen,
      // it made the playhead, a mark, the boxes and the next frame step the segment's start for that while. Not it:
      // until the sought frame's callback, the moment is currentTime.
      if (v.seeking && meta.mediaTime < FIRST_FRAME_S && v.currentTime >= FIRST_FRAME_S) return;
      this.presented = meta.mediaTime;
      this.hooks.time(this.time);
      this.stepper.framePresented(meta.mediaTime);
    };
    v.requestVideoFrameCallback(loop);
  }

  setDay(day: DayData | null): void {
    this.day = day;
    // A segment still being written grows: take its newer record.
    const s = this.segment && day?.segments.find((x) => x.id === this.segment!.id);
    if (s) this.segment = s;
  }

  /** Something is loaded or parked: the page is in playback. */
  get active(): boolean {
    return this.segment !== null || this.parked !== null;
  }

  get current(): Segment | null {
    return this.segment;
  }

  get playing(): boolean {
    return this.segment !== null && !this.video.paused && !this.video.ended;
  }

  /** The moment on screen, in ms since 1970. */
  get time(): number | null {
    if (this.parked !== null) return this.parked;
    if (!this.segment) return null;
    const media = this.presented !== null && this.video.paused && !this.video.seeking ? this.presented : this.video.currentTime;
    return this.segment.start + media * 1000;
  }

  /** Shows moment `t`: in its segment, else at the nearest recorded moment (saying so). Plays when `play`, else pauses. */
  seek(t: number, play: boolean): void {
    const segments = this.day?.segments ?? [];
    let at = t;
    let s = segmentAt(segments, t);
    if (!s) {
      const near = nearestRecorded(segments, t);
      if (near === null) return this.hooks.notice('Nothing was recorded on this day.');
      s = segmentAt(segments, near)!;
      // After a recording's end, its last seconds: from its very end, one frame showed and then "End of the recording".
      at = near < t ? Math.max(s.start, near - LEAD_IN_MS) : near;
      const g = this.day?.gaps.find((x) => x.start <= t && t < x.end);
      this.hooks.notice(`Nothing recorded then${g ? ` (${gapWords(g.reason)})` : ''}: playing from the nearest recording.`);
    } else this.hooks.notice(null);
    this.load(s, (at - s.start) / 1000, play);
  }

  private load(s: Segment, media: number, play: boolean): void {
    this.stepper.reset();
    clearTimeout(this.follow);
    // Parked, not loaded: a file the browser cannot decode shows a black box, and the timeline and Export still need the moment.
    const unplayable =
      s.format !== 'h264'
        ? 'This part was kept as JPEG frames, which a browser cannot play: export it as an MP4 to watch it.'
        : codecSupport(s, { canPlayType: (t) => this.video.canPlayType(t), isTypeSupported: mediaSourceSupports });
    if (unplayable) {
      this.release();
      this.segment = null;
      this.parked = s.start + media * 1000;
      this.hooks.notice(null);
      this.hooks.unplayable(unplayable);
      this.hooks.time(this.parked);
      this.hooks.state();
      return;
    }
    this.parked = null;
    this.hooks.unplayable(null);
    this.presented = null;
    if (this.segment?.id !== s.id || !this.video.currentSrc) {
      this.segment = s;
      this.video.src = this.url(s.url);
    }
    this.video.defaultPlaybackRate = this.rate;
    this.video.playbackRate = this.rate;
    this.video.currentTime = Math.max(0, media);
    if (play) void this.video.play().catch(() => {});
    else this.video.pause();
    this.hooks.time(this.time);
    this.hooks.state();
  }

  toggle(): void {
    if (!this.segment) return;
    if (this.video.paused) void this.video.play().catch(() => {});
    else this.video.pause();
  }

  pause(): void {
    this.video.pause();
  }

  setRate(rate: number): void {
    this.rate = rate;
    this.video.defaultPlaybackRate = rate;
    this.video.playbackRate = rate;
    this.hooks.state();
  }

  /** One frame on (+1) or back (-1), paused; into the next or previous segment past a file's last frame. */
  step(dir: 1 | -1): void {
    this.stepper.step(dir);
  }

  private onEnded(): void {
    const s = this.segment;
    if (!s) return;
    const segments = this.day?.segments ?? [];
    const next = segments.find((x) => x.start >= s.end - JOIN_MS && x.start > s.start);
    if (!next && s.state === 'open') return this.followGrowing(s);
    if (!next) return this.hooks.notice('End of the recording.');
    // The relay lists a gap where frames really stopped (gaps.ts); files that merely follow on each other play on in silence.
    const g = this.day?.gaps.find((x) => x.start < next.start && x.end > s.end);
    this.hooks.notice(g ? `Skipped ${duration(next.start - s.end)} with nothing recorded (${gapWords(g.reason)}).` : null);
    this.load(next, 0, true);
  }

  /**
   * The end of a segment still being written is only the end of what the file held when it was
   * asked for: ask again (a new request sees the longer file) and play on from the same moment.
   */
  private followGrowing(s: Segment): void {
    const at = this.video.currentTime;
    this.hooks.notice('Playing the recording as it is written, a few seconds behind live: Back to live shows the camera now.');
    clearTimeout(this.follow);
    this.follow = setTimeout(() => {
      if (this.segment?.id !== s.id) return;
      this.video.src = `${this.url(s.url)}?grown=${Date.now()}`;
      this.video.currentTime = at;
      void this.video.play().catch(() => {});
    }, FOLLOW_MS);
  }

  /** Stops and lets go of the file (no request stays open). */
  stop(): void {
    this.release();
    this.segment = null;
    this.parked = null;
    this.hooks.notice(null);
    this.hooks.time(null);
    this.hooks.state();
  }

  private release(): void {
    clearTimeout(this.follow);
    this.video.pause();
    this.video.removeAttribute('src');
    this.video.load();
    this.presented = null;
    this.stepper.reset();
  }
}
