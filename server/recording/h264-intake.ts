/**
 * A recorder's view of its camera's H.264 (recording by copy): which access units it keeps (a hole in
 * `seq` or a stream that starts mid-GOP is dropped up to the next keyframe), and whether the camera's
 * JPEGs are recorded instead. JPEGs wait while H.264 came within FALLBACK_MS, or was offered in the
 * handshake within FIRST_UNIT_MS; past that they are encoded here again, and the fallback is said once.
 */
import type { H264FrameMeta } from '../../shared/demand.js';
import { FrameTiming } from './frame-timing.js';

/** H.264 silent this long while JPEGs arrive (an older client, a camera-side ffmpeg that failed): the relay encodes. */
export const FALLBACK_MS = 3000;
/**
 * An offer's first unit may take this long: the camera side starts its encoder, or connects to an IP camera's
 * main stream (RTSP's round trips, then a keyframe), after the relay's demand reached it. A loaded CI box took
 * more than 3 s and started an encoder for a camera recorded by copy; a camera slow to answer RTSP does too.
 */
export const FIRST_UNIT_MS = 10_000;
/** A JPEG this late came over a backed-up link: the H.264 is stuck behind it too, not missing. */
export const LATE_JPEG_MS = 1000;
/**
 * Units arrive this late and keep their own capture times: the camera side's 4 s uplink buffer, then the
 * backlog of a link that was too thin for them (uplink-buffer.ts).
 */
export const UPLINK_LATE_MS = 60_000;
/** libx264 signs a stream's first keyframe with its version (an SEI, "x264 - core 164 …"); hardware encoders write no name. */
const X264_SIGNATURE = Buffer.from('x264 - core');

/** What becomes of one access unit: `hole` ends the open segment as `uplink` first; `keep` writes it. */
export interface Intake {
  hole: boolean;
  keep: boolean;
  /** Not kept because the stream has not reached its first keyframe yet (joined mid-GOP): nothing was lost. */
  joining?: boolean;
}

export class H264Intake {
  /** Bytes of H.264 received from the camera side, kept or not (`/metrics`). */
  uplinkBytes = 0;
  /** Times the recorder fell back to encoding the JPEGs. */
  fallbacks = 0;
  /** Why the JPEGs are encoded although H.264 was expected; null while copying or never expected. */
  note: string | null = null;
  /** The camera side's encoder when its stream names it (libx264 does), else null: for the Admin area's words. */
  encoder: string | null = null;
  /** Capture times of the access units on the server clock (their own stream, their own anchor). */
  readonly timing = new FrameTiming(UPLINK_LATE_MS);
  private lastSeq: number | null = null;
  private waitKeyframe = true;
  /** The keyframe awaited follows a hole (units were lost), not a stream's start. */
  private afterHole = false;
  /** No unit of this stream kept yet (the first, a takeover's, a new connection's): its keyframe names the encoder. */
  private newStream = true;
  /** When H.264 last came or was offered (server clock); 0: never. */
  private expectedAt = 0;
  /** Offered, and no unit of this connection yet: its wait is FIRST_UNIT_MS. */
  private firstPending = false;

  constructor(
    private readonly now: () => number,
    private readonly onFallback: (why: string) => void,
  ) {}

  /** A stream's units are coming on a connection still open: its next ones may be held up on the way. */
  get streaming(): boolean {
    return this.lastSeq !== null;
  }

  /** `copy` while H.264 came within FALLBACK_MS (or was offered within FIRST_UNIT_MS), else `encode` (the JPEGs). */
  get mode(): 'copy' | 'encode' {
    const wait = this.firstPending ? FIRST_UNIT_MS : FALLBACK_MS;
    return this.expectedAt > 0 && this.now() - this.expectedAt <= wait ? 'copy' : 'encode';
  }

  /** The capture client offered H.264 in its handshake: its JPEGs wait for it. */
  expect(): void {
    this.expectedAt = this.now();
    // A handshake on a connection whose units already come (a repeated offer) gives them no longer wait.
    this.firstPending = this.lastSeq === null;
  }

  /** Whether a JPEG of this camera is recorded now; says the fallback the first time it is. `late`: it came LATE_JPEG_MS late or more. */
  jpegWanted(late = false): boolean {
    if (this.mode === 'copy') return false;
    // A link too thin for the H.264 delays the JPEGs as much: the units are on their way, and their hole is an `uplink` gap.
    if (late && this.expectedAt > 0 && this.note === null) return false;
    if (this.expectedAt > 0 && this.note === null) {
      const waited = (this.firstPending ? FIRST_UNIT_MS : FALLBACK_MS) / 1000;
      this.note = `no H.264 from the capture client for ${waited} s: the relay encodes its JPEGs`;
      this.fallbacks++;
      this.onFallback(this.note);
    }
    return true;
  }

  take(meta: H264FrameMeta, au: Uint8Array): Intake {
    this.uplinkBytes += au.length;
    this.expectedAt = this.now();
    this.firstPending = false;
    this.note = null;
    // A seq at or below the last is a new stream (a new connection took the camera over): no hole,
    // but it too starts at a keyframe.
    const restart = this.lastSeq !== null && meta.seq <= this.lastSeq;
    const hole = this.lastSeq !== null && meta.seq > this.lastSeq + 1;
    this.lastSeq = meta.seq;
    if (hole || restart) this.waitKeyframe = true;
    if (hole) this.afterHole = true;
    if (restart) this.newStream = true;
    if (this.waitKeyframe && !meta.keyframe) return { hole, keep: false, joining: !this.afterHole };
    this.afterHole = false;
    // Only the keyframe a stream starts at carries the signature, not one after a hole.
    if (this.newStream) this.encoder = Buffer.from(au.buffer, au.byteOffset, au.byteLength).includes(X264_SIGNATURE) ? 'libx264' : null;
    this.waitKeyframe = this.newStream = false;
    return { hole, keep: true };
  }

  /** A kept access unit could not be queued: the rest of its GOP cannot be decoded, so it goes too. */
  lost(): void {
    this.waitKeyframe = true;
    this.afterHole = true;
  }

  /** The capture connection ended: the next one starts afresh (an older client's JPEGs are encoded at once). */
  reset(): void {
    this.lastSeq = null;
    this.waitKeyframe = this.newStream = true;
    this.afterHole = false;
    this.expectedAt = 0;
    this.firstPending = false;
    this.note = null;
  }
}
