import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { OffsiteOverview } from '../../../shared/offsite-admin.js';
import { costLine, OFFSITE_SNIPPET, parseOffsiteOverview, queueLine, settingsLines } from '../../../dashboard/src/admin/offsite-data.js';

const doc = readFileSync(new URL('../../../docs/offsite.md', import.meta.url), 'utf8');
const MB = 1024 * 1024;

const overview = (o: Partial<OffsiteOverview> = {}): OffsiteOverview => ({
  settings: {
    remote: 'evidence:camrelay',
    rcloneConfig: '/etc/camrelay/rclone.conf',
    cameras: null,
    what: 'both',
    maxMbPerDay: 500,
    bwlimit: null,
    parallel: 1,
    queueEvents: 500,
  },
  problem: null,
  waiting: { queued: 0, copying: 0, failed: 0, held: 0 },
  counts: { copied: 0, failures: 0, dropped: 0, gaveUp: 0, bytes: 0 },
  bytesToday: 0,
  recent: [],
  ...o,
});

describe('OFFSITE_SNIPPET', () => {
  it('is the config docs/offsite.md prints, the one test/docs/offsite.test.ts runs on a relay', () => {
    // The same pick as test/docs/offsite.test.ts: the first json block that sets offsite.
    const blocks = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]!.trim());
    expect(blocks.filter((b) => b.includes('"offsite"'))[0]).toBe(OFFSITE_SNIPPET);
  });
});

describe('parseOffsiteOverview', () => {
  it('reads the answer, off or on, and refuses one of another shape', () => {
    expect(parseOffsiteOverview(overview())).toEqual(overview());
    expect(parseOffsiteOverview(overview({ settings: null }))!.settings).toBeNull();
    expect(parseOffsiteOverview({ recent: [] })).toBeNull();
    expect(parseOffsiteOverview(null)).toBeNull();
    const recent = [
      { camera: 'door', id: '1', status: { state: 'lost', at: 1 } },
      { camera: 'door', id: '2', status: { state: 'copied', at: 2 } },
    ];
    expect(parseOffsiteOverview({ ...overview(), recent })!.recent.map((r) => r.id)).toEqual(['2']);
  });
});

describe('the lines of what is set', () => {
  it('say the remote, what is copied from which cameras, the cap with today, and the rate', () => {
    const lines = Object.fromEntries(settingsLines(overview({ bytesToday: 12.34 * MB }), (id) => id));
    expect(lines['offsite-remote']).toBe('Remote: evidence:camrelay (rclone.conf: /etc/camrelay/rclone.conf; its passwords stay in that file)');
    expect(lines['offsite-what']).toBe('Copied: each motion event’s snapshot and clip, from every camera');
    expect(lines['offsite-cap']).toBe('Daily cap: 500 MB (12.3 MB sent today, UTC)');
    expect(lines['offsite-bwlimit']).toBe('Upload rate: as fast as the link allows (no bwlimit)');
    const other = overview();
    other.settings = { ...other.settings!, cameras: ['door'], what: 'clip', maxMbPerDay: 0, bwlimit: '1M' };
    const more = Object.fromEntries(settingsLines(other, () => 'Front door'));
    expect(more['offsite-what']).toBe('Copied: each motion event’s clip only, from Front door');
    expect(more['offsite-cap']).toBe('Daily cap: none (0 MB sent today, UTC)');
    expect(more['offsite-bwlimit']).toBe('Upload rate: at most 1M (rclone’s --bwlimit)');
  });

  it('say what waits in the queue', () => {
    expect(queueLine(overview())).toBe('Queue: nothing waiting.');
    expect(queueLine(overview({ waiting: { queued: 2, copying: 1, failed: 1, held: 0 } }))).toBe(
      'Queue: 1 copying, 2 queued, 1 failed, to be tried again (at most 500 wait).',
    );
  });

  it('say what the copies cost since the start, and what went wrong', () => {
    expect(costLine(overview({ counts: { copied: 4, failures: 1, dropped: 0, gaveUp: 0, bytes: 10 * MB } }))).toBe(
      'Since the relay started: 4 events copied, 10 MB uploaded, about 2.5 MB an event; 1 try failed. Clips are cut by copy (not encoded again), one event at a time: the cost is the upload.',
    );
    expect(costLine(overview())).toMatch(/^Since the relay started: 0 events copied, 0 MB uploaded\. /);
    // A small copy reads as what it is, not as none.
    expect(costLine(overview({ counts: { copied: 1, failures: 0, dropped: 0, gaveUp: 0, bytes: 30_000 } }))).toMatch(
      /^Since the relay started: 1 event copied, 30 kB uploaded, about 30 kB an event\. /,
    );
  });
});
