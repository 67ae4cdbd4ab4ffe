import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CopyQueue } from '../../../server/offsite/copy-queue.js';
import { DETAIL_MAX, offsiteOverview } from '../../../server/offsite/overview.js';
import { parseOffsite } from '../../../server/offsite/settings.js';

const T0 = Date.UTC(2026, 10, 24, 10, 0, 0);
const config = (text: string) => {
  const parsed = parseOffsite(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
};

describe('offsiteOverview', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
  });
  afterEach(() => vi.useRealTimers());

  it('says off (settings null) with every count zero when offsite is not set', () => {
    const o = offsiteOverview(null, null, null);
    expect(o.settings).toBeNull();
    expect(o.waiting).toEqual({ queued: 0, copying: 0, failed: 0, held: 0 });
    expect(o.recent).toEqual([]);
  });

  it('gives the settings with their defaults, the counts, and the newest copies first with their details cut to DETAIL_MAX', async () => {
    const outcomes = [
      { kind: 'copied' as const, bytes: 3 * 1024 * 1024 },
      { kind: 'failed' as const, error: `refused ${'x'.repeat(DETAIL_MAX)}` },
    ];
    const queue = new CopyQueue({ copy: async () => outcomes.shift()!, save: () => {}, maxWaiting: 500, parallel: 1, capBytes: 0 });
    queue.add('door', '1', T0 - 5000, T0 - 4000);
    await vi.advanceTimersByTimeAsync(1000);
    queue.add('yard', '2', T0 - 3000, T0 - 2000);
    await vi.advanceTimersByTimeAsync(0);
    const o = offsiteOverview(config('{"remote":"evidence:camrelay","maxMbPerDay":500}'), queue, null);
    expect(o.settings).toEqual({
      remote: 'evidence:camrelay',
      rcloneConfig: null,
      cameras: null,
      what: 'both',
      maxMbPerDay: 500,
      bwlimit: null,
      parallel: 1,
      queueEvents: 500,
    });
    expect(o.counts).toMatchObject({ copied: 1, failures: 1, bytes: 3 * 1024 * 1024 });
    expect(o.bytesToday).toBe(3 * 1024 * 1024);
    expect(o.waiting.failed).toBe(1);
    expect(o.recent.map((c) => [c.camera, c.status.state])).toEqual([
      ['yard', 'failed'],
      ['door', 'copied'],
    ]);
    expect(o.recent[0]!.status.detail).toHaveLength(DETAIL_MAX);
    queue.close();
  });

  it('names the rclone.conf file and never holds more of it than its path', () => {
    const queue = new CopyQueue({ copy: async () => ({ kind: 'copied', bytes: 1 }), save: () => {}, maxWaiting: 5, parallel: 1, capBytes: 0 });
    const o = offsiteOverview(config('{"remote":"evidence:cams","rcloneConfig":"/etc/camrelay/rclone.conf","bwlimit":"1M"}'), queue, 'rclone is not installed');
    expect(o.settings).toMatchObject({ rcloneConfig: '/etc/camrelay/rclone.conf', bwlimit: '1M' });
    expect(o.problem).toBe('rclone is not installed');
    expect(Object.keys(o.settings!).sort()).toEqual(['bwlimit', 'cameras', 'maxMbPerDay', 'parallel', 'queueEvents', 'rcloneConfig', 'remote', 'what']);
    queue.close();
  });
});
