/**
 * The settings page's Off-site section (#42) reads here what is set and how the copies went:
 * `GET /api/admin/offsite`, admins only, read-only (off-site is set in the config file, CAMRELAY_OFFSITE or
 * --offsite, and a restart applies a change). It names the rclone.conf file, never reads it: the remote's
 * password stays there.
 */
import type { Express, RequestHandler } from 'express';
import { OFFSITE_RECENT, type OffsiteOverview } from '../../shared/offsite-admin.js';
import type { CopyQueue } from './copy-queue.js';
import type { OffsiteConfig } from './settings.js';

/** A status's detail (rclone's last error line) is cut to this many characters. */
export const DETAIL_MAX = 300;

const NONE = { queued: 0, copying: 0, failed: 0, held: 0 };

/** The answer: the settings, the queue's counts and its newest copies; all zero and `settings: null` while off. */
export function offsiteOverview(config: OffsiteConfig | null, queue: CopyQueue | null, problem: string | null): OffsiteOverview {
  if (!config || !queue)
    return {
      settings: null,
      problem: null,
      waiting: { ...NONE },
      counts: { copied: 0, failures: 0, dropped: 0, gaveUp: 0, bytes: 0 },
      bytesToday: 0,
      recent: [],
    };
  return {
    settings: {
      remote: config.remote,
      rcloneConfig: config.rcloneConfig ?? null,
      cameras: config.cameras ?? null,
      what: config.what,
      maxMbPerDay: config.maxMbPerDay,
      bwlimit: config.bwlimit ?? null,
      parallel: config.parallel,
      queueEvents: config.queueEvents,
    },
    problem,
    waiting: queue.waiting(),
    counts: { ...queue.counts },
    bytesToday: queue.usedToday,
    recent: queue.recent(OFFSITE_RECENT).map((j) => ({
      camera: j.camera,
      id: j.id,
      status: j.status.detail === undefined ? { ...j.status } : { ...j.status, detail: j.status.detail.slice(0, DETAIL_MAX) },
    })),
  };
}

/** Registers the read-only route behind `guard` (a signed-in admin). */
export function offsiteRoute(app: Express, guard: RequestHandler[], overview: () => OffsiteOverview): void {
  app.get('/api/admin/offsite', ...guard, (_req, res) => {
    res.set('cache-control', 'no-store').json(overview());
  });
}
