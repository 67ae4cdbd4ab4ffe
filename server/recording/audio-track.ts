/**
 * A copy segment's AAC track (#29): which config it was opened with, and where each frame lies in it.
 * Frames before the segment's first keyframe are dropped; a gap in the sound stays a gap (each frame
 * keeps its own capture time); a frame of another config is dropped until the segment ends, said once.
 */
import type { AacFrameMeta } from '../../shared/demand.js';
import type { MkvAudio } from './mkv.js';
import type { Queued } from './recorder-types.js';

/** Sound heard within this long before a keyframe gives its segment an AAC track. */
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

  /** What the Matroska header says of the track. */
  get mkv(): MkvAudio {
    return { config: Buffer.from(this.meta.config, 'hex'), sampleRate: this.meta.sampleRate, channels: this.meta.channels };
  }

  /** The frame's time in the segment (ms from `start`), or null when it is dropped. */
  accepts(item: Queued, start: number, say: (why: string) => void): number | null {
    const a = item.aac!;
    if (a.config !== this.meta.config || a.sampleRate !== this.meta.sampleRate || a.channels !== this.meta.channels) {
      if (!this.refused) say(`the camera's audio changed (config ${a.config}, ${a.sampleRate} Hz): its sound is left out until this segment ends`);
      this.refused = true;
    }
    if (this.refused || item.at < start) return null;
    return item.at - start;
  }
}
