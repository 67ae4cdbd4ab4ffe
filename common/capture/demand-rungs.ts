/**
 * What the relay demands of this camera (H.264, JPEG widths) and the smaller JPEGs made for those
 * widths: each width its own newest-wins pacer with one send in flight, so a rung never waits on the
 * full frame, sent by the connection only (the demand came by it). Its own file because rungs follow
 * the demand and nothing else: the engine's picker, fallback and upgrade are for full frames.
 */
import type { CaptureFrameMeta } from '../../shared/protocol.js';
import { NO_DEMAND, type CaptureDemand } from '../../shared/demand.js';
import { Pacer } from './pacer.js';
import type { ConnectionSender } from './sender.js';

export interface DemandRungsOptions {
  /** The connection sender, when there is one. */
  carrier: () => ConnectionSender | null;
  /** Stamp the clock offset on each rung (the engine's `syncClock`). */
  syncClock: boolean;
  closed: () => boolean;
  /** How a rung leaves by the connection (the engine's: a `jpeg` unit where the relay takes them, #56); default its `frame` event. */
  send?: (carrier: ConnectionSender, meta: CaptureFrameMeta, jpeg: Uint8Array) => Promise<unknown>;
}

export class DemandRungs {
  private current: CaptureDemand = NO_DEMAND;
  private readonly listeners = new Set<(demand: CaptureDemand) => void>();
  private readonly pacers = new Map<number, Pacer<{ meta: CaptureFrameMeta; jpeg: Uint8Array }>>();

  constructor(private readonly o: DemandRungsOptions) {}

  /** What the relay asks of this camera now (NO_DEMAND until it says, and while disconnected). */
  get demand(): CaptureDemand {
    return this.current;
  }

  /** Hears each new demand: start and stop making what it asks (H.264, JPEG widths). */
  onDemand(listener: (demand: CaptureDemand) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A new demand: the pacers of widths no longer asked for are let go, then the listeners told. */
  set(demand: CaptureDemand): void {
    this.current = demand;
    for (const [width, pacer] of this.pacers) {
      if (demand.widths.includes(width)) continue;
      pacer.clear();
      this.pacers.delete(width);
    }
    for (const l of this.listeners) l(demand);
  }

  /** One numbered frame at width `rung`: sent only while that width is demanded, newest wins. */
  send(rung: number, meta: CaptureFrameMeta, jpeg: Uint8Array): void {
    if (!this.current.widths.includes(rung)) return;
    meta.rung = rung;
    let pacer = this.pacers.get(rung);
    if (!pacer) this.pacers.set(rung, (pacer = new Pacer(1, (p) => this.transmit(p.meta, p.jpeg))));
    pacer.push({ meta, jpeg });
  }

  clear(): void {
    for (const pacer of this.pacers.values()) pacer.clear();
  }

  /** Rungs go by the connection only; one refused (the demand just changed) is simply not shown. */
  private async transmit(meta: CaptureFrameMeta, jpeg: Uint8Array): Promise<void> {
    const carrier = this.o.carrier();
    if (!carrier?.ready() || this.o.closed() || !this.current.widths.includes(meta.rung!)) return;
    const offset = this.o.syncClock ? carrier.clockOffset() : null;
    if (offset !== null) meta.clockOffset = Math.round(offset);
    await (this.o.send ? this.o.send(carrier, meta, jpeg) : carrier.send(meta, jpeg));
  }
}
