/** FallbackUnits with the engine's real H264Link and DemandRungs and fake senders: which way units go, and whose demand counts. */
import { describe, expect, it } from 'vitest';
import { DemandRungs } from '../../../common/capture/demand-rungs.js';
import { FallbackUnits } from '../../../common/capture/fallback-units.js';
import { H264Link } from '../../../common/capture/h264-link.js';
import type { ConnectionSender, UnitCarrier } from '../../../common/capture/sender.js';
import { NO_DEMAND, type CaptureDemand } from '../../../shared/demand.js';

const ASKS: CaptureDemand = { h264: true, widths: [], units: true, h264Live: true };

function setUp() {
  let connected = false;
  const connection = { ready: () => connected, clockOffset: () => null } as unknown as ConnectionSender;
  const fallback: UnitCarrier = { ready: () => true, clockOffset: () => null, sendUnits: () => Promise.resolve({ ok: true, acks: [] }) };
  const ups: boolean[] = [];
  const parts: { link?: H264Link; rungs?: DemandRungs } = {};
  const units = new FallbackUnits({ connection: () => connection, fallback: () => fallback, link: () => parts.link!, rungs: () => parts.rungs! });
  parts.link = new H264Link({ carrier: () => units.carrier(), session: 's', syncClock: false });
  parts.rungs = new DemandRungs({ carrier: () => connection, syncClock: false, closed: () => false });
  parts.link.onConnection((up) => ups.push(up));
  return { units, connection, fallback, ups, rungs: parts.rungs, link: parts.link, connect: (up: boolean) => (connected = up) };
}

describe('FallbackUnits', () => {
  it("sends units by the fallback once its answer carries a demand while the connection is down, and makes that demand the engine's", () => {
    const { units, fallback, ups, rungs, link } = setUp();
    expect(units.carrier()).toBeNull();
    expect(units.news({ type: 'demand', demand: ASKS, via: 'http' })).toBe(true);
    expect(units.carrier()).toBe(fallback);
    expect(ups).toEqual([true]);
    expect(rungs.demand).toEqual(ASKS);
    expect(link.inFlightMax()).toBe(32);
    // Every answer carries the demand: the same one again is no news.
    units.news({ type: 'demand', demand: { ...ASKS }, via: 'http' });
    expect(ups).toEqual([true]);
  });

  it("ends the fallback's turn on a lost batch (the demand with it) until an answer comes again", () => {
    const { units, fallback, ups, rungs } = setUp();
    units.news({ type: 'demand', demand: ASKS, via: 'http' });
    units.news({ type: 'lost', via: 'http' });
    expect(units.carrier()).toBeNull();
    expect(rungs.demand).toBe(NO_DEMAND);
    units.news({ type: 'demand', demand: ASKS, via: 'http' });
    expect(units.carrier()).toBe(fallback);
    expect(ups).toEqual([true, false, true]);
    expect(rungs.demand).toEqual(ASKS);
  });

  it("lets the connection win while it is up: a late answer of the fallback changes nothing, and the connection's news is the engine's", () => {
    const { units, connection, ups, rungs, connect } = setUp();
    units.news({ type: 'demand', demand: ASKS, via: 'http' });
    connect(true);
    expect(units.news({ type: 'connected' })).toBe(false);
    expect(units.carrier()).toBe(connection);
    rungs.set({ h264: false, widths: [320] });
    expect(units.news({ type: 'demand', demand: ASKS, via: 'http' })).toBe(true);
    expect(rungs.demand).toEqual({ h264: false, widths: [320] });
    // Down again: no fallback turn until the fallback hears a demand anew.
    connect(false);
    units.news({ type: 'disconnected' });
    expect(units.carrier()).toBeNull();
    expect(ups).toEqual([true]);
  });
});
