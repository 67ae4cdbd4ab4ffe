/**
 * `metrics`: Prometheus series on a registry of this server's own (metrics.ts): the relay's frame
 * counts through the core's observers, every module's own series (registered as each is attached),
 * and `GET /metrics` for the metrics token or a signed-in admin.
 */
import type { Attached, Module } from '../modules/module.js';
import { attachMetrics, Metrics } from './metrics.js';

declare module '../modules/module.js' {
  interface Provided {
    metrics: Attached & { prometheus: Metrics };
  }
}

export const metrics: Module<'metrics'> = {
  name: 'metrics',
  // Before the modules whose series it registers; its route answers a signed-in admin.
  needs: ['auth'],
  attach(ctx) {
    const relay = ctx.relay;
    // The gauges read the relay's state at scrape time; the counters hear of frames as one of its observers.
    const m = new Metrics({
      cameras: () => relay.cameras.listLocal(),
      viewers: () => relay.viewerLoad(),
      renditions: () => relay.renditions.counts(),
      liveH264: () => relay.cameraSide.live,
    });
    ctx.observers.add(m);
    ctx.provided.each((offer) => offer.metrics?.(m.registry));
    attachMetrics(ctx.app, m, ctx.config.metricsToken, ctx.auth);
    return { prometheus: m, close() {} };
  },
};
