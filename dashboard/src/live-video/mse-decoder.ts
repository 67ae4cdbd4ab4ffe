/**
 * H.264 through Media Source Extensions, for plain-http pages where WebCodecs does not exist: each
 * unit becomes an fMP4 fragment for a hidden muted video, whose frames are copied inside the frame
 * callback that names them (requestVideoFrameCallback; a copy made later may catch the next frame).
 * The video shows frames on its own clock: one shown while the page's frame callbacks did not run (a
 * loaded box) is never copied, and is reported `missed`. The buffer is kept short and playback near
 * its live edge: more than `LATE_MS` behind, it jumps to the first picture within it, reporting what
 * it skipped as late. Catch-up units are appended (the pictures after them need them) and never
 * reported: when the first unit after them is appended, playback seeks to it, and the video decodes
 * its way there from the keyframe unseen.
 */
import { nalUnits } from '../../../common/codec/annexb.js';
import { lengthPrefixed, parameterSets } from '../../../common/codec/avc.js';
import { LATE_MS, LiveEdge, type Decoder, type DecoderEvents, type DecodeUnit } from './decoder.js';
import { fragment, initSegment, TIMESCALE } from '../../../common/codec/fmp4.js';

/** Media kept behind the playhead; more is removed. */
const KEEP_BEHIND_S = 2;
const DEFAULT_FRAME_S = 1 / 15;
/** Samples remembered to name a shown frame's unit. */
const TIMES_MAX = 64;

type Sample = { t: number; seq: number; capturedAt: number; catchUp: boolean };

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
  private frameTicks = Math.round(DEFAULT_FRAME_S * TIMESCALE);
  private readonly times: Sample[] = [];
  /** The newest unit's capture time: how late a waiting unit is. */
  private readonly edge = new LiveEdge();
  private readonly copy = new OffscreenCanvas(1, 1).getContext('2d')!;
  private lastShown: Sample | null = null;
  /** Where playback jumps next: the middle of the first picture appended after a catch-up run. */
  private seekTo: number | null = null;
  private lastCatchUp = false;
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
    this.edge.saw(u.capturedAt);
    // A keyframe while earlier units wait for their append: those late behind it (all, before a catch-up run's) are dropped.
    if (u.keyframe) this.appends = this.appends.filter((a) => a instanceof Uint8Array || !this.drops(a, u));
    if (!this.codec || nalUnits(u.au).length === 0) return;
    this.appends.push(u);
    this.pump();
  }

  close(): void {
    this.closed = true;
    this.video.pause();
    URL.revokeObjectURL(this.video.src);
    this.video.remove();
  }

  /** Whether a waiting unit is dropped for `key`, saying so when it is late. */
  private drops(a: DecodeUnit, key: DecodeUnit): boolean {
    const late = this.edge.late(a.capturedAt);
    if (late && !a.catchUp) this.events.late(a.seq, this.edge.behind(a.capturedAt));
    return key.catchUp || late;
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
    const next = this.appends.shift();
    if (!next) return this.keepLive();
    try {
      b.appendBuffer((next instanceof Uint8Array ? next : this.fragmentOf(next)) as Uint8Array<ArrayBuffer>);
    } catch (e) {
      return this.fail(`SourceBuffer: ${(e as Error).message}`);
    }
    if (!(next instanceof Uint8Array) && next.catchUp) this.events.caughtUp(next.seq);
  }

  private fragmentOf(u: DecodeUnit): Uint8Array {
    if (this.lastCapturedAt !== null) {
      const gap = (u.capturedAt - this.lastCapturedAt) / 1000;
      if (gap > 0 && gap < 1) this.frameTicks = Math.round(gap * TIMESCALE);
    }
    this.lastCapturedAt = u.capturedAt;
    // The timeline stays contiguous across a keyframe skip: the skipped GOP leaves no hole to stall on.
    const f = fragment(++this.sequence, this.decodeTime, this.frameTicks, u.keyframe, lengthPrefixed(u.au, 'h264', 'drop'));
    this.times.push({ t: this.decodeTime / TIMESCALE, seq: u.seq, capturedAt: u.capturedAt, catchUp: u.catchUp });
    // Half a frame in: a seek to a sample's exact start may land on the one before it.
    if (this.lastCatchUp && !u.catchUp) this.seekTo = (this.decodeTime + this.frameTicks / 2) / TIMESCALE;
    this.lastCatchUp = u.catchUp;
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
    // Where the newest picture starts: playback's distance behind it is how late the picture on show is.
    const newest = end - this.frameTicks / TIMESCALE;
    if (this.seekTo !== null && this.seekTo >= start && this.seekTo < end) v.currentTime = this.seekTo;
    else if (v.currentTime < start) v.currentTime = Math.max(start, newest);
    else if (newest - v.currentTime > LATE_MS / 1000) v.currentTime = this.skipLate(newest, v.currentTime);
    this.seekTo = null;
    if (v.paused) v.play().catch(() => {}); // muted autoplay; a refusal shows as a stall
  }

  /** Says which pictures after `from` are late (more than `LATE_MS` behind `newest`) and returns the middle of the first that is not. */
  private skipLate(newest: number, from: number): number {
    const first = this.times.find((s) => s.t >= from && newest - s.t <= LATE_MS / 1000);
    if (!first) return newest;
    for (const s of this.times) if (s.t > from && s.t < first.t && !s.catchUp) this.events.late(s.seq, this.edge.behind(s.capturedAt));
    this.lastShown = null;
    return first.t + this.frameTicks / 2 / TIMESCALE;
  }

  private readonly onFrame = (_now: number, md: VideoFrameCallbackMetadata): void => {
    if (this.closed) return;
    this.video.requestVideoFrameCallback(this.onFrame);
    const shown = this.times.reduce<Sample | null>((best, s) => (s.t <= md.mediaTime + 1e-3 && (!best || s.t > best.t) ? s : best), null);
    if (!shown || shown === this.lastShown) return;
    // Pictures the video showed since the last callback: the page was too busy to copy them.
    const last = this.lastShown;
    if (last) for (const s of this.times) if (s.t > last.t && s.t < shown.t && !s.catchUp) this.events.missed(s.seq);
    this.lastShown = shown;
    if (shown.catchUp) return;
    // A callback that runs after this frame's time on screen, with the next one appended: the video has likely
    // shown the next, and a copy now would name it wrongly. Missed, as one the callback never came for.
    const next = this.times.find((s) => s.t > shown.t);
    const onScreenUntil = md.expectedDisplayTime + (1000 * this.frameTicks) / TIMESCALE;
    if (next && performance.now() > onScreenUntil) return this.events.missed(shown.seq);
    this.copyFrame(shown);
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
