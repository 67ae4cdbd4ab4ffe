/** Cluster's settings section: the Redis that nodes share cameras, frames and sessions through. */
import type { SettingsSection } from '../config/settings.js';

const defaults = {
  /** Unset: one node on its own, and nothing about Redis is loaded. */
  redisUrl: undefined as string | undefined,
};

export type ClusterSettings = typeof defaults;

export const clusterSettings: SettingsSection<ClusterSettings> = {
  defaults,
  settings: [
    {
      key: 'redisUrl',
      env: 'CAMRELAY_REDIS_URL',
      flag: 'redis-url',
      kind: 'string',
      help: 'cluster mode: share cameras and frames with other nodes through this Redis (redis://host:6379)',
    },
  ],
};
