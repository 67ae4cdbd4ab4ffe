import { describe, expect, it } from 'vitest';
import type { SystemStatus } from '../../../shared/system.js';
import { clientsText, cpuText, diskText, entryWhen, formatDuration, parseSystem, retentionText } from '../../../dashboard/src/admin/system-data.js';

const GB = 1e9;
const disk = (over: Partial<SystemStatus['disk']['forecast']> = {}, rest: Partial<SystemStatus['disk']> = {}): SystemStatus['disk'] => ({
  recordingsBytes: 3.2 * GB,
  freeBytes: 41 * GB,
  totalBytes: 100 * GB,
  forecast: { bytesPerDay: 4 * GB, daysFit: 11, retentionDays: 7, floorBytes: 1.07 * GB, ...over },
  ...rest,
});

describe('diskText', () => {
  it('says what recordings use, what is free and how many days fit at today’s rate', () => {
    expect(diskText(disk())).toBe("Disk: 3.2 GB used by recordings, 41 GB free — at today's rate (4 GB a day), 11 days fit");
  });

  it('leaves the forecast out without a rate, and says so of no recordings and an unknown free space', () => {
    expect(diskText(disk({ bytesPerDay: null, daysFit: null }, { recordingsBytes: 0, freeBytes: null }))).toBe('Disk: no recordings yet, free space unknown');
  });
});

describe('retentionText', () => {
  it('says whether the retention fits, and what goes when it does not', () => {
    expect(retentionText(disk())).toBe('Recordings are kept 7 days, and they fit.');
    expect(retentionText(disk({ retentionDays: 30 }))).toBe(
      'Recordings are kept 30 days, but only 11 fit: the oldest go first once free space falls to 1.1 GB.',
    );
    expect(retentionText(disk({ retentionDays: 0 }))).toBe(
      'Recordings are kept until the disk needs room: the oldest go first once free space falls to 1.1 GB.',
    );
  });

  it('says when no camera records, and when too little is recorded to tell', () => {
    expect(retentionText(disk({ retentionDays: null }))).toBe('No camera records, so nothing fills the disk.');
    expect(retentionText(disk({ bytesPerDay: null, daysFit: null }))).toMatch(/^Too little is recorded yet/);
  });
});

describe('the facts in words', () => {
  it('formats uptime with its two largest units', () => {
    expect([40, 420, 5 * 3600 + 12 * 60, 3 * 86_400 + 4 * 3600, 86_400].map(formatDuration)).toEqual(['40 s', '7 min', '5 h 12 min', '3 days 4 h', '1 day']);
  });

  it('says CPU in % of one core over its interval, and who is connected', () => {
    expect(cpuText({ percent: 3.46, overMs: 10_000 })).toBe('3.5% of one core over the last 10 s');
    expect(cpuText({ percent: 143.2, overMs: 0 })).toBe('143% of one core');
    expect(clientsText({ capture: 1, viewers: 3 })).toBe('1 capture client sending, 3 viewers watching');
  });

  it('says when a repeated entry came and how many times', () => {
    const e = { time: 1, lastTime: 2, count: 37, level: 'warn', code: 'X', module: null, message: 'm', detail: null } as const;
    expect(entryWhen(e, (ms) => `t${ms}`)).toBe('t1 to t2, 37 times');
    expect(entryWhen({ ...e, count: 1 }, (ms) => `t${ms}`)).toBe('t1');
  });
});

describe('parseSystem', () => {
  it('reads the answer field by field and drops log entries it cannot read', () => {
    const s = parseSystem({
      ok: true,
      system: {
        version: '1.2.3',
        node: 'v20',
        uptimeS: 5,
        cpu: { percent: 1 },
        disk: { forecast: {} },
        log: [{ level: 'warn', time: 5, code: 'A', message: 'm' }, { level: 'nope' }],
      },
    });
    expect(s).toMatchObject({
      version: '1.2.3',
      memory: { rssBytes: 0 },
      disk: { freeBytes: null, forecast: { daysFit: null } },
      clients: { capture: 0, viewers: 0 },
    });
    expect(s!.log).toEqual([{ time: 5, lastTime: 5, count: 1, level: 'warn', code: 'A', module: null, message: 'm', detail: null }]);
    expect(parseSystem({ error: 'FORBIDDEN' })).toBeNull();
  });
});
