/**
 * The H.264 uplink's way to the relay (#28): access units go by the connection (Socket.IO) beside the JPEG
 * pacers, so a live frame never waits behind recording. To a relay whose demand says `units` (#38) they go in
 * batches, several per message and per ack (unit-batcher.ts), and a unit only the recorder wants may wait a
 * moment for others; to an older relay, one event and one ack each. While the connection is down they go by the
 * fallback (HTTP POST) in the same batches once its answers carry a demand (fallback-units.ts); the WebRTC upgrade
 * carries none, and with no way up, units wait in the host's uplink buffer. The main
 * stream's AAC frames (#29) and the rung streams (#30) go the same way.
 */
import { NO_DEMAND, type AacFrameMeta, type CaptureDemand, type H264FrameMeta, type H264RungMeta } from '../../shared/demand.js';
import { UNITS_MAX, type UnitKind, type UnitToSend } from '../../shared/units.js';
import type { SendResult, UnitCarrier } from './sender.js';
import { UnitBatcher } from './unit-batcher.js';

/** Units a feed keeps out at once: an ack each (an older relay), or two batches' worth. */
const IN_FLIGHT_SINGLE = 4;
const IN_FLIGHT_BATCHED = UNITS_MAX * 2;

/** What the link needs of the engine: what carries units now, this run's session, and whether to stamp the clock offset. */
export interface H264LinkHost {
  carrier(): UnitCarrier | null;
  session: string;
  syncClock: boolean;
}

export class H264Link {
  private readonly connectListeners = new Set<(up: boolean) => void>();
  private current: CaptureDemand = NO_DEMAND;
  readonly batcher: UnitBatcher;

  constructor(private readonly host: H264LinkHost) {
    this.batcher = new UnitBatcher({
      send: (units) => this.host.carrier()?.sendUnits?.(units) ?? notConnected(),
      // Rungs are for live tiles only; the main stream and its sound wait only while nobody watches them live.
      mayWait: (kind) => kind !== 'h264-rung' && this.current.h264Live === false,
    });
  }

  /** The relay's newest demand: whether it takes batches, and whether anyone watches live. */
  demand(demand: CaptureDemand): void {
    this.current = demand;
    this.batcher.recheck();
  }

  /** How many units a feed may keep out unacked: more while they go in batches (each batch holds up to UNITS_MAX). */
  inFlightMax(): number {
    return this.batching(this.host.carrier()) ? IN_FLIGHT_BATCHED : IN_FLIGHT_SINGLE;
  }

  /** True while the connection can take a unit now. */
  ready(): boolean {
    return this.host.carrier()?.ready() ?? false;
  }

  /** Sends one access unit (its meta without clock offset and session: they are stamped here); resolves with the relay's ack. */
  send(meta: H264FrameMeta, au: Uint8Array): Promise<SendResult> {
    const carrier = this.host.carrier();
    if (!carrier?.ready()) return notConnected();
    // The fallback carries units only in batches: it has no one-unit send.
    if (this.batching(carrier)) return this.batched(carrier, 'h264', meta, au);
    return carrier.sendH264?.(this.stamp(carrier, meta), au) ?? notConnected();
  }

  /** Sends one access unit of a rung stream (`h264-rung`, #30), stamped as a unit is; resolves with the relay's ack. */
  sendRung(meta: H264RungMeta, au: Uint8Array): Promise<SendResult> {
    const carrier = this.host.carrier();
    if (!carrier?.ready()) return notConnected();
    if (this.batching(carrier)) return this.batched(carrier, 'h264-rung', meta, au);
    return carrier.sendH264Rung?.(this.stamp(carrier, meta), au) ?? notConnected();
  }

  /** Sends one raw AAC frame, stamped as a unit is; resolves with the relay's ack. */
  sendAac(meta: AacFrameMeta, frame: Uint8Array): Promise<SendResult> {
    const carrier = this.host.carrier();
    if (!carrier?.ready()) return notConnected();
    if (this.batching(carrier)) return this.batched(carrier, 'aac', meta, frame);
    return carrier.sendAac?.(this.stamp(carrier, meta), frame) ?? notConnected();
  }

  private batching(carrier: UnitCarrier | null): boolean {
    return this.current.units === true && carrier?.sendUnits !== undefined;
  }

  private batched(carrier: UnitCarrier, kind: UnitKind, meta: UnitToSend['meta'], data: Uint8Array): Promise<SendResult> {
    return this.batcher.add({ kind, meta: this.stamp(carrier, meta), data } as UnitToSend);
  }

  private stamp<M extends { session?: string; clockOffset?: number }>(carrier: UnitCarrier, meta: M): M {
    const offset = this.host.syncClock ? carrier.clockOffset() : null;
    const stamped: M = { ...meta, session: this.host.session };
    if (offset !== null) stamped.clockOffset = Math.round(offset);
    return stamped;
  }

  /** Hears the connection come up (true) and go down (false): units not acked go again after a reconnect. */
  onConnection(listener: (up: boolean) => void): () => void {
    this.connectListeners.add(listener);
    return () => this.connectListeners.delete(listener);
  }

  /** The engine tells of the connection's news. */
  connection(up: boolean): void {
    // What waits to be batched is lost with the connection, as what is in flight is: the feeds send both again.
    if (!up) {
      this.current = NO_DEMAND;
      this.batcher.dropAll({ ok: false, error: 'NETWORK', message: 'disconnected before the batch went' });
    }
    for (const l of this.connectListeners) l(up);
  }
}

function notConnected(): Promise<SendResult> {
  return Promise.resolve({ ok: false, error: 'NETWORK', message: 'not connected' });
}
