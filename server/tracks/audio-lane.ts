/**
 * The lane (lane.ts) of one camera's sound to one listening viewer (#40): every AAC frame in order, a window of
 * them in flight and a short wait behind it (every-unit-lane.ts). Sound cannot skip to the newest frame as pictures
 * do (each frame is 21 ms of what was heard, and none stands for another), so a slow viewer loses the oldest waiting
 * frames instead: past AUDIO_WAITING_MAX (about a second) live sound stays live, with a gap the page fills with silence.
 */
import { AUDIO_WAITING_MAX, AUDIO_WINDOW, type LiveAacMeta } from '../../shared/live-audio.js';
import { EveryUnitLane } from './every-unit-lane.js';
import type { LaneSink } from './lane.js';

/** One AAC frame as every listener gets it: the meta object is shared, so its JSON is made once (ws-frame-packet.ts). */
export interface AacUnit {
  meta: LiveAacMeta;
  frame: Buffer;
}

/** A listener's sound lane: bounded in frames alone, as a frame is at most AAC_FRAME_MAX_BYTES (checked at ingest). */
export class AudioLane extends EveryUnitLane<AacUnit> {
  constructor(sink: LaneSink<AacUnit>) {
    super(sink, { sizeOf: (u) => u.frame.length, window: AUDIO_WINDOW, maxWaiting: AUDIO_WAITING_MAX });
  }
}
