/**
 * `cluster` (CAMRELAY_REDIS_URL): nodes share the camera list through the Socket.IO Redis adapter
 * and frames through Redis pub/sub (start-cluster.ts). Without the setting nothing about Redis is
 * loaded and the module offers no cluster.
 */
import type { Attached, Module } from '../modules/module.js';
import { clusterSettings, type ClusterSettings } from './settings.js';
import type { Cluster } from './start-cluster.js';

export interface ClusterAttached extends Attached {
  /** Cluster mode only; null on a node of its own. */
  cluster: Cluster | null;
}

declare module '../modules/module.js' {
  interface Provided {
    cluster: ClusterAttached;
  }
}

export const cluster: Module<'cluster', ClusterSettings> & { settings: typeof clusterSettings } = {
  name: 'cluster',
  // The camera list rides Socket.IO's Redis adapter, set here before any connection arrives.
  needs: ['socketio'],
  settings: clusterSettings,
  async attach(ctx) {
    const { redisUrl, offlineAfterMs, forgetAfterMs } = ctx.config;
    if (!redisUrl) return { cluster: null, close() {} };
    const { startCluster } = await import('./start-cluster.js');
    const cluster = await startCluster({ url: redisUrl, offlineAfterMs, forgetAfterMs }, ctx.relay, ctx.provided.need('socketio').io, ctx.log);
    // The node is not ready while Redis is away: /readyz and `time` say so.
    ctx.readiness.cluster = () => cluster.state();
    return { cluster, close: () => cluster.close() };
  },
};

export type { Cluster, ClusterState } from './start-cluster.js';
