/**
 * H.264 through Media Source Extensions, for plain-http pages where WebCodecs does not exist: each
 * unit becomes an fMP4 fragment for a hidden muted video, whose frames are copied as they are shown
 * (requestVideoFrameCallback). A unit is appended only once the picture before it was copied: a video
 * given several pictures ahead shows them on its own clock, and a page whose frame callbacks came late
 * (a loaded box) lost the ones shown in between. Playback runs fast (`RATE`) and waits at the end of
 * its buffer, so each picture is shown as soon as it is appended. Units that wait are the page's lag:
 * what is more than `LATE_MS` behind the newest unit is appended unseen and playback seeks past it, as
 * for catch-up units (appended, since the pictures after them need them, and never reported: when the
 * first unit after them is appended, playback seeks to it and the video decodes its way there unseen).
 */
import { nalUnits, parameterSets, toLengthPrefixed } from './annexb.js';
import { LATE_MS, type Decoder, type DecoderEvents, type DecodeUnit } from './decoder.js';
import { fragment, initSegment, TIMESCALE } from './fmp4.js';

/** Media kept behind the playhead; more is removed. */
const KEEP_BEHIND_S = 2;
const DEFAULT_FRAME_S = 1 / 15;
/** Samples remembered to name a shown frame's unit. */
const TIMES_MAX = 64;
/**
 * Playback speed: the video reaches the end of what it has before the next unit comes and waits there,
 * so a picture is shown when appended, and a page that fell behind catches up at twice the camera's rate.
 */
const RATE = 2;

type Sample = { t: number; seq: number; capturedAt: number; hidden: boolean };

export class MseDecoder implements Decoder {
  private readonly video = document.createElement('video');
  private readonly source = new MediaSource();
  private buffer: SourceBuffer | null = null;
  /** Init segments and units not yet appended; a unit's fragment is made at its append, so skipped ones leave no hole. */
  private appends: (Uint8Array | DecodeUnit)[] = [];
  private codec = '';
  private sequence = 0;
  private decodeTime = 0;
  private lastCapturedAt: number | null = null;
  /** The newest unit's capture time: how late a waiting unit is. */
  private newestCapturedAt = -Infinity;
  private frameTicks = Math.round(DEFAULT_FRAME_S * TIMESCALE);
  private readonly times: Sample[] = [];
  /** Copies the shown frame in the frame callback itself: an async copy may catch the frame after it. */
  private readonly copy = new OffscreenCanvas(1, 1).getContext('2d')!;
  /** Where playback jumps next: the middle of the first picture appended after a catch-up or late run. */
  private seekTo: number | null = null;
  private lastHidden = false;
  /** The picture appended and not yet shown, and when: the next unit waits for it, `LATE_MS` at most. */
  private unshown: { seq: number; capturedAt: number; at: number } | null = null;
  private gateTimer: ReturnType<typeof setTimeout> | null = null;
  private lastShown = -1;
  private closed = false;

  constructor(private readonly events: DecoderEvents) {
    const v = this.video;
    v.muted = true;
    v.playsInline = true;
    // Painted (so its frames are produced) but invisible: a video with display:none may not decode.
    v.style.cssText = 'position:fixed;left:0;top:0;width:2px;height:2px;opacity:0;pointer-events:none';
    v.src = URL.createObjectURL(this.source);
    v.addEventListener('error', () => this.fail(`video: ${v.error?.message || `media error ${v.error?.code}`}`));
    document.body.append(v);
    v.requestVideoFrameCallback(this.onFrame);
  }

  decode(u: DecodeUnit): void {
    if (this.closed) return;
    if (u.keyframe && u.codec !== this.codec) {
      const sets = parameterSets(u.au);
      if (!sets) return this.fail('a keyframe without its SPS and PPS');
      if (!this.open(u.codec)) return;
      this.appends.push(initSegment(u.width, u.height, sets.sps, sets.pps));
    }
    this.newestCapturedAt = u.capturedAt;
    // A keyframe while earlier units wait: those late behind it (all, before a catch-up run's) are dropped, not decoded.
    if (u.keyframe) this.appends = this.appends.filter((a) => a instanceof Uint8Array || !this.drops(a, u));
    if (!this.codec || nalUnits(u.au).length === 0) return;
    this.appends.push(u);
    this.pump();
  }

  close(): void {
    this.closed = true;
    if (this.gateTimer) clearTimeout(this.gateTimer);
    this.video.pause();
    URL.revokeObjectURL(this.video.src);
    this.video.remove();
  }

  /** Whether a waiting unit is dropped for `key`, saying so when it is late. */
  private drops(a: DecodeUnit, key: DecodeUnit): boolean {
    const late = this.behind(a) > LATE_MS;
    if (late && !a.catchUp) this.events.late(a.seq, this.behind(a));
    return key.catchUp || late;
  }

  private behind(u: DecodeUnit): number {
    return this.newestCapturedAt - u.capturedAt;
  }

  private open(codec: string): boolean {
    const mime = `video/mp4; codecs="${codec}"`;
    try {
      if (this.buffer) this.buffer.changeType(mime);
      this.codec = codec;
      return true;
    } catch (e) {
      this.fail(`MediaSource refused ${codec}: ${(e as Error).message}`);
      return false;
    }
  }

  private pump(): void {
    if (this.closed) return;
    if (!this.buffer) {
      if (this.source.readyState !== 'open') {
        this.source.addEventListener('sourceopen', () => this.pump(), { once: true });
        return;
      }
      try {
        this.buffer = this.source.addSourceBuffer(`video/mp4; codecs="${this.codec}"`);
      } catch (e) {
        return this.fail(`MediaSource refused ${this.codec}: ${(e as Error).message}`);
      }
      this.buffer.addEventListener('updateend', () => this.pump());
      this.buffer.addEventListener('error', () => this.fail('SourceBuffer: the fragment did not decode'));
    }
    const b = this.buffer;
    if (b.updating) return;
    if (this.trim(b)) return;
    const next = this.appends[0];
    if (!next) return this.keepLive();
    const unit = next instanceof Uint8Array ? null : next;
    // Late: appended unseen (the pictures after it need it), playback seeks past it. Not late: shown, once the one before was.
    const hidden = unit !== null && (unit.catchUp || this.behind(unit) > LATE_MS);
    if (unit && !hidden && this.waitForShown()) return this.keepLive();
    this.appends.shift();
    try {
      b.appendBuffer((unit ? this.fragmentOf(unit, hidden) : next) as Uint8Array<ArrayBuffer>);
    } catch (e) {
      return this.fail(`SourceBuffer: ${(e as Error).message}`);
    }
    if (!unit) return;
    if (unit.catchUp) this.events.caughtUp(unit.seq);
    else if (hidden) {
      // Playback seeks past it, and past the picture before it if that was not shown yet.
      this.skipUnshown();
      this.events.late(unit.seq, this.behind(unit));
    } else this.unshown = { seq: unit.seq, capturedAt: unit.capturedAt, at: performance.now() };
  }

  /** True while the picture appended last is not yet shown, for `LATE_MS` at most: then the page is that far behind, and it is late. */
  private waitForShown(): boolean {
    if (!this.unshown) return false;
    const left = this.unshown.at + LATE_MS - performance.now();
    if (left <= 0) {
      this.skipUnshown();
      return false;
    }
    this.gateTimer ??= setTimeout(() => {
      this.gateTimer = null;
      this.pump();
    }, left);
    return true;
  }

  private skipUnshown(): void {
    const u = this.unshown;
    if (!u) return;
    this.unshown = null;
    this.events.late(u.seq, Math.max(this.newestCapturedAt - u.capturedAt, performance.now() - u.at));
  }

  private fragmentOf(u: DecodeUnit, hidden: boolean): Uint8Array {
    if (this.lastCapturedAt !== null) {
      const gap = (u.capturedAt - this.lastCapturedAt) / 1000;
      if (gap > 0 && gap < 1) this.frameTicks = Math.round(gap * TIMESCALE);
    }
    this.lastCapturedAt = u.capturedAt;
    // The timeline stays contiguous across a keyframe skip: the skipped GOP leaves no hole to stall on.
    const f = fragment(++this.sequence, this.decodeTime, this.frameTicks, u.keyframe, toLengthPrefixed(u.au));
    this.times.push({ t: this.decodeTime / TIMESCALE, seq: u.seq, capturedAt: u.capturedAt, hidden });
    // Half a frame in: a seek to a sample's exact start may land on the one before it.
    if (this.lastHidden && !hidden) this.seekTo = (this.decodeTime + this.frameTicks / 2) / TIMESCALE;
    this.lastHidden = hidden;
    if (this.times.length > TIMES_MAX) this.times.shift();
    this.decodeTime += this.frameTicks;
    return f;
  }

  /** Removes what is well behind the playhead; true when a removal started. */
  private trim(b: SourceBuffer): boolean {
    const t = this.video.currentTime;
    if (b.buffered.length === 0 || t - b.buffered.start(0) < KEEP_BEHIND_S * 2) return false;
    b.remove(0, t - KEEP_BEHIND_S);
    return true;
  }

  private keepLive(): void {
    const v = this.video;
    const { buffered } = v;
    if (buffered.length === 0) return;
    const start = buffered.start(buffered.length - 1);
    const end = buffered.end(buffered.length - 1);
    if (this.seekTo !== null && this.seekTo >= start && this.seekTo < end) {
      v.currentTime = this.seekTo;
      this.seekTo = null;
    } else if (v.currentTime < start) v.currentTime = start;
    if (v.playbackRate !== RATE) v.playbackRate = RATE;
    if (v.paused) v.play().catch(() => {}); // muted autoplay; a refusal shows as a stall
  }

  private readonly onFrame = (_now: number, md: VideoFrameCallbackMetadata): void => {
    if (this.closed) return;
    this.video.requestVideoFrameCallback(this.onFrame);
    const shown = this.times.reduce<Sample | null>((best, s) => (s.t <= md.mediaTime + 1e-3 && (!best || s.t > best.t) ? s : best), null);
    if (!shown || shown.seq === this.lastShown) return;
    this.lastShown = shown.seq;
    if (this.unshown && this.unshown.seq <= shown.seq) this.unshown = null;
    if (!shown.hidden) this.copyFrame(shown);
    this.pump();
  };

  private copyFrame(s: Sample): void {
    const { videoWidth: w, videoHeight: h } = this.video;
    if (!w || !h) return;
    const c = this.copy.canvas;
    if (c.width !== w) c.width = w;
    if (c.height !== h) c.height = h;
    this.copy.drawImage(this.video, 0, 0);
    this.events.picture({ bitmap: c.transferToImageBitmap(), seq: s.seq, capturedAt: s.capturedAt });
  }

  private fail(detail: string): void {
    if (this.closed) return;
    this.close();
    this.events.error(detail);
  }
}
