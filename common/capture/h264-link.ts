/**
 * The H.264 uplink's way to the relay (#28), as the feeds see it: access units, rung units (#30) and the main stream's
 * AAC frames (#29) each into its lane of the connection's one uplink queue (uplink.ts, #56), which holds them by their
 * kind's policy beside the JPEGs and sends them in `units` batches to a relay whose demand says so (#38), else one event
 * and one ack each. While the connection is down they go by the fallback (HTTP POST) in the same batches once its
 * answers carry a demand (fallback-units.ts); the WebRTC upgrade carries none, and with no way up, units wait in the
 * host's uplink buffer.
 */
import type { AacFrameMeta, CaptureDemand, H264FrameMeta, H264RungMeta } from '../../shared/demand.js';
import type { SendResult, UnitCarrier } from './sender.js';
import type { UnitBatcher } from './unit-batcher.js';
import { Uplink } from './uplink.js';

/** What the link needs of the engine: what carries units now, this run's session, and whether to stamp the clock offset. */
export interface H264LinkHost {
  carrier(): UnitCarrier | null;
  session: string;
  syncClock: boolean;
  /** The connection's uplink queue (the engine's); absent: the link makes its own. */
  uplink?: Uplink;
}

export class H264Link {
  private readonly connectListeners = new Set<(up: boolean) => void>();
  readonly uplink: Uplink;

  constructor(host: H264LinkHost) {
    this.uplink = host.uplink ?? new Uplink(host);
  }

  /** The uplink's batches (#38), for tests and the bench. */
  get batcher(): UnitBatcher {
    return this.uplink.batcher;
  }

  /** The relay's newest demand: whether it takes batches, and whether anyone watches live. */
  demand(demand: CaptureDemand): void {
    this.uplink.demand(demand);
  }

  /** How many units a feed may keep out unacked: more while they go in batches (each batch holds up to UNITS_MAX). */
  inFlightMax(): number {
    return this.uplink.inFlightMax();
  }

  /** True while the connection can take a unit now. */
  ready(): boolean {
    return this.uplink.ready();
  }

  /** Sends one access unit (its meta without clock offset and session: they are stamped by the uplink); resolves with the relay's ack. */
  send(meta: H264FrameMeta, au: Uint8Array): Promise<SendResult> {
    return this.uplink.send('h264', meta, au);
  }

  /** Sends one access unit of a rung stream (`h264-rung`, #30), stamped as a unit is; resolves with the relay's ack. */
  sendRung(meta: H264RungMeta, au: Uint8Array): Promise<SendResult> {
    return this.uplink.send('h264-rung', meta, au);
  }

  /** Sends one raw AAC frame, stamped as a unit is; resolves with the relay's ack. */
  sendAac(meta: AacFrameMeta, frame: Uint8Array): Promise<SendResult> {
    return this.uplink.send('aac', meta, frame);
  }

  /** Hears the connection come up (true) and go down (false): units not acked go again after a reconnect. */
  onConnection(listener: (up: boolean) => void): () => void {
    this.connectListeners.add(listener);
    return () => this.connectListeners.delete(listener);
  }

  /** The engine tells of the connection's news. */
  connection(up: boolean): void {
    // What waits to be batched is lost with the connection, as what is in flight is: the feeds send both again.
    this.uplink.connection(up);
    for (const l of this.connectListeners) l(up);
  }
}
