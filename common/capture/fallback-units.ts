/**
 * Media units by the fallback (#38): while the connection (Socket.IO) is down and the fallback's answers (HTTP POST)
 * carry the relay's demand, the H.264 link's batches go by the fallback, and the demand they carry is the engine's, as
 * the connection's would be. The connection wins whenever it is up: a late answer of the fallback then changes nothing.
 * A batch lost on the fallback ends its turn (the demand with it, as a dropped connection's), so the units not answered
 * go again from the next answer on.
 */
import { NO_DEMAND, type CaptureDemand } from '../../shared/demand.js';
import type { DemandRungs } from './demand-rungs.js';
import type { H264Link } from './h264-link.js';
import type { ConnectionSender, UnitCarrier } from './sender.js';

/** A sender's news, as far as units are concerned. */
export interface UnitNews {
  type: string;
  demand?: CaptureDemand;
  via?: string;
}

export interface FallbackUnitsOptions {
  connection: () => ConnectionSender | null;
  fallback: () => UnitCarrier | null;
  link: () => H264Link;
  rungs: () => DemandRungs;
}

const sameDemand = (a: CaptureDemand, b: CaptureDemand) => JSON.stringify(a) === JSON.stringify(b);

export class FallbackUnits {
  /** True from the fallback's first demand while the connection is down, until the connection or a lost batch ends it. */
  private active = false;

  constructor(private readonly o: FallbackUnitsOptions) {}

  /** What carries units now: the connection while it is up, else the fallback during its turn, else nothing. */
  carrier(): UnitCarrier | null {
    const connection = this.o.connection();
    if (connection?.ready()) return connection;
    return this.active ? this.o.fallback() : null;
  }

  /** Reads a sender's news; true when it was the fallback's, and so is not the connection's to act on. */
  news(e: UnitNews): boolean {
    // The connection's own news (it connected, it dropped) ends the fallback's turn; the engine acts on it as before.
    if (e.type === 'connected' || e.type === 'disconnected') this.active = false;
    if (e.via !== 'http') return false;
    if (this.o.connection()?.ready()) return true;
    const link = this.o.link();
    const rungs = this.o.rungs();
    if (e.type === 'lost' && this.active) {
      this.active = false;
      link.connection(false);
      rungs.set(NO_DEMAND);
    }
    if (e.type === 'demand' && e.demand) {
      if (!this.active) {
        this.active = true;
        link.connection(true);
      }
      if (sameDemand(e.demand, rungs.demand)) return true;
      rungs.set(e.demand);
      link.demand(e.demand);
    }
    return true;
  }
}
