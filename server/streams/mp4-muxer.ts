/**
 * One camera's H.264 access units (Annex B, as the camera side sends them), and its sound frames when it has
 * sound, as one progressive fMP4: the init segment (ftyp+moov, its avcC from the first keyframe's SPS and PPS,
 * and the sound's track when one is given), then one moof+mdat per unit or frame. The bytes are copied, never
 * decoded or encoded. Pure code, no I/O.
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

/** What `push` made of a unit: bytes to write, nothing yet (before the first keyframe), or the end (the picture changed). */
export type MuxResult = { kind: 'bytes'; chunks: Uint8Array[] } | { kind: 'wait' } | { kind: 'changed' };

/** A unit's duration until the camera has shown its pace: 15 fps. */
const FIRST_DURATION = TIMESCALE / 15;
/**
 * The sound plays on without gaps (a player stalls or clicks at one) while its capture times stay this close to
 * where its samples have got to; further behind (frames lost) it starts again at its time, further ahead frames wait.
 */
export const SOUND_SLACK_MS = 200;
/** A sound track with no frame for this long is gone (turned off, or its microphone went): players get the picture alone. */
export const SOUND_GONE_MS = 3000;

/** Intervals kept for the camera's usual one (their median): a second and a half at 10 fps. */
const PACE_KEPT = 15;

/** A unit's duration: the last interval between two units, or the camera's usual one (the median) when longer. */
class FramePace {
  private readonly intervals: number[] = [];
  private last = FIRST_DURATION;

  add(interval: number): void {
    this.last = interval;
    this.intervals.push(interval);
    if (this.intervals.length > PACE_KEPT) this.intervals.shift();
  }

  duration(): number {
    if (this.intervals.length === 0) return this.last;
    const sorted = [...this.intervals].sort((a, b) => a - b);
    return Math.max(this.last, sorted[sorted.length >> 1]!);
  }
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

  /** One unit as bytes to write; nothing before the first keyframe that carries its SPS and PPS. */
  push(unit: MuxUnit): MuxResult {
    const chunks: Uint8Array[] = [];
    if (unit.keyframe) {
      const sets = parameterSets(unit.au);
      if (!this.sps) {
        if (!sets) return { kind: 'wait' };
        this.sps = sets.sps;
        this.firstAt = unit.capturedAt;
        chunks.push(initSegment(unit.width, unit.height, sets.sps, sets.pps, this.audio));
      } else if (sets && !sameBytes(sets.sps, this.sps)) {
        // A new size or profile needs a new moov, which a progressive MP4 cannot carry: the reader opens the URL again.
        return { kind: 'changed' };
      }
    } else if (!this.sps) return { kind: 'wait' };
    // Decode times must rise: the capture clock may repeat a millisecond or step back a little.
    const time = Math.max(this.lastTime + 1, Math.round(((unit.capturedAt - this.firstAt) * TIMESCALE) / 1000));
    if (this.lastTime >= 0 && time - this.lastTime < TIMESCALE) this.pace.add(time - this.lastTime);
    this.lastTime = time;
    // The next unit's time is not known yet (waiting for it would add a frame of delay): the duration is the last
    // interval, but never less than the camera's usual one. Two pictures that came together (a camera's keyframe
    // stamped 1 ms after the picture before it) gave the first a 1 ms duration, and a browser's Media Source took the
    // picture after it as a discontinuity: a hole in the buffer at every keyframe, where hls.js stalled (CI 30a).
    chunks.push(fragment(++this.sequence, time, this.pace.duration(), unit.keyframe, lengthPrefixed(unit.au, 'h264', 'drop')));
    return { kind: 'bytes', chunks };
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
