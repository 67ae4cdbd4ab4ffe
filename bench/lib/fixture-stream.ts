/**
 * One H.264 stream of a bench camera (lib/camera-side.ts): its full size or one rung's. Per captured frame it makes
 * the next prepared access unit of its fixture, numbered by its own rising seq, and sends it as the capture client's
 * H.264 feed does (capture-client/h264-feed.ts): as many in flight as the link allows (more while it batches), each
 * held until acked, a backlog capped at the uplink buffer's 4 s that drops to the next keyframe when full. A keyframe request sends it back to the fixture's
 * IDR at once, a valid restart of the stream, as an encoder that forces an IDR would.
 */
import type { AccessUnit } from '../../capture-client/edge/annexb-splitter.js';
import type { SendResult } from '../../common/capture/send-result.js';
import type { H264FrameMeta } from '../../shared/demand.js';

/** Units sent and not yet acked, at most, when the link says nothing: the capture client's default for one ack per unit. */
const MAX_IN_FLIGHT = 4;

export interface StreamCounts {
  sent: number;
  acked: number;
  refused: number;
  /** Units dropped because the backlog passed its cap (as the uplink buffer drops to the next keyframe). */
  dropped: number;
  /** Keyframe requests honoured. */
  keyframes: number;
}

export class FixtureStream {
  readonly counts: StreamCounts = { sent: 0, acked: 0, refused: 0, dropped: 0, keyframes: 0 };
  /** +1 per unit made, dropped ones included: a jump is a hole the relay marks; never reset, the relay refuses a seq that does not rise. */
  private seq = 0;
  /** The next unit of the fixture to make; 0 is its IDR. */
  private next = 0;
  private readonly backlog: Array<{ seq: number; capturedAt: number; unit: AccessUnit }> = [];
  private inFlight = 0;
  private skipToKeyframe = false;
  private wanted = false;

  constructor(
    private readonly units: AccessUnit[],
    private readonly size: { width: number; height: number },
    /** Sends one unit on the camera's connection (`h264`, or `h264-rung` for a rung); resolves with the relay's ack. */
    private readonly send: (meta: H264FrameMeta, au: Uint8Array) => Promise<SendResult>,
    /** Units the backlog holds at most: 4 s at the camera's rate. */
    private readonly backlogMax: number,
    /** Units it keeps out unacked, read at each send: the link's `inFlightMax`, as capture-client/h264-feed.ts reads it. */
    private readonly inFlightMax: () => number = () => MAX_IN_FLIGHT,
  ) {}

  /** Demanded or not; a stream demanded anew starts at its IDR, one no longer demanded sends nothing it holds. */
  setWanted(wanted: boolean): void {
    if (wanted && !this.wanted) this.restart();
    if (!wanted) this.backlog.length = 0;
    this.wanted = wanted;
  }

  /** The relay asked for a keyframe: the next unit made is the IDR. */
  keyframe(): void {
    this.counts.keyframes++;
    this.restart();
  }

  /** A frame was captured: its unit of this stream. */
  frame(capturedAt: number): void {
    if (!this.wanted) return;
    const unit = this.units[this.next]!;
    this.next = (this.next + 1) % this.units.length;
    const seq = this.seq++;
    if (this.skipToKeyframe && !unit.keyframe) return void this.counts.dropped++;
    this.skipToKeyframe = false;
    if (this.backlog.length >= this.backlogMax) {
      this.counts.dropped += this.backlog.length + 1;
      this.backlog.length = 0;
      this.skipToKeyframe = true;
      return;
    }
    this.backlog.push({ seq, capturedAt, unit });
    this.pump();
  }

  private restart(): void {
    this.next = 0;
    this.skipToKeyframe = false;
  }

  private pump(): void {
    while (this.wanted && this.inFlight < this.inFlightMax() && this.backlog.length > 0) {
      const { seq, capturedAt, unit } = this.backlog.shift()!;
      this.inFlight++;
      this.counts.sent++;
      void this.send({ seq, capturedAt, keyframe: unit.keyframe, ...this.size }, unit.data).then((r) => {
        this.inFlight--;
        if (r.ok) this.counts.acked++;
        else this.counts.refused++;
        this.pump();
      });
    }
  }
}
