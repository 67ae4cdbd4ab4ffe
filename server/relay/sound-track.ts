/**
 * A camera's sound as a track (#38, #40, #56): the sound kind, every unit within a bound. The AAC (or Opus) frames
 * its capture side sends go untouched to every reader listening, each through its own lane (audio-lane.ts: every
 * frame in order, the oldest dropped past a second). What the kind adds to a track: whose sound the relay takes at
 * all (the saved camera's choice), and the frame's meta made once for every reader. Its line in the kinds table: sound-kind.ts.
 */
import type { AacFrameMeta } from '../../shared/demand.js';
import type { LiveAacMeta } from '../../shared/live-audio.js';
import { everyUnit } from '../tracks/policies.js';
import { Track } from '../tracks/track.js';
import type { AacUnit } from '../tracks/audio-lane.js';

export class SoundTrack extends Track<AacUnit> {
  private policyOf: (cameraId: string) => boolean = () => false;

  /** `listened(cameraId, on)`: the first reader started listening to the camera (true), or the last one stopped. */
  constructor(listened: (cameraId: string, on: boolean) => void) {
    super({ kind: 'sound', policy: everyUnit(), cameraOf: (u) => u.meta.cameraId, onRead: listened });
  }

  /** Whose sound is taken (camera-keeper.ts: the saved camera's choice); until set, nobody's. */
  setPolicy(allowed: (cameraId: string) => boolean): void {
    this.policyOf = allowed;
  }

  /** Whether the relay takes `cameraId`'s sound: its capture side is asked for it only then, and what comes otherwise is refused. */
  allowed(cameraId: string): boolean {
    return this.policyOf(cameraId);
  }

  /** One checked frame of a camera (its capture time on the relay's clock): to every reader listening to it. */
  publishFrame(cameraId: string, meta: AacFrameMeta, frame: Buffer): void {
    if (!this.isRead(cameraId)) return;
    const { seq, capturedAt, sampleRate, channels, config, codec } = meta;
    // One meta object for every reader: its JSON is made once per frame (ws-frame-packet.ts).
    const live: LiveAacMeta = { cameraId, seq, capturedAt, sampleRate, channels, config, ...(codec ? { codec } : {}) };
    this.publish({ meta: live, frame });
  }
}
