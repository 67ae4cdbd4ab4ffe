/**
 * One camera's H.264 access units (Annex B, as the camera side sends them), and its sound frames when it has
 * sound, as one progressive fMP4: the init segment (ftyp+moov, its avcC from the first keyframe's SPS and PPS,
 * and the sound's track when one is given), then one moof+mdat per unit or frame, each picture written when the next
 * one comes (one picture of delay), so its duration is the time to it. The bytes are copied, never decoded or encoded.
 * Pure code, no I/O.
 */
import { lengthPrefixed, parameterSets } from '../../common/codec/avc.js';
import { AUDIO_TRACK, audioTimescale, fragment, initSegment, TIMESCALE } from '../../common/codec/fmp4.js';
import { readOpusPacket } from '../../common/codec/opus.js';
import { sameAudioTrack, type AudioTrack } from '../../common/codec/rtp-audio.js';

export interface MuxUnit {
  au: Uint8Array;
  keyframe: boolean;
  width: number;
  height: number;
  /** Capture time, ms. */
  capturedAt: number;
}

/** One frame of the camera's sound: an AAC access unit (no ADTS header) or an Opus packet. */
export interface MuxSound {
  frame: Uint8Array;
  /** Capture time of its first sample, ms, on the picture's clock. */
  capturedAt: number;
}

/** A picture whose duration is now known (the next one came), as its fragment. */
export interface MuxedPicture {
  /** Its capture time, and where it ends: the next picture's capture time (ms). */
  capturedAt: number;
  endAt: number;
  keyframe: boolean;
  fragment: Uint8Array;
}

/**
 * What `push` made of a unit: bytes to write (`chunks`: the init segment at the first keyframe, then the picture before
 * this one, held until now), nothing yet (before the first keyframe), or the end (the picture changed).
 */
export type MuxResult = { kind: 'bytes'; chunks: Uint8Array[]; init?: Uint8Array; picture?: MuxedPicture } | { kind: 'wait' } | { kind: 'changed' };

/** A unit's duration until the camera has shown its pace: 15 fps. */
const FIRST_DURATION = TIMESCALE / 15;
/**
 * The sound plays on without gaps (a player stalls or clicks at one) while its capture times stay this close to
 * where its samples have got to; further behind (frames lost) it starts again at its time, further ahead frames wait.
 */
export const SOUND_SLACK_MS = 200;
/** A sound track with no frame for this long is gone (turned off, or its microphone went): players get the picture alone. */
export const SOUND_GONE_MS = 3000;

/** Intervals kept for the camera's usual one: a second and a half at 10 fps. */
const PACE_KEPT = 15;

/**
 * The camera's usual interval between two units, the last picture's duration when no next one comes: the mean of the
 * last few (their span over their count), not the median, which a burst after a late picture (2 ms apart) pulls down.
 */
class FramePace {
  private readonly intervals: number[] = [];

  add(interval: number): void {
    this.intervals.push(interval);
    if (this.intervals.length > PACE_KEPT) this.intervals.shift();
  }

  usual(): number {
    if (this.intervals.length === 0) return FIRST_DURATION;
    return Math.max(1, Math.round(this.intervals.reduce((a, b) => a + b, 0) / this.intervals.length));
  }
}

/** The picture waiting for the next one, which gives its duration. */
interface Held {
  time: number;
  capturedAt: number;
  keyframe: boolean;
  sample: Uint8Array;
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Samples in one frame: AAC-LC's 1024, or what the Opus packet's TOC says (20 ms when it says nothing usable). */
function frameSamples(track: AudioTrack, frame: Uint8Array): number {
  if (track.codec !== 'opus') return 1024;
  const info = readOpusPacket(frame);
  return info.ok ? info.value.samples : 960;
}

export class Mp4Muxer {
  private sps: Uint8Array | null = null;
  private sequence = 0;
  private firstAt = 0;
  private lastTime = -1;
  private readonly pace = new FramePace();
  private held: Held | null = null;
  /** Where the sound's samples have got to, in its timescale; -1 before its first frame. */
  private soundEnd = -1;

  /** `audio`: the camera's sound track, carried beside the picture (as the init segment says, so known before it). */
  constructor(readonly audio: AudioTrack | null = null) {}

  /** True once the init segment went out. */
  get started(): boolean {
    return this.sps !== null;
  }

  /** Whether a frame of `track` fits this muxer's sound track (false when it has none). */
  carries(track: AudioTrack): boolean {
    return this.audio !== null && sameAudioTrack(this.audio, track);
  }

  /**
   * One unit in; out the bytes of the picture before it, whose duration is now known (nothing before the first keyframe
   * that carries its SPS and PPS). Each picture lasts until the next one's decode time, so every fragment's decode time is
   * the sum of the durations before it: a duration guessed from the last interval left a gap or an overlap at a late
   * picture, which a browser's Media Source takes as a discontinuity, dropping every picture to the next keyframe (#55).
   */
  push(unit: MuxUnit): MuxResult {
    let init: Uint8Array | undefined;
    if (unit.keyframe) {
      const sets = parameterSets(unit.au);
      if (!this.sps) {
        if (!sets) return { kind: 'wait' };
        this.sps = sets.sps;
        this.firstAt = unit.capturedAt;
        init = initSegment(unit.width, unit.height, sets.sps, sets.pps, this.audio);
      } else if (sets && !sameBytes(sets.sps, this.sps)) {
        // A new size or profile needs a new moov, which a progressive MP4 cannot carry: the reader opens the URL again.
        return { kind: 'changed' };
      }
    } else if (!this.sps) return { kind: 'wait' };
    // Decode times must rise: the capture clock may repeat a millisecond or step back a little.
    const time = Math.max(this.lastTime + 1, Math.round(((unit.capturedAt - this.firstAt) * TIMESCALE) / 1000));
    if (this.lastTime >= 0 && time - this.lastTime < TIMESCALE) this.pace.add(time - this.lastTime);
    this.lastTime = time;
    const picture = this.held && this.write(this.held, time - this.held.time, unit.capturedAt);
    this.held = { time, capturedAt: unit.capturedAt, keyframe: unit.keyframe, sample: lengthPrefixed(unit.au, 'h264', 'drop') };
    const chunks = [...(init ? [init] : []), ...(picture ? [picture.fragment] : [])];
    return { kind: 'bytes', chunks, ...(init && { init }), ...(picture && { picture }) };
  }

  /** The held picture, lasting the camera's usual interval (no next one will come: the timeline or the stream ends); null when none. */
  drain(): MuxedPicture | null {
    const held = this.held;
    if (!held) return null;
    this.held = null;
    const duration = this.pace.usual();
    return this.write(held, duration, held.capturedAt + Math.max(1, Math.round((duration * 1000) / TIMESCALE)));
  }

  private write(held: Held, duration: number, endAt: number): MuxedPicture {
    const bytes = fragment(++this.sequence, held.time, duration, held.keyframe, held.sample);
    return { capturedAt: held.capturedAt, endAt, keyframe: held.keyframe, fragment: bytes };
  }

  /**
   * One sound frame as bytes to write, on the picture's timeline: nothing before the picture's first keyframe (or
   * when this muxer carries no sound). The caller checks the frame's track with `carries` first.
   */
  pushSound(sound: MuxSound): MuxResult {
    const audio = this.audio;
    if (!audio || !this.sps) return { kind: 'wait' };
    const rate = audioTimescale(audio);
    const samples = frameSamples(audio, sound.frame);
    const at = Math.round(((sound.capturedAt - this.firstAt) * rate) / 1000);
    if (this.soundEnd < 0 && at + samples <= 0) return { kind: 'wait' };
    const slack = (SOUND_SLACK_MS * rate) / 1000;
    // Ahead of its capture time by more than the slack (a sender's sample clock faster than the capture clock, which
    // it steps back to now and then): frames are dropped until the capture time catches up, so the sound never drifts
    // ahead of the picture. Times must rise, so it cannot step back instead.
    if (this.soundEnd >= 0 && this.soundEnd - at > slack) return { kind: 'wait' };
    // Back to back while the capture times agree; a jump forward past the slack (frames lost) is kept as a gap.
    const time = this.soundEnd < 0 ? Math.max(0, at) : at - this.soundEnd > slack ? at : this.soundEnd;
    this.soundEnd = time + samples;
    return { kind: 'bytes', chunks: [fragment(++this.sequence, time, samples, true, sound.frame, AUDIO_TRACK)] };
  }
}
