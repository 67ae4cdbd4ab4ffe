/**
 * The lane (lane.ts) of one camera's sound to one listening viewer (#40): every AAC frame in order, a window of
 * them in flight and a short wait behind it. Sound cannot skip to the newest frame as pictures do (each frame is
 * 21 ms of what was heard, and none stands for another), so a slow viewer loses the oldest waiting frames instead:
 * past AUDIO_WAITING_MAX (about a second) live sound stays live, with a gap the page fills with silence.
 */
import { AUDIO_WAITING_MAX, AUDIO_WINDOW, type LiveAacMeta } from '../../shared/live-audio.js';
import { guardedPump, type Lane, type LaneBounds, type LaneSink } from './lane.js';

/** One AAC frame as every listener gets it: the meta object is shared, so its JSON is made once (ws-frame-packet.ts). */
export interface AacUnit {
  meta: LiveAacMeta;
  frame: Buffer;
}

/** A frame is at most AAC_FRAME_MAX_BYTES (checked at ingest), so the unit bound caps the bytes too. */
const BOUNDS: LaneBounds = { units: AUDIO_WINDOW + AUDIO_WAITING_MAX, bytes: Infinity };

export class AudioLane implements Lane<AacUnit> {
  readonly bounds = BOUNDS;
  private readonly waiting: AacUnit[] = [];
  private inFlight = 0;
  private inFlightBytes = 0;
  private windowSize = AUDIO_WINDOW;
  private paused = false;
  private closed = false;
  /** Waiting frames dropped as the oldest (a slow viewer) or on a pause. */
  dropped = 0;
  /** Sends of this lane so far: a `done` from before a pause or close is not counted against the window after it. */
  private round = 0;

  constructor(private readonly sink: LaneSink<AacUnit>) {}

  get window(): number {
    return this.windowSize;
  }

  set window(size: number) {
    this.windowSize = Math.max(1, Math.min(AUDIO_WINDOW, Math.round(size)));
    this.pump();
  }

  get held(): number {
    return this.inFlight + this.waiting.length;
  }

  get heldBytes(): number {
    let n = this.inFlightBytes;
    for (const u of this.waiting) n += u.frame.length;
    return n;
  }

  offer(unit: AacUnit): void {
    if (this.closed || this.paused) return;
    this.waiting.push(unit);
    if (this.waiting.length > AUDIO_WAITING_MAX) {
      this.waiting.shift();
      this.dropped++;
    }
    this.pump();
  }

  pause(): void {
    this.paused = true;
    this.dropped += this.waiting.length;
    this.waiting.length = 0;
  }

  /** Every frame is a start point; a restart (a pause's end, or a mark) drops what waited and frees the window. */
  resume(mark?: number): boolean {
    if (this.closed || (!this.paused && mark === undefined)) return false;
    this.paused = false;
    this.dropped += this.waiting.length;
    this.waiting.length = 0;
    this.forgetInFlight();
    return true;
  }

  close(): void {
    this.closed = true;
    this.waiting.length = 0;
    this.forgetInFlight();
  }

  /** What was in flight no longer holds the window: its acks may never come (a page that hid), and late ones count for nothing. */
  private forgetInFlight(): void {
    this.round++;
    this.inFlight = 0;
    this.inFlightBytes = 0;
  }

  private readonly pump = guardedPump(() => this.send());

  private send(): void {
    while (!this.closed && !this.paused && this.inFlight < this.windowSize && this.waiting.length > 0) {
      const unit = this.waiting.shift()!;
      this.inFlight++;
      this.inFlightBytes += unit.frame.length;
      const round = this.round;
      let called = false;
      this.sink.write(unit, () => {
        // Once per write, and only for this round's writes.
        if (called || round !== this.round) return;
        called = true;
        this.inFlight--;
        this.inFlightBytes -= unit.frame.length;
        this.pump();
      });
    }
  }
}
