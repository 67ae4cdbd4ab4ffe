/**
 * The capture side's one uplink queue per connection (#56): every kind a camera sends (JPEG, H.264, its rungs, AAC,
 * detections) goes through one lane of it, held by its kind's policy (uplink-lanes.ts `UPLINK_RULES`), and leaves by
 * one path: in a `units` batch to a relay whose demand says `units` (unit-batcher.ts; JPEG only where it also says
 * `jpegUnits`), else by its kind's own event. A live unit goes before recording-only ones and never waits for a batch
 * to fill. The connection (Socket.IO) carries units while it is up, the fallback (HTTP POST) while its answers carry
 * the demand (fallback-units.ts); a JPEG's way out (picker, WebRTC upgrade, outcomes) is the engine's.
 */
import { NO_DEMAND, type CaptureDemand } from '../../shared/demand.js';
import { UNIT_KINDS, UNITS_MAX, type UnitKind, type UnitMetas, type UnitToSend } from '../../shared/units.js';
import type { SendResult } from './send-result.js';
import type { UnitCarrier } from './sender.js';
import { UnitBatcher, unitResult } from './unit-batcher.js';
import { UPLINK_RULES, UplinkLane, type UplinkItem } from './uplink-lanes.js';

/** Units of a kind kept out at once: an ack each (an older relay), or two batches' worth. */
const IN_FLIGHT_SINGLE = 4;
const IN_FLIGHT_BATCHED = UNITS_MAX * 2;

/** Lanes are started live first, so a live unit is in the first batch that goes (uplink-lanes.ts `live`). */
const START_ORDER: readonly UnitKind[] = [...UNIT_KINDS].sort((a, b) => Number(UPLINK_RULES[b].live) - Number(UPLINK_RULES[a].live));

export interface UplinkHost {
  /** What carries units now: the connection, or the fallback during its turn (fallback-units.ts). */
  carrier(): UnitCarrier | null;
  session: string;
  syncClock: boolean;
  /** How a JPEG goes once its window lets it (the engine's transmit); absent: by `carry`. */
  sendJpeg?: (meta: UnitMetas['jpeg'], jpeg: Uint8Array) => Promise<SendResult>;
  /** JPEGs in flight at most (the engine's `maxInFlight`). Default 2. */
  jpegWindow?: number;
  /** Told of each unit a lane's policy dropped (a JPEG replaced by a newer one counts as a dropped frame). */
  onDrop?: (kind: UnitKind) => void;
}

export class Uplink {
  readonly batcher: UnitBatcher;
  private current: CaptureDemand = NO_DEMAND;
  private readonly lanes = new Map<UnitKind, UplinkLane>();

  constructor(private readonly host: UplinkHost) {
    this.batcher = new UnitBatcher({
      send: (units) => this.host.carrier()?.sendUnits?.(units) ?? notConnected(),
      // Rungs, JPEGs and verdicts are for live tiles; the main stream and its sound wait only while nobody watches them live.
      mayWait: (kind) => !UPLINK_RULES[kind].live && this.current.h264Live === false,
    });
    const jpegWindow = host.jpegWindow ?? 2;
    if (!(jpegWindow >= 1)) throw new TypeError('The uplink needs a JPEG window of at least 1 frame.');
    const windowOf = (kind: UnitKind): (() => number) => {
      if (kind === 'jpeg') return () => jpegWindow;
      // One verdict out at a time: a newer one waiting replaces the one before it.
      if (kind === 'detections') return () => 1;
      return () => this.inFlightMax();
    };
    for (const kind of START_ORDER) this.lanes.set(kind, new UplinkLane(kind, UPLINK_RULES[kind], windowOf(kind), () => host.onDrop?.(kind)));
  }

  /** The relay's newest demand: whether it takes batches, JPEG units, and whether anyone watches live. */
  demand(demand: CaptureDemand): void {
    this.current = demand;
    this.batcher.recheck();
    // Batches widen the units' window: what waited for room may go now.
    this.pump();
  }

  /** How many units of a kind may be out unacked: more while they go in batches (each batch holds up to UNITS_MAX). */
  inFlightMax(): number {
    return this.batching('h264', this.host.carrier()) ? IN_FLIGHT_BATCHED : IN_FLIGHT_SINGLE;
  }

  /** True while something can carry a unit now. */
  ready(): boolean {
    return this.host.carrier()?.ready() ?? false;
  }

  /** Queues one unit in its kind's lane; settles with the relay's ack, a lost send, or `DROPPED` by the lane's policy. */
  send<K extends UnitKind>(kind: K, meta: UnitMetas[K], data: Uint8Array): Promise<SendResult> {
    // Nothing waits for a connection that is not there: the feeds keep their own buffers and send again on connect.
    if (kind !== 'jpeg' && !this.ready()) return notConnected();
    return new Promise((settle) => this.enqueue(kind, meta, data, settle));
  }

  /** Queues one unit whose outcome the host reads on its way out (a JPEG: the engine's transmit counts it). */
  offer<K extends UnitKind>(kind: K, meta: UnitMetas[K], data: Uint8Array): void {
    this.enqueue(kind, meta, data, () => {});
  }

  /** A lane's figures: units waiting, in flight, bytes held, dropped by its policy (status, bench, tests). */
  lane(kind: UnitKind): { waiting: number; inFlight: number; bytes: number; dropped: number } {
    const l = this.lanes.get(kind)!;
    return { waiting: l.length, inFlight: l.inFlight, bytes: l.bytes, dropped: l.dropped };
  }

  /** True when a unit of `kind` goes in a `units` batch on `carrier` now. */
  batching(kind: UnitKind, carrier: UnitCarrier | null): boolean {
    if (kind === 'jpeg' && this.current.jpegUnits !== true) return false;
    return this.current.units === true && carrier?.sendUnits !== undefined;
  }

  /** True when a JPEG goes as a `jpeg` unit (alone or batched) on `carrier`, not as a `frame` event. */
  jpegAsUnit(carrier: UnitCarrier | null): boolean {
    return this.current.jpegUnits === true && (this.batching('jpeg', carrier) || carrier?.sendJpeg !== undefined);
  }

  /** Sends one unit now on `carrier`: in a batch while it batches, else by the kind's own event. */
  carry<K extends UnitKind>(kind: K, meta: UnitMetas[K], data: Uint8Array, carrier = this.host.carrier()): Promise<SendResult> {
    if (!carrier?.ready()) return notConnected();
    const stamped = this.stamp(carrier, meta);
    if (this.batching(kind, carrier)) return this.batcher.add({ kind, meta: stamped, data } as UnitToSend);
    const one = { kind, meta: stamped, data } as UnitToSend;
    switch (one.kind) {
      case 'h264':
        return carrier.sendH264?.(one.meta, data) ?? notConnected();
      case 'h264-rung':
        return carrier.sendH264Rung?.(one.meta, data) ?? notConnected();
      case 'aac':
        return carrier.sendAac?.(one.meta, data) ?? notConnected();
      case 'jpeg':
        return carrier.sendJpeg?.(one.meta, data) ?? notConnected();
      // Verdicts have no event of their own: a batch of one (#39).
      case 'detections':
        return carrier.sendUnits?.([one]).then((reply) => unitResult(reply, 0)) ?? notConnected();
    }
  }

  /**
   * The engine tells of the connection's news: units waiting (lanes and batcher) are lost with it, and the feeds send
   * them again; the JPEG waiting stays, for the fallback or the next connection (newest wins there anyway).
   */
  connection(up: boolean): void {
    if (up) return;
    this.current = NO_DEMAND;
    this.clear({ ok: false, error: 'NETWORK', message: 'disconnected before the batch went' }, ['jpeg']);
  }

  /** Every waiting unit but those of `keep` settles with `result` (the connection went, the engine closes). */
  clear(result: SendResult, keep: readonly UnitKind[] = []): void {
    for (const lane of this.lanes.values()) if (!keep.includes(lane.kind)) lane.clear(result);
    this.batcher.dropAll(result);
  }

  private enqueue<K extends UnitKind>(kind: K, meta: UnitMetas[K], data: Uint8Array, settle: (result: SendResult) => void): void {
    this.lanes.get(kind)!.put({ kind, meta, data, settle } as UplinkItem);
    this.pump();
  }

  private pump(): void {
    for (const lane of this.lanes.values()) {
      for (let item = lane.take(); item !== null; item = lane.take()) this.start(lane, item);
    }
  }

  private start(lane: UplinkLane, item: UplinkItem): void {
    const { kind, meta, data } = item;
    const going = kind === 'jpeg' && this.host.sendJpeg ? this.host.sendJpeg(meta as UnitMetas['jpeg'], data) : this.carry(kind, meta, data);
    const settled = (result: SendResult) => {
      lane.done(item);
      item.settle(result);
      this.pump();
    };
    // Senders settle, never reject; a throw is a bug, answered as a lost send so no unit is stranded.
    going.then(settled, (err: Error) => settled({ ok: false, error: 'NETWORK', message: err.message }));
  }

  private stamp<M extends { session?: string; clockOffset?: number }>(carrier: UnitCarrier, meta: M): M {
    const offset = this.host.syncClock ? carrier.clockOffset() : null;
    const stamped: M = { ...meta, session: this.host.session };
    if (offset !== null) stamped.clockOffset = Math.round(offset);
    return stamped;
  }
}

function notConnected(): Promise<SendResult> {
  return Promise.resolve({ ok: false, error: 'NETWORK', message: 'not connected' });
}
