/** `GET /api/admin/offsite` (#42): the off-site copies' settings, queue and recent results, read-only (docs/offsite.md). */
import type { OffsiteStatus } from './events.js';

/** One event's copy, newest first in `recent`. */
export interface OffsiteCopy {
  camera: string;
  /** The event's id (its start in ms). */
  id: string;
  status: OffsiteStatus;
}

export interface OffsiteSettingsView {
  /** `name:path` on the user's rclone.conf; the remote's password stays in that file, never shown. */
  remote: string;
  /** The rclone.conf path (never its contents); null: rclone's own default file. */
  rcloneConfig: string | null;
  /** Camera ids copied; null: every camera. */
  cameras: string[] | null;
  what: 'snapshot' | 'clip' | 'both';
  /** MB per UTC day; 0: no cap. */
  maxMbPerDay: number;
  bwlimit: string | null;
  parallel: number;
  queueEvents: number;
}

export interface OffsiteOverview {
  /** null: `offsite` is not set (config file, CAMRELAY_OFFSITE, --offsite). */
  settings: OffsiteSettingsView | null;
  /** Why nothing can be copied (rclone missing), or null. */
  problem: string | null;
  waiting: Record<'queued' | 'copying' | 'failed' | 'held', number>;
  /** Since the relay started. */
  counts: { copied: number; failures: number; dropped: number; gaveUp: number; bytes: number };
  bytesToday: number;
  /** The newest copies' statuses, at most OFFSITE_RECENT. */
  recent: OffsiteCopy[];
}

/** How many of the newest copies the overview lists. */
export const OFFSITE_RECENT = 10;
