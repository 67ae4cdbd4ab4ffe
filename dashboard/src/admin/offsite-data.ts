/**
 * The Off-site section's words (#42), pure: what is set (remote, cameras, what is copied, cap, rate), the queue, the
 * newest copies in the events page's words, and what it costs; when off, the config that turns it on, as
 * docs/offsite.md prints it (test/dashboard/admin/offsite-data.test.ts holds the two to the same text).
 */
import type { OffsiteStatus } from '../../../shared/events.js';
import type { OffsiteCopy, OffsiteOverview } from '../../../shared/offsite-admin.js';

/** docs/offsite.md's config, whose offsite object test/docs/offsite.test.ts runs on a real relay. */
export const OFFSITE_SNIPPET = `{
  "recording": { "defaults": { "mode": "motion" } },
  "offsite": { "remote": "evidence:camrelay", "rcloneConfig": "/etc/camrelay/rclone.conf", "maxMbPerDay": 500 }
}`;

const STATES = ['queued', 'copying', 'copied', 'failed', 'held'];

/** MB as the settings count them (2^20 bytes), one decimal; under 0.1 MB in kB, so a small copy does not read as none. */
export const mb = (bytes: number): string => (bytes > 0 && bytes < 104858 ? `${Math.ceil(bytes / 1024)} kB` : `${Math.round((bytes / 1048576) * 10) / 10} MB`);

const isStatus = (s: unknown): s is OffsiteStatus =>
  typeof s === 'object' && s !== null && STATES.includes((s as OffsiteStatus).state) && typeof (s as OffsiteStatus).at === 'number';
const count = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);

/** The answer of `/api/admin/offsite` if it has the shape read here; else null (said as an error). */
export function parseOffsiteOverview(value: unknown): OffsiteOverview | null {
  const v = value as Partial<OffsiteOverview> | null;
  if (!v || typeof v !== 'object' || !('settings' in v) || !Array.isArray(v.recent) || typeof v.waiting !== 'object' || typeof v.counts !== 'object')
    return null;
  const s = v.settings;
  if (s !== null && (typeof s !== 'object' || typeof s.remote !== 'string')) return null;
  const w = v.waiting ?? ({} as OffsiteOverview['waiting']);
  const c = v.counts ?? ({} as OffsiteOverview['counts']);
  return {
    settings: s ?? null,
    problem: typeof v.problem === 'string' ? v.problem : null,
    waiting: { queued: count(w.queued), copying: count(w.copying), failed: count(w.failed), held: count(w.held) },
    counts: { copied: count(c.copied), failures: count(c.failures), dropped: count(c.dropped), gaveUp: count(c.gaveUp), bytes: count(c.bytes) },
    bytesToday: count(v.bytesToday),
    recent: v.recent.filter((r): r is OffsiteCopy => typeof r?.camera === 'string' && typeof r.id === 'string' && isStatus(r.status)),
  };
}

const WHAT = { both: 'snapshot and clip', snapshot: 'snapshot only', clip: 'clip only' } as const;

/** The lines of what is set, each `[testid, words]`. */
export function settingsLines(o: OffsiteOverview, nameOf: (id: string) => string): Array<[string, string]> {
  const s = o.settings!;
  const cameras = s.cameras ? s.cameras.map(nameOf).join(', ') : 'every camera';
  return [
    ['offsite-remote', `Remote: ${s.remote} (rclone.conf: ${s.rcloneConfig ?? 'rclone’s own default file'}; its passwords stay in that file)`],
    ['offsite-what', `Copied: each motion event’s ${WHAT[s.what]}, from ${cameras}`],
    [
      'offsite-cap',
      s.maxMbPerDay > 0 ? `Daily cap: ${s.maxMbPerDay} MB (${mb(o.bytesToday)} sent today, UTC)` : `Daily cap: none (${mb(o.bytesToday)} sent today, UTC)`,
    ],
    ['offsite-bwlimit', s.bwlimit ? `Upload rate: at most ${s.bwlimit} (rclone’s --bwlimit)` : 'Upload rate: as fast as the link allows (no bwlimit)'],
  ];
}

/** The queue in one line: what waits, by state. */
export function queueLine(o: OffsiteOverview): string {
  const w = o.waiting;
  const parts = [
    w.copying ? `${w.copying} copying` : '',
    w.queued ? `${w.queued} queued` : '',
    w.failed ? `${w.failed} failed, to be tried again` : '',
    w.held ? `${w.held} held by the daily cap` : '',
  ].filter(Boolean);
  return parts.length ? `Queue: ${parts.join(', ')} (at most ${o.settings?.queueEvents ?? 500} wait).` : 'Queue: nothing waiting.';
}

/** Since the relay started: copies, failures, and the upload it cost. */
export function costLine(o: OffsiteOverview): string {
  const c = o.counts;
  const each = c.copied > 0 ? `, about ${mb(c.bytes / c.copied)} an event` : '';
  const trouble = [
    c.failures ? `${c.failures} ${c.failures === 1 ? 'try' : 'tries'} failed` : '',
    c.dropped ? `${c.dropped} dropped (queue full)` : '',
    c.gaveUp ? `${c.gaveUp} given up` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return `Since the relay started: ${c.copied} ${c.copied === 1 ? 'event' : 'events'} copied, ${mb(c.bytes)} uploaded${each}${trouble ? `; ${trouble}` : ''}. Clips are cut by copy (not encoded again), one event at a time${o.settings && o.settings.parallel > 1 ? ` (${o.settings.parallel} at once)` : ''}: the cost is the upload.`;
}
