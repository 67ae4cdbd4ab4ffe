/**
 * A bench camera that honours the relay's demand as the capture client does (#28, #30): it offers h264 and rungs (and
 * h264-rungs where the run asks, `cameraSideOffers`), and per frame sends the full JPEG, a prepared JPEG for each demanded width (as `rung`), while `h264`
 * is demanded the full-size stream's next prepared access unit, and for each demanded `h264Widths` entry that rung
 * stream's (`h264-rung`), each stream on its own (lib/fixture-stream.ts). A `keyframe` request sends the stream it
 * names back to its IDR. The pixel work is done once before the run (h264-fixture.ts), so the publisher process
 * costs what sending does.
 */
import type { CaptureClient } from '../../capture-client/capture-client.js';
import type { Socket } from 'socket.io-client';
import type { CaptureDemand, CaptureOffer, H264FrameMeta } from '../../shared/demand.js';
import type { CaptureServerEvents } from '../../shared/protocol.js';
import { FixtureStream, type StreamCounts } from './fixture-stream.js';
import { FIXTURE_SIZE, h264Fixture, h264RungFixture, rungFixtures } from './h264-fixture.js';
import { edgeSize } from '../../capture-client/edge/edge-h264.js';

/** The full-size stream's units (what the recorder gets), and the JPEG rungs sent. */
export interface CameraSideCounts {
  h264Sent: number;
  h264Acked: number;
  h264Refused: number;
  h264Dropped: number;
  rungsSent: number;
}

export class CameraSide {
  private demand: CaptureDemand = { h264: false, widths: [] };
  private readonly rungs = new Map<number, { jpegs: Buffer[]; height: number } | null>();
  private readonly full: FixtureStream;
  /** Per rung width demanded as H.264 so far, its stream once its fixture is ready (kept, so its seq keeps rising). */
  private readonly h264Rungs = new Map<number, FixtureStream | null>();
  private rungsSent = 0;

  private constructor(
    private readonly client: CaptureClient,
    private readonly fps: number,
    units: Awaited<ReturnType<typeof h264Fixture>>,
  ) {
    // As many units out as the capture client keeps (32 while the relay takes batches, 4 before): it kept 4 always.
    const inFlightMax = () => client.h264.inFlightMax();
    this.full = new FixtureStream(units, FIXTURE_SIZE, (meta, au) => client.h264.send(meta, au), this.backlogMax, inFlightMax);
    client.onDemand((d) => this.setDemand(d));
    // A demand that came while the fixture was made (a page open before the camera started): as if heard now.
    this.setDemand(client.currentDemand);
    const socket = client.sender('socketio')?.signalingSocket() as unknown as Socket<CaptureServerEvents> | undefined;
    socket?.on('keyframe', (req) => (req?.rung === undefined ? this.full : this.h264Rungs.get(req.rung))?.keyframe());
  }

  /** The client must have been built with `offers: cameraSideOffers(…)`. */
  static async attach(client: CaptureClient, fps: number): Promise<CameraSide> {
    return new CameraSide(client, fps, await h264Fixture(fps));
  }

  /** 4 s of units, the uplink buffer's default. */
  private get backlogMax(): number {
    return this.fps * 4;
  }

  get counts(): CameraSideCounts {
    const { sent, acked, refused, dropped } = this.full.counts;
    return { h264Sent: sent, h264Acked: acked, h264Refused: refused, h264Dropped: dropped, rungsSent: this.rungsSent };
  }

  /** Per rung width demanded as H.264 so far, that stream's counts. */
  get rungCounts(): Record<number, StreamCounts> {
    const out: Record<number, StreamCounts> = {};
    for (const [w, s] of this.h264Rungs) if (s) out[w] = s.counts;
    return out;
  }

  /** One captured frame: its H.264 units, then the full JPEG (fps-gated, newest wins) and its demanded rungs. */
  frame(n: number, jpeg: Buffer, capturedAt: number): void {
    this.full.frame(capturedAt);
    for (const stream of this.h264Rungs.values()) stream?.frame(capturedAt);
    if (!this.client.admit(capturedAt)) return;
    this.client.send({ jpeg, capturedAt, width: 1280, height: 720 });
    for (const width of this.demand.widths) {
      const rung = this.rungs.get(width);
      if (!rung) continue;
      this.rungsSent++;
      this.client.send({ jpeg: rung.jpegs[n % rung.jpegs.length]!, capturedAt, rung: width, width, height: rung.height });
    }
  }

  private setDemand(d: CaptureDemand): void {
    this.demand = d;
    this.full.setWanted(d.h264);
    for (const width of d.widths) {
      if (this.rungs.has(width)) continue;
      this.rungs.set(width, null);
      void rungFixtures(width).then((r) => this.rungs.set(width, r));
    }
    const h264Widths = d.h264Widths ?? [];
    for (const [width, stream] of this.h264Rungs) stream?.setWanted(h264Widths.includes(width));
    for (const width of h264Widths) {
      if (this.h264Rungs.has(width)) continue;
      this.h264Rungs.set(width, null);
      void h264RungFixture(width, this.fps).then((units) => {
        const send = (meta: H264FrameMeta, au: Uint8Array) => this.client.h264.sendRung({ ...meta, rung: width }, au);
        const stream = new FixtureStream(units, edgeSize(FIXTURE_SIZE, width), send, this.backlogMax, () => this.client.h264.inFlightMax());
        this.h264Rungs.set(width, stream);
        // As the demand stands now, not as it stood when the fixture was asked for.
        stream.setWanted(this.demand.h264Widths?.includes(width) ?? false);
      });
    }
  }
}

/**
 * What a bench camera says it can make. H.264 rungs only where the run asks (#30's live rows): offered to a grid of 16
 * tiles (#28's camera-side row) they would turn that JPEG row into 16 H.264 decodes in one page.
 */
export function cameraSideOffers(h264Rungs: boolean): CaptureOffer[] {
  return h264Rungs ? ['h264', 'rungs', 'h264-rungs'] : ['h264', 'rungs'];
}
