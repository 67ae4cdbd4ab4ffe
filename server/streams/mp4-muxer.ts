/**
 * One camera's H.264 access units (Annex B, as the camera side sends them) as one progressive fMP4:
 * the init segment (ftyp+moov, its avcC from the first keyframe's SPS and PPS), then one moof+mdat
 * per unit. The bytes are copied, never decoded or encoded. Pure code, no I/O.
 */
import { lengthPrefixed, parameterSets } from '../../common/codec/avc.js';
import { fragment, initSegment, TIMESCALE } from '../../common/codec/fmp4.js';

export interface MuxUnit {
  au: Uint8Array;
  keyframe: boolean;
  width: number;
  height: number;
  /** Capture time, ms. */
  capturedAt: number;
}

/** What `push` made of a unit: bytes to write, nothing yet (before the first keyframe), or the end (the picture changed). */
export type MuxResult = { kind: 'bytes'; chunks: Uint8Array[] } | { kind: 'wait' } | { kind: 'changed' };

/** A unit's duration until the camera has shown its pace: 15 fps. */
const FIRST_DURATION = TIMESCALE / 15;

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

export class Mp4Muxer {
  private sps: Uint8Array | null = null;
  private sequence = 0;
  private firstAt = 0;
  private lastTime = -1;
  private duration = FIRST_DURATION;

  /** True once the init segment went out. */
  get started(): boolean {
    return this.sps !== null;
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
        chunks.push(initSegment(unit.width, unit.height, sets.sps, sets.pps));
      } else if (sets && !sameBytes(sets.sps, this.sps)) {
        // A new size or profile needs a new moov, which a progressive MP4 cannot carry: the reader opens the URL again.
        return { kind: 'changed' };
      }
    } else if (!this.sps) return { kind: 'wait' };
    // Decode times must rise: the capture clock may repeat a millisecond or step back a little.
    const time = Math.max(this.lastTime + 1, Math.round(((unit.capturedAt - this.firstAt) * TIMESCALE) / 1000));
    if (this.lastTime >= 0 && time - this.lastTime < TIMESCALE) this.duration = time - this.lastTime;
    this.lastTime = time;
    // The duration is the last interval: the next unit's time is not known yet, and waiting for it would add a frame of delay.
    chunks.push(fragment(++this.sequence, time, this.duration, unit.keyframe, lengthPrefixed(unit.au, 'h264', 'drop')));
    return { kind: 'bytes', chunks };
  }
}
