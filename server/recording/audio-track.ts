/**
 * A segment's sound track: an IP camera's AAC beside its H.264 copy (#29), or a browser camera's Opus (or AAC) beside
 * its encoded JPEGs (#40); which config it was opened with, and where each frame lies in it.
 * Frames before the segment's first keyframe are dropped; a gap in the sound stays a gap (each frame
 * keeps its own capture time); a frame of another config is dropped until the segment ends, said once.
 */
import { opusHead, readOpusConfig } from '../../common/codec/opus.js';
import type { AacFrameMeta } from '../../shared/demand.js';
import type { MkvAudio } from './mkv.js';
import type { Queued } from './recorder-types.js';

/** Sound heard within this long before a keyframe gives its segment a sound track. */
export const AUDIO_FRESH_MS = 2000;

export class AudioTrack {
  private refused = false;

  private constructor(
    readonly meta: AacFrameMeta,
    private readonly heardAt: number,
  ) {}

  /** A tracker of the latest sound heard (`heard`), which opens tracks (`trackAt`). */
  static latest(): { heard(item: Queued): void; trackAt(at: number): AudioTrack | null } {
    let last: AudioTrack | null = null;
    return {
      heard: (item) => (last = new AudioTrack(item.aac!, item.at)),
      trackAt: (at) => (last && at - last.heardAt <= AUDIO_FRESH_MS && last.heardAt - at <= AUDIO_FRESH_MS ? new AudioTrack(last.meta, at) : null),
    };
  }

  /** 'aac' or 'opus': what the segment's listing says of its sound. */
  get codec(): 'aac' | 'opus' {
    return this.meta.codec ?? 'aac';
  }

  /** What the Matroska header says of the track: Opus's `dOps` body becomes the OpusHead A_OPUS carries. */
  get mkv(): MkvAudio {
    const { sampleRate, channels } = this.meta;
    // An Opus config is read at the relay's door (unit-check.ts refuses any but mapping family 0), so it reads here.
    if (this.meta.codec === 'opus') return { codec: 'opus', config: Buffer.from(opusHead(readOpusConfig(this.meta.config)!)), sampleRate, channels };
    return { codec: 'aac', config: Buffer.from(this.meta.config, 'hex'), sampleRate, channels };
  }

  /** The frame's time in the segment (ms from `start`), or null when it is dropped. */
  accepts(item: Queued, start: number, say: (why: string) => void): number | null {
    const a = item.aac!;
    if (a.config !== this.meta.config || a.sampleRate !== this.meta.sampleRate || a.channels !== this.meta.channels || a.codec !== this.meta.codec) {
      if (!this.refused) say(`the camera's audio changed (config ${a.config}, ${a.sampleRate} Hz): its sound is left out until this segment ends`);
      this.refused = true;
    }
    if (this.refused || item.at < start) return null;
    return item.at - start;
  }
}
