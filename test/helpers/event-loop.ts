/**
 * The relay's worst event-loop delay from its `/metrics`, as the delay the loop added. The histogram
 * behind `camrelay_nodejs_eventloop_lag_max_seconds` records each sample as the whole time between two
 * timer firings, the 100 ms sampling interval included (server/metrics/metrics.ts), so an idle relay reads
 * about 100 ms: the interval is taken off here. prom-client resets the histogram at each scrape, so
 * each call gives the worst delay since the one before.
 */
import { EVENT_LOOP_SAMPLE_MS } from '../../server/metrics/metrics.js';

export async function worstLoopDelayMs(url: string, headers: Record<string, string>): Promise<number> {
  const text = await (await fetch(`${url}/metrics`, { headers })).text();
  const max = /^camrelay_nodejs_eventloop_lag_max_seconds (\S+)$/m.exec(text)?.[1];
  if (max === undefined) throw new Error('no camrelay_nodejs_eventloop_lag_max_seconds in /metrics');
  return Math.max(0, Number(max) * 1000 - EVENT_LOOP_SAMPLE_MS);
}
