/**
 * One piece past 300 lines: the window, the segment being made, its parts and the sound riding in them all change at
 * each picture, in one order; the rules they follow (part cutting and its target, sound held) are files of their own.
 * One camera's H.264 access units as HLS fMP4 segments held in memory: an init segment (ftyp+moov) per
 * picture format, and media segments that each start at a keyframe and run for `targetMs` or one GOP,
 * whichever is longer, each cut at frames into Low-Latency HLS parts of at most `partTargetMs` (hls-parts.ts).
 * A rolling window of at most `windowSegments` finished segments and `capBytes` in all (the one being made
 * counted too), oldest dropped first. The camera's sound, when it has some, rides as a second track in the same
 * fragments' parts. The bytes are copied (Mp4Muxer), never decoded or encoded. Pure code, no I/O.
 */
import type { AudioTrack } from '../../common/codec/rtp-audio.js';
import { parameterSets } from '../../common/codec/avc.js';
import { h264FrameRate } from '../../common/codec/sps.js';
import { frameInterval, PartCutter, partTargetFor, typicalInterval, type HlsPart } from './hls-parts.js';
import { SoundHold } from './hls-sound-hold.js';
import { Mp4Muxer, SOUND_GONE_MS, type MuxedPicture, type MuxSound, type MuxUnit } from './mp4-muxer.js';

export type { HlsPart } from './hls-parts.js';

export const SEGMENTER_DEFAULTS = {
  /** A segment ends at the first keyframe about this long after its start (one GOP when the GOP is longer). */
  targetMs: 2000,
  /** Finished segments listed at most: three for the player to start behind the live edge, three of slack. */
  windowSegments: 6,
  /** Bytes held at most for one camera; past it the oldest segments go, and a segment larger alone is dropped. */
  capBytes: 16 * 1024 * 1024,
  /** A pause in the camera's units this long (it went offline, or stopped sending) starts a new timeline. */
  gapMs: 5000,
  /**
   * Parts aim at this (MediaMTX's default is 200 ms; 300 keeps 4 frames of 15 fps together); the target the playlist
   * declares is set from the camera's frame interval, as its SPS states it unless the first segment's is far from it,
   * when the first segment is whole, before any playlist is served (hls-parts.ts frameInterval and partTargetFor:
   * 310 ms at 10 fps, 510 ms at 2 fps), and kept for the packager's life.
   */
  partTargetMs: 300,
  /**
   * A sound track that had no frame for this long (the camera's sound was turned off, or its microphone went) is
   * left out from the next keyframe: a browser's Media Source plays only where every track has data, so a track
   * declared and empty would stall it.
   */
  soundGoneMs: SOUND_GONE_MS,
};

export type SegmenterOptions = typeof SEGMENTER_DEFAULTS;

/** Frame intervals kept from the first segment, at most (a GOP of 10 s at 60 fps). */
const MAX_INTERVALS = 600;

/** One finished media segment. */
export interface HlsSegment {
  /** Its media sequence number: its URI is `seg-<n>.m4s`. */
  n: number;
  /** The init segment it decodes with. */
  init: number;
  /** Its discontinuity sequence number: +1 at each new init segment (a new format or timeline). */
  disc: number;
  /** Capture time of its first unit, ms since the epoch. */
  startAt: number;
  durationMs: number;
  bytes: Buffer;
  /** Its parts, in order; their bytes are views of `bytes`. */
  parts: HlsPart[];
}

interface Building {
  n: number;
  init: number;
  disc: number;
  startAt: number;
  lastAt: number;
  /** Where its last picture ends (the next picture's time). */
  endAt: number;
  parts: PartCutter;
}

export class HlsSegmenter {
  private readonly o: SegmenterOptions;
  private muxer = new Mp4Muxer();
  /** The sound track the next init segment carries, and when its last frame (or the timeline's first unit) was. */
  private audio: AudioTrack | null = null;
  private soundAt: number | null = null;
  private readonly inits = new Map<number, Buffer>();
  private initCount = 0;
  private disc = 0;
  private nextN = 0;
  private nextPart = 0;
  private building: Building | null = null;
  private finished: HlsSegment[] = [];
  /** The part target: the aim until the first segment is whole, then set from its frame intervals (firstIntervals, null once used). */
  private partTarget: number;
  private firstIntervals: number[] | null = [];
  /** The frame interval the camera's first SPS states (ms), null when it states none. */
  private statedMs: number | null = null;
  /** Sound ahead of the picture, held until a picture passes it (hls-sound-hold.ts). */
  private readonly hold = new SoundHold((sound) => this.writeSound(sound));
  /** Segments made, and those dropped whole because one alone outgrew the byte cap. */
  made = 0;
  oversize = 0;
  /** Parts made: a blocking playlist request waits for this to move. */
  partsMade = 0;
  /** Times the sound track was left out because it stopped (its packager tells the probe). */
  soundsGone = 0;
  /** Moves whenever what the playlist lists does (a part, a segment begun, finished or dropped): a rendered playlist holds while it stands. */
  version = 0;

  constructor(options: Partial<SegmenterOptions> = {}) {
    this.o = { ...SEGMENTER_DEFAULTS, ...options };
    this.partTarget = this.o.partTargetMs;
    if (!(this.o.targetMs > 0 && this.o.windowSegments >= 1 && this.o.capBytes > 0 && this.o.partTargetMs > 0 && this.o.partTargetMs < this.o.targetMs)) {
      throw new TypeError('HlsSegmenter needs targetMs > 0, windowSegments >= 1, capBytes > 0 and 0 < partTargetMs < targetMs.');
    }
  }

  get targetMs(): number {
    return this.o.targetMs;
  }

  /** The finished segments in the window, oldest first. */
  get segments(): readonly HlsSegment[] {
    return this.finished;
  }

  /** The part target the playlist declares (the aim until the first segment is whole). */
  get partTargetMs(): number {
    return this.partTarget;
  }

  segment(n: number): HlsSegment | undefined {
    return this.finished.find((s) => s.n === n);
  }

  /** The segment being made: its number, init, discontinuity, start and finished parts (null before the first keyframe). */
  get current(): { n: number; init: number; disc: number; startAt: number; parts: readonly HlsPart[] } | null {
    const b = this.building;
    return b && { n: b.n, init: b.init, disc: b.disc, startAt: b.startAt, parts: b.parts.done };
  }

  /** The id the next part will have (the preload hint's). */
  get nextPartId(): number {
    return this.nextPart;
  }

  /** A part still held: of the segment being made, or of a finished one in the window. */
  part(id: number): HlsPart | undefined {
    const inCurrent = this.building?.parts.done.find((p) => p.id === id);
    if (inCurrent) return inCurrent;
    for (let i = this.finished.length - 1; i >= 0; i--) {
      const parts = this.finished[i]!.parts;
      if (parts.length > 0 && parts[0]!.id <= id) return parts.find((p) => p.id === id);
    }
    return undefined;
  }

  /** An init segment still used by a segment in the window (or by the one being made). */
  init(id: number): Buffer | undefined {
    return this.inits.get(id);
  }

  /** Bytes held now: the window's segments, the one being made, and their init segments. */
  get bytes(): number {
    let n = this.building?.parts.size ?? 0;
    for (const s of this.finished) n += s.bytes.length;
    for (const b of this.inits.values()) n += b.length;
    return n;
  }

  /**
   * The sound track to carry from the start (as the camera's first sound frame said), before the first unit; `now`
   * (ms, the capture clock) starts the wait for its first frame: the first units are the kept GOP's, seconds older.
   */
  withSound(track: AudioTrack | null, now: number): void {
    if (this.muxer.started) return;
    this.audio = track;
    this.muxer = new Mp4Muxer(track);
    this.soundAt = now;
  }

  /** One sound frame of `track`: into the part being made; a new track (the sound came, or changed) starts a new init segment. */
  pushSound(sound: MuxSound, track: AudioTrack): void {
    if (!this.muxer.carries(track)) {
      this.audio = track;
      this.restart();
      this.soundAt = sound.capturedAt;
      return;
    }
    this.soundAt = sound.capturedAt;
    this.hold.offer(sound);
  }

  private writeSound(sound: MuxSound): void {
    // No picture placed yet on this timeline: dropped before the muxer moves its sound on (as a frame before the first picture).
    if (!this.building) return;
    const out = this.muxer.pushSound(sound);
    if (out.kind !== 'bytes') return;
    if (this.building.parts.append(out.chunks[0]!)) this.trim();
  }

  push(unit: MuxUnit): void {
    const b = this.building;
    // A long pause would make one segment span it: the camera came back, so a new timeline begins.
    if (b && unit.capturedAt - b.lastAt > this.o.gapMs) this.restart();
    this.soundAt ??= unit.capturedAt;
    if (this.audio && unit.keyframe && unit.capturedAt - this.soundAt > this.o.soundGoneMs) {
      this.audio = null;
      this.soundsGone++;
      this.restart();
    }
    let out = this.muxer.push(unit);
    if (out.kind === 'changed') {
      this.restart();
      out = this.muxer.push(unit);
    }
    if (out.kind !== 'bytes') return;
    if (out.init) {
      const sps = this.firstIntervals && parameterSets(unit.au)?.sps;
      const rate = sps ? h264FrameRate(sps) : null;
      if (sps) this.statedMs = rate !== null && rate >= 1 && rate <= 240 ? 1000 / rate : null;
      this.inits.set(++this.initCount, Buffer.from(out.init));
      // Any segment before it was on another timeline.
      if (this.nextN > 0) this.disc++;
    }
    // The muxer gives the picture before this one, now that its end is known; this one waits for the next.
    if (out.picture) this.place(out.picture);
    // Sound up to this picture goes in the part of the one before it (this one may start a new part).
    if (this.building) this.hold.picture(unit.capturedAt - 1);
    this.trim();
  }

  /** One picture, its end known, into the segment being made: a keyframe the target on from its start begins the next. */
  private place(p: MuxedPicture): void {
    // Sound held from before this picture goes in the part before it.
    this.hold.flush(p.capturedAt - 1);
    const cur = this.building;
    // 90% of the target: a camera's keyframe every 2 s comes a few ms early as often as late, and a GOP must not double a segment.
    if (p.keyframe && (!cur || cur.init !== this.initCount || p.capturedAt - cur.startAt >= this.o.targetMs * 0.9)) {
      if (cur) this.finish(cur, p.capturedAt);
      this.building = {
        n: this.nextN++,
        init: this.initCount,
        disc: this.disc,
        startAt: p.capturedAt,
        lastAt: p.capturedAt,
        endAt: p.endAt,
        parts: new PartCutter(this.partTarget),
      };
      this.version++;
    }
    const into = this.building;
    // Before the first keyframe of a new segment (an oversize one was dropped): nothing to append to.
    if (!into) return;
    // The first segment's frame intervals, which set the part target (bounded: one segment's frames, at most MAX_INTERVALS).
    const gap = p.capturedAt - into.lastAt;
    if (this.firstIntervals && gap > 0 && this.firstIntervals.length < MAX_INTERVALS) this.firstIntervals.push(gap);
    if (into.parts.push(p.fragment, p.capturedAt, p.endAt, p.keyframe, () => this.nextPart++)) {
      this.partsMade++;
      this.version++;
    }
    into.lastAt = p.capturedAt;
    into.endAt = p.endAt;
  }

  /** Ends the segment being made (its duration up to `endAt`) and puts it in the window. */
  private finish(b: Building, endAt: number): void {
    const { bytes, parts } = b.parts.finish(endAt, () => this.nextPart++);
    if (this.firstIntervals) {
      const frameMs = frameInterval(this.statedMs, typicalInterval(this.firstIntervals));
      this.partTarget = partTargetFor(this.o.partTargetMs, frameMs, this.o.targetMs);
      this.firstIntervals = null;
    }
    this.finished.push({ n: b.n, init: b.init, disc: b.disc, startAt: b.startAt, durationMs: Math.max(1, endAt - b.startAt), bytes, parts });
    this.building = null;
    this.made++;
    this.partsMade++;
    this.version++;
  }

  /** Drops the muxer's state: the next keyframe starts a new init segment, and a discontinuity. */
  private restart(): void {
    // The last picture, held for a next one that will not come on this timeline, lasts the camera's usual interval.
    const last = this.muxer.drain();
    if (last) this.place(last);
    const b = this.building;
    if (b) this.finish(b, b.endAt);
    this.muxer = new Mp4Muxer(this.audio);
    this.soundAt = null;
    // Frames of the track before (a new timeline or a new track begins): not written into the next init's segments.
    this.hold.clear();
  }

  private trim(): void {
    while (this.finished.length > this.o.windowSegments) this.drop();
    while (this.bytes > this.o.capBytes && this.finished.length > 0) this.drop();
    if (this.bytes > this.o.capBytes && this.building) {
      // One GOP larger than the whole cap: dropped (its number used again), and the next keyframe starts a new timeline.
      this.nextN = this.building.n;
      this.building = null;
      this.muxer = new Mp4Muxer(this.audio);
      this.oversize++;
      this.version++;
    }
    const used = new Set(this.finished.map((s) => s.init));
    used.add(this.building?.init ?? this.initCount);
    for (const id of this.inits.keys()) if (!used.has(id)) this.inits.delete(id);
  }

  private drop(): void {
    this.finished.shift();
    this.version++;
  }
}
