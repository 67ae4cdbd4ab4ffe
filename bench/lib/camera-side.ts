/**
 * A bench camera that honours the relay's demand as the capture client does (#28): it offers h264 and rungs,
 * and per frame sends the full JPEG, a prepared JPEG for each demanded width (as `rung`), and, while `h264` is
 * demanded, the next prepared access unit with its ack (a few in flight, as capture-client/h264-feed.ts). The
 * pixel work is done once before the run (h264-fixture.ts), so the publisher process costs what sending does.
 */
import type { AccessUnit } from '../../capture-client/edge/annexb-splitter.js';
import type { CaptureClient } from '../../capture-client/capture-client.js';
import type { CaptureDemand } from '../../shared/demand.js';
import { h264Fixture, rungFixtures } from './h264-fixture.js';

/** Units sent and not yet acked, at most (the capture client's default). */
const MAX_IN_FLIGHT = 4;

export interface CameraSideCounts {
  h264Sent: number;
  h264Acked: number;
  h264Refused: number;
  /** Units dropped because the backlog passed its cap (as the uplink buffer drops to the next keyframe). */
  h264Dropped: number;
  rungsSent: number;
}

export class CameraSide {
  readonly counts: CameraSideCounts = { h264Sent: 0, h264Acked: 0, h264Refused: 0, h264Dropped: 0, rungsSent: 0 };
  private demand: CaptureDemand = { h264: false, widths: [] };
  private readonly rungs = new Map<number, { jpegs: Buffer[]; height: number } | null>();
  /** +1 per unit made, dropped ones included: a jump is a hole the relay marks. */
  private seq = 0;
  /** The next unit of the fixture to send; 0 (its IDR) whenever H.264 is asked for anew. */
  private next = 0;
  private readonly backlog: Array<{ seq: number; capturedAt: number; unit: AccessUnit }> = [];
  private inFlight = 0;
  private skipToKeyframe = false;

  private constructor(
    private readonly client: CaptureClient,
    private readonly units: AccessUnit[],
    private readonly backlogMax: number,
  ) {
    client.onDemand((d) => this.setDemand(d));
  }

  /** The client must have been built with `offers: CAMERA_SIDE_OFFERS`. */
  static async attach(client: CaptureClient, fps: number): Promise<CameraSide> {
    // 4 s of units, the uplink buffer's default.
    return new CameraSide(client, await h264Fixture(fps), fps * 4);
  }

  /** One captured frame: the full JPEG (fps-gated, newest wins), its demanded rungs, and its H.264 unit. */
  frame(n: number, jpeg: Buffer, capturedAt: number): void {
    if (this.demand.h264) this.offerUnit(capturedAt);
    if (!this.client.admit(capturedAt)) return;
    this.client.send({ jpeg, capturedAt, width: 1280, height: 720 });
    for (const width of this.demand.widths) {
      const rung = this.rungs.get(width);
      if (!rung) continue;
      this.counts.rungsSent++;
      this.client.send({ jpeg: rung.jpegs[n % rung.jpegs.length]!, capturedAt, rung: width, width, height: rung.height });
    }
  }

  private setDemand(d: CaptureDemand): void {
    if (d.h264 && !this.demand.h264) this.next = 0;
    if (!d.h264) this.backlog.length = 0;
    this.demand = d;
    for (const width of d.widths) {
      if (this.rungs.has(width)) continue;
      this.rungs.set(width, null);
      void rungFixtures(width).then((r) => this.rungs.set(width, r));
    }
  }

  private offerUnit(capturedAt: number): void {
    const unit = this.units[this.next]!;
    this.next = (this.next + 1) % this.units.length;
    const seq = this.seq++;
    if (this.skipToKeyframe && !unit.keyframe) return void this.counts.h264Dropped++;
    this.skipToKeyframe = false;
    if (this.backlog.length >= this.backlogMax) {
      this.counts.h264Dropped += this.backlog.length + 1;
      this.backlog.length = 0;
      this.skipToKeyframe = true;
      return;
    }
    this.backlog.push({ seq, capturedAt, unit });
    this.pump();
  }

  private pump(): void {
    while (this.demand.h264 && this.inFlight < MAX_IN_FLIGHT && this.backlog.length > 0) {
      const { seq, capturedAt, unit } = this.backlog.shift()!;
      this.inFlight++;
      this.counts.h264Sent++;
      void this.client.h264.send({ seq, capturedAt, keyframe: unit.keyframe, width: 1280, height: 720 }, unit.data).then((r) => {
        this.inFlight--;
        if (r.ok) this.counts.h264Acked++;
        else this.counts.h264Refused++;
        this.pump();
      });
    }
  }
}

/** What a bench camera says it can make. */
export const CAMERA_SIDE_OFFERS = ['h264', 'rungs'] as const;
